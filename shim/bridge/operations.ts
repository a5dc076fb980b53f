/**
 * What a SWF may ask of the page through the bridge, built from the class descriptors (classes/index.ts):
 * constructors (`"new Name"`) and statics (`"Name.static"`) on handle 0, and per class the AS3 members its
 * descriptor lists (nothing else of the TypeScript objects is reachable from a SWF). Each operation gets the context
 * and the already resolved arguments.
 */
import { stub } from "../../as3-api/stub.js";
import type { BridgeClass, StaticOperation } from "./BridgeClass.js";
import { BRIDGE_CLASSES } from "./classes/index.js";
import { valueOut } from "./marshal.js";
import type { PlayerContext, TwinAdopter } from "./PlayerContext.js";

/** The descriptor of each TypeScript class the bridge carries. */
const DESCRIPTORS = new Map<Function, BridgeClass>(BRIDGE_CLASSES.flatMap((descriptor) => (descriptor.type === null ? [] : [[descriptor.type, descriptor]])));

/**
 * Registers `twin` in `context` and wires it to its proxy (once); returns its handle. Used for the twins the SWF
 * constructs and for those the page hands it first.
 */
export function adopt(context: PlayerContext, twin: object): number {
  const known = context.handleOf(twin);
  if (known !== undefined) return known;
  const handle = context.register(twin);
  DESCRIPTORS.get(twin.constructor)?.wire?.(context, twin, handle);
  return handle;
}

/** Adoption of page-made twins, for {@link PlayerContext.twins}: only classes whose descriptor says how (`adoptArgs`). */
export const TWINS: TwinAdopter = {
  adopt: (context, object) => (DESCRIPTORS.get(object.constructor)?.adoptArgs === undefined ? undefined : adopt(context, object)),
  adoption: (context, object) => {
    const descriptor = DESCRIPTORS.get(object.constructor);
    if (descriptor?.adoptArgs === undefined) return null;
    return { name: descriptor.name, args: descriptor.adoptArgs(context, object) };
  },
};

function staticOperations(): Map<string, StaticOperation> {
  const operations = new Map<string, StaticOperation>([["stub", (_context, [name]) => stub(String(name))]]);
  for (const descriptor of BRIDGE_CLASSES) {
    const { construct } = descriptor;
    if (construct !== undefined) operations.set(`new ${descriptor.name}`, (context, args) => adopt(context, construct(context, args)));
    for (const [name, operation] of Object.entries(descriptor.statics ?? {})) operations.set(`${descriptor.name}.${name}`, operation);
  }
  return operations;
}

/** Operations on handle 0: constructors, statics, and `stub` (the proxies' way to report what is not implemented). */
export const STATIC_OPERATIONS: ReadonlyMap<string, StaticOperation> = staticOperations();

/** Runs `method` ("get x", "set x" or a method name) on `target`. */
export function memberOperation(context: PlayerContext, target: object, method: string, args: unknown[]): unknown {
  const descriptor = DESCRIPTORS.get(target.constructor);
  if (descriptor === undefined) throw new globalThis.TypeError(`flashmesh: ${target.constructor.name} has no bridge members`);
  const record = target as Record<string, unknown>;
  if (method.startsWith("get ")) {
    const name = method.slice(4);
    if (!(descriptor.getters ?? []).includes(name)) throw new globalThis.TypeError(`flashmesh: no getter ${name}`);
    return valueOut(context, record[name]);
  }
  if (method.startsWith("set ")) {
    const name = method.slice(4);
    if (!(descriptor.setters ?? []).includes(name)) throw new globalThis.TypeError(`flashmesh: no setter ${name}`);
    record[name] = args[0];
    return null;
  }
  if (!(descriptor.methods ?? []).includes(method)) throw new globalThis.TypeError(`flashmesh: no method ${method}`);
  const special = descriptor.special !== undefined && Object.hasOwn(descriptor.special, method) ? descriptor.special[method] : undefined;
  if (special !== undefined) return valueOut(context, special(context, target, args));
  return valueOut(context, (record[method] as (...a: unknown[]) => unknown).apply(target, args));
}
