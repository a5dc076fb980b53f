/**
 * Values across the bridge. ExternalInterface carries numbers, strings, booleans, null, arrays and plain objects
 * (platform notes); flashmesh objects travel as `{ __fm: handle }`, a Responder as `{ __fmResponder: n }`. Events'
 * info objects are plain, with their object fields (`info.group`) as handles. Application values (messages, relay
 * arguments) travel as the SWF's own AMF3: `{ __amf3: text, n: byteCount }` from the SWF, `{ __amf3: text }` to it
 * (byteText.ts), an {@link Amf3Bytes} on the page.
 */
import { Responder } from "../../as3-api/flash/net/Responder.js";
import { Amf3Bytes } from "../../as3-api/wire/amf3.js";
import { bytesFromSwfText, swfTextOf } from "./byteText.js";
import type { PlayerContext } from "./PlayerContext.js";

/** The AMF3 bytes a SWF sent, when `value` is that form. */
function payloadIn(value: unknown): Amf3Bytes | null {
  if (typeof value !== "object" || value === null || !("__amf3" in value)) return null;
  const { __amf3: text, n } = value as { __amf3?: unknown; n?: unknown };
  const bytes = bytesFromSwfText(text, n);
  if (bytes === null) throw new globalThis.TypeError("flashmesh: malformed AMF3 value from the SWF");
  return new Amf3Bytes(bytes);
}

/** A handle reference, as the SWF sends it. */
function handleIn(value: unknown): number | null {
  if (typeof value !== "object" || value === null) return null;
  const handle = (value as { __fm?: unknown }).__fm;
  return typeof handle === "number" ? handle : null;
}

/** Resolves `{ __fm: handle }` arguments to this context's objects; leaves other values alone. */
export function argumentsIn(context: PlayerContext, args: readonly unknown[]): unknown[] {
  return args.map((arg) => {
    const payload = payloadIn(arg);
    if (payload !== null) return payload;
    const handle = handleIn(arg);
    if (handle === null) return arg;
    const object = context.objects.get(handle);
    if (object === undefined) throw new globalThis.TypeError(`flashmesh: no object with handle ${handle}`);
    return object;
  });
}

/**
 * A value for the SWF: this context's objects become handles (page-made objects of a bridge class are adopted first,
 * and carry what the SWF needs to make their proxy: `__fmNew`, the class, and `__fmArgs`); bytes become arrays of
 * numbers.
 */
export function valueOut(context: PlayerContext, value: unknown, depth = 0): unknown {
  if (value === null || value === undefined || typeof value !== "object") return value ?? null;
  const handle = context.handleOf(value) ?? context.twins?.adopt(context, value);
  if (handle !== undefined) {
    const adoption = context.twins?.adoption(context, value) ?? null;
    if (adoption === null) return { __fm: handle };
    return { __fm: handle, __fmNew: adoption.name, __fmArgs: valueOut(context, adoption.args, depth + 1) };
  }
  if (value instanceof Amf3Bytes) return { __amf3: swfTextOf(value.bytes) };
  if (value instanceof Uint8Array) return Array.from(value); // ExternalInterface has no ByteArray (platform notes)
  if (value instanceof Date) return value;
  if (depth > 64) return null;
  if (Array.isArray(value)) return value.map((item) => valueOut(context, item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = valueOut(context, item, depth + 1);
  return out;
}

/** The page-side Responder for `{ __fmResponder: n }`: its answers go back to the SWF's Responder. */
export function responderFor(context: PlayerContext, value: unknown): Responder | null {
  const index = typeof value === "object" && value !== null ? (value as { __fmResponder?: unknown }).__fmResponder : undefined;
  if (typeof index !== "number") return null;
  return new Responder(
    (result) => void context.deliver("responder", index, "result", valueOut(context, result)),
    (info) => void context.deliver("responder", index, "status", valueOut(context, info)),
  );
}
