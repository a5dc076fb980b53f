/**
 * Values across the bridge. ExternalInterface carries numbers, strings, booleans, null, arrays and plain objects
 * (platform notes); flashmesh objects travel as `{ __fm: handle }`, a Responder as `{ __fmResponder: n }`. Events'
 * info objects are plain, with their object fields (`info.group`) as handles.
 */
import type { PlayerContext } from "./PlayerContext.js";

/** A handle reference, as the SWF sends it. */
function handleIn(value: unknown): number | null {
  if (typeof value !== "object" || value === null) return null;
  const handle = (value as { __fm?: unknown }).__fm;
  return typeof handle === "number" ? handle : null;
}

/** Resolves `{ __fm: handle }` arguments to this context's objects; leaves other values alone. */
export function argumentsIn(context: PlayerContext, args: readonly unknown[]): unknown[] {
  return args.map((arg) => {
    const handle = handleIn(arg);
    if (handle === null) return arg;
    const object = context.objects.get(handle);
    if (object === undefined) throw new globalThis.TypeError(`flashmesh: no object with handle ${handle}`);
    return object;
  });
}

/** A value for the SWF: this context's objects become handles; bytes become arrays of numbers. */
export function valueOut(context: PlayerContext, value: unknown, depth = 0): unknown {
  if (value === null || value === undefined || typeof value !== "object") return value ?? null;
  const handle = context.handleOf(value);
  if (handle !== undefined) return { __fm: handle };
  if (value instanceof Uint8Array) return Array.from(value); // ExternalInterface has no ByteArray (platform notes)
  if (value instanceof Date) return value;
  if (depth > 64) return null;
  if (Array.isArray(value)) return value.map((item) => valueOut(context, item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = valueOut(context, item, depth + 1);
  return out;
}
