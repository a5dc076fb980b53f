/**
 * The page end of the bridge: `window.__flashmeshBridge.call(token, handle, method, args)`, which the injected
 * Bridge class calls through ExternalInterface (synchronously: the reply is the call's return value). Each rewritten
 * SWF has a token and a {@link PlayerContext}; handles are per context, so several players on one page never see
 * each other's objects. Errors come back as `{ e: { name, message, errorID } }` and the SWF throws them as the AS3
 * error of that name; results as `{ v }`.
 */
import { FlashError } from "../../as3-api/toplevel/FlashError.js";
import type { RewriteOutcome } from "../swf/rewrite.js";
import { argumentsIn } from "./marshal.js";
import { memberOperation, STATIC_OPERATIONS, TWINS } from "./operations.js";
import { PlayerContext } from "./PlayerContext.js";

/** The reply to one call. */
export type BridgeReply = { readonly v: unknown } | { readonly e: { readonly name: string; readonly message: string; readonly errorID: number } };

/** A SWF that went through flashmesh on its way into Ruffle. */
export interface SwfEvent {
  /** Its URL or file name. */
  readonly label: string;
  /** What the rewrite pass made of it (without the bytes' meaning changing: see RewriteOutcome). */
  readonly outcome: RewriteOutcome;
  /** The bridge context of a rewritten SWF. */
  readonly context: PlayerContext | null;
}

/** How often contexts of removed players are looked for, ms. */
const SWEEP_MS = 2000;

export class Bridge {
  readonly contexts = new Map<string, PlayerContext>();
  #sweeper: ReturnType<typeof setInterval> | null = null;
  readonly #swfListeners = new Set<(event: SwfEvent) => void>();
  readonly #objectListeners = new Set<(object: object, context: PlayerContext) => void>();

  /**
   * Hears of every flashmesh object a SWF creates (NetConnection, NetGroup, GroupSpecifier), as it is created,
   * before it can dispatch anything: views such as the player page's panel miss none of its events.
   */
  onObject(listener: (object: object, context: PlayerContext) => void): () => void {
    this.#objectListeners.add(listener);
    return () => this.#objectListeners.delete(listener);
  }

  /** Hears of every SWF flashmesh prepares (rewritten or not); returns the function that stops listening. */
  onSwf(listener: (event: SwfEvent) => void): () => void {
    this.#swfListeners.add(listener);
    return () => this.#swfListeners.delete(listener);
  }

  /** Called by the loader for every SWF it prepared. */
  announceSwf(event: SwfEvent): void {
    for (const listener of this.#swfListeners) {
      try {
        listener(event);
      } catch (error) {
        console.error("[flashmesh] an onSwf listener threw:", error);
      }
    }
  }

  /** A context for a SWF just rewritten with `token`. */
  open(token: string, swfVersion: number, element: HTMLElement | null = null): PlayerContext {
    const context: PlayerContext = new PlayerContext(token, swfVersion, element, (object) => {
      for (const listener of this.#objectListeners) listener(object, context);
    });
    context.twins = TWINS;
    this.contexts.set(token, context);
    this.#sweeper ??= setInterval(() => this.sweep(), SWEEP_MS);
    return context;
  }

  /** Ends the contexts whose player left the document: their connections close. */
  sweep(): void {
    for (const [token, context] of this.contexts) {
      if (!context.orphaned) continue;
      context.dispose();
      this.contexts.delete(token);
    }
    if (this.contexts.size === 0 && this.#sweeper !== null) {
      clearInterval(this.#sweeper);
      this.#sweeper = null;
    }
  }

  call(token: unknown, handle: unknown, method: unknown, args: unknown): BridgeReply {
    try {
      const context = typeof token === "string" ? this.contexts.get(token) : undefined;
      if (context === undefined || context.disposed) throw new globalThis.Error("flashmesh: unknown player (was the SWF loaded through flashmesh?)");
      const list = argumentsIn(context, Array.isArray(args) ? args : []);
      if (handle === 0) {
        const operation = STATIC_OPERATIONS.get(String(method));
        if (operation === undefined) throw new globalThis.TypeError(`flashmesh: no operation ${String(method)}`);
        return { v: operation(context, list) ?? null };
      }
      const target = context.objects.get(Number(handle));
      if (target === undefined) throw new globalThis.TypeError(`flashmesh: no object with handle ${String(handle)}`);
      return { v: memberOperation(context, target, String(method), list) ?? null };
    } catch (error) {
      if (error instanceof FlashError) return { e: { name: error.name, message: error.message, errorID: error.errorID } };
      return { e: { name: "Error", message: error instanceof Error ? error.message : String(error), errorID: 0 } };
    }
  }
}

declare global {
  // eslint-disable-next-line no-var
  var __flashmeshBridge: { call(token: unknown, handle: unknown, method: unknown, args: unknown): BridgeReply; bridge: Bridge } | undefined;
}

/** The page's bridge, installed on first use as `window.__flashmeshBridge`. */
export function installBridge(): Bridge {
  const existing = globalThis.__flashmeshBridge;
  if (existing !== undefined) return existing.bridge;
  const bridge = new Bridge();
  globalThis.__flashmeshBridge = { call: (token, handle, method, args) => bridge.call(token, handle, method, args), bridge };
  return bridge;
}
