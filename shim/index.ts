/**
 * The ESM plugin API for emulator integrations: `installFlashmesh(options)` hooks Ruffle on the page;
 * `rewriteSwf` is the bytes-in, bytes-out rewrite for integrations that load SWFs themselves.
 */
import { installBridge } from "./bridge/bridge.js";
import { prepareSwf } from "./ruffle/loader.js";
import type { RewriteOutcome } from "./swf/rewrite.js";

export { installFlashmesh, type FlashmeshInstallation, type FlashmeshOptions } from "./ruffle/install.js";
export { rewriteSwf, REDIRECTED_CLASSES, type RewriteOutcome } from "./swf/rewrite.js";
export { looksLikeSwf } from "./swf/container.js";
export { installBridge, Bridge } from "./bridge/bridge.js";

/**
 * For integrations that hand Ruffle the bytes themselves: rewrites `bytes` with flashmesh's injected classes and a
 * fresh bridge context (for `element`, or for whichever player registers the SWF's callback). Returns the bytes to
 * load (the same bytes when the SWF does not use the P2P classes) and why. Never throws.
 */
export function rewriteSwfForRuffle(bytes: Uint8Array, element: HTMLElement | null = null, label = "SWF"): RewriteOutcome {
  return prepareSwf(installBridge(), bytes, label, element);
}
export * from "../as3-api/index.js";
