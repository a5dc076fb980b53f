/**
 * What the bridge knows of one redirected class, in one place: its AS3 name and package (the rewrite moves the SWF's
 * `package::Name` to the injected `flashmesh::Name`), how the SWF's `new Name(…)` makes the page-side twin and wires
 * its events back, its statics, and the AS3 members a SWF may reach (nothing else of the TypeScript object is
 * reachable). The operations table (operations.ts) and the redirect list (classes/index.ts) are built from these;
 * docs/architecture.md, "Adding a class to the bridge", says how a class joins.
 */
import type { PlayerContext } from "./PlayerContext.js";

/** A constructor or static, called on handle 0 with the already resolved arguments (marshal.ts). */
export type StaticOperation = (context: PlayerContext, args: unknown[]) => unknown;

/**
 * A member that needs more than "call it with the arguments, marshal the result back". Declared as a method, so a
 * descriptor of a particular class still fits the list of all descriptors (method parameters are bivariant).
 */
export type MemberOperation<T> = { operation(context: PlayerContext, target: T, args: unknown[]): unknown }["operation"];

/** Wires a registered twin to its proxy; a method type for the same reason as {@link MemberOperation}. */
export type Wiring<T> = { wire(context: PlayerContext, twin: T, handle: number): void }["wire"];

/** The arguments of a page-made twin's adoption; a method type for the same reason as {@link MemberOperation}. */
export type AdoptArguments<T> = { adoptArgs(context: PlayerContext, twin: T): unknown[] }["adoptArgs"];

/** A TypeScript class, as a key: its instances are this descriptor's objects. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClassOf<T> = abstract new (...args: any[]) => T;

export interface BridgeClass<T extends object = object> {
  /** The AS3 class name (`"NetGroup"`); the injected Haxe proxy has the same name in package `flashmesh`. */
  readonly name: string;
  /** The AS3 package a SWF finds the class in (`"flash.net"`). */
  readonly package: string;
  /**
   * Redirected only in SWFs another class made flashmesh's (true for Video: a SWF whose only such class is Video keeps
   * the player's own, FLV playback and all). Default false.
   */
  readonly follows?: boolean;
  /**
   * Member names the rewrite renames in a SWF's code once it is rewritten (`attachCamera` → `__fmAttachCamera`):
   * for player methods whose parameter is typed with a final player class this one stands in for (the player
   * rejects the proxy there, and rejects an override with another parameter type). shim/swf/redirect.ts, renameMembers.
   */
  readonly renames?: Readonly<Record<string, string>>;
  /** The TypeScript class of the page-side twins; null for a class that is redirected but has no twins (Responder). */
  readonly type: ClassOf<T> | null;
  /** `new Name(…args)` from the SWF (the `"new Name"` operation): the twin, before it is registered. */
  readonly construct?: (context: PlayerContext, args: unknown[]) => T;
  /**
   * Wires a registered twin to its proxy (its events, callbacks, clean-up), given its handle. Called for twins the SWF
   * made and for twins the page hands the SWF (an info object's `stream`, say), once per twin.
   */
  readonly wire?: Wiring<T>;
  /**
   * For twins the page makes (not the SWF): the arguments the SWF's `Name.__fmAdopt(handle, args)` gets to make
   * their proxy. Absent: the class's twins are always made by the SWF.
   */
  readonly adoptArgs?: AdoptArguments<T>;
  /** Statics by AS3 name: the SWF calls `"Name.static"` on handle 0. */
  readonly statics?: Readonly<Record<string, StaticOperation>>;
  /** Readable properties (`"get x"`), writable properties (`"set x"`), methods by AS3 name. */
  readonly getters?: readonly string[];
  readonly setters?: readonly string[];
  readonly methods?: readonly string[];
  /** Methods (listed in `methods` or not) whose arguments or result need their own marshalling. */
  readonly special?: Readonly<Record<string, MemberOperation<T>>>;
}

/** A descriptor, typed for its own class (so `construct`, `wire` and `special` see the right type). */
export function bridgeClass<T extends object>(descriptor: BridgeClass<T>): BridgeClass<T> {
  return descriptor;
}
