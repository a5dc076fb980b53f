/**
 * SWFs given to Ruffle as bytes (`player.ruffle().load({ data })`, or the legacy `player.load({ data })`) never
 * pass through `fetch`: flashmesh wraps the `load` of Ruffle's player elements, now and when they get defined, and
 * rewrites `data` before Ruffle sees it.
 */
import type { Bridge } from "../bridge/bridge.js";
import { prepareSwf } from "./loader.js";

const PATCHED = Symbol.for("flashmesh.patched");

interface LoadOptions {
  data?: ArrayBuffer | ArrayLike<number>;
  swfFileName?: string;
  [key: string]: unknown;
}
type Load = (this: unknown, options: unknown, ...rest: unknown[]) => Promise<void>;

function rewriteOptions(bridge: Bridge, element: HTMLElement, options: unknown): unknown {
  if (typeof options !== "object" || options === null || !("data" in options)) return options;
  const data = (options as LoadOptions).data;
  if (data === undefined) return options;
  const bytes = new Uint8Array(data as ArrayBuffer);
  const outcome = prepareSwf(bridge, bytes, (options as LoadOptions).swfFileName ?? "SWF data", element);
  return outcome.rewritten ? { ...options, data: outcome.bytes } : options;
}

function wrapLoad(bridge: Bridge, load: Load, element: () => HTMLElement): Load {
  return function (this: unknown, options: unknown, ...rest: unknown[]) {
    return load.call(this, rewriteOptions(bridge, element.call(this), options), ...rest);
  };
}

/** Patches one player element class (idempotent). */
function patchClass(bridge: Bridge, klass: CustomElementConstructor): void {
  const proto = klass.prototype as Record<string | symbol, unknown>;
  if (proto[PATCHED] === true) return;
  proto[PATCHED] = true;
  if (typeof proto["load"] === "function") {
    proto["load"] = wrapLoad(bridge, proto["load"] as Load, function (this: unknown) {
      return this as HTMLElement;
    });
  }
  const ruffle = proto["ruffle"];
  if (typeof ruffle === "function") {
    proto["ruffle"] = function (this: HTMLElement, ...args: unknown[]) {
      const api = (ruffle as (...a: unknown[]) => Record<string | symbol, unknown>).apply(this, args);
      if (api && typeof api["load"] === "function" && api[PATCHED] !== true) {
        const element = this;
        api["load"] = wrapLoad(bridge, (api["load"] as Load).bind(api), () => element);
        api[PATCHED] = true;
      }
      return api;
    };
  }
}

/** Patches Ruffle's element classes, those defined already and those defined later; returns an undo function. */
export function hookPlayers(bridge: Bridge): () => void {
  if (typeof customElements === "undefined") return () => undefined;
  const registry = customElements;
  const define = registry.define;
  for (const name of ["ruffle-player", "ruffle-embed", "ruffle-object"]) {
    const klass = registry.get(name);
    if (klass !== undefined) patchClass(bridge, klass);
  }
  registry.define = function (name: string, klass: CustomElementConstructor, options?: ElementDefinitionOptions) {
    if (name.startsWith("ruffle-")) patchClass(bridge, klass);
    return define.call(registry, name, klass, options);
  };
  return () => {
    registry.define = define;
  };
}
