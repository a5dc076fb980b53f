/**
 * The ESM plugin API for emulator integrations: `installFlashmesh(options)` hooks Ruffle on the page;
 * `rewriteSwf` is the bytes-in, bytes-out rewrite for integrations that load SWFs themselves.
 */
import { installBridge } from "./bridge/bridge.js";
import { prepareSwf } from "./ruffle/loader.js";
import { REDIRECTS } from "./bridge/classes/index.js";
import { rewriteSwf as rewriteWith, type RewriteOutcome } from "./swf/rewrite.js";

export { installFlashmesh, type FlashmeshInstallation, type FlashmeshOptions } from "./ruffle/install.js";
export { type RewriteOutcome } from "./swf/rewrite.js";
export { REDIRECTED_CLASSES } from "./bridge/classes/index.js";
export { looksLikeSwf } from "./swf/container.js";
export { installBridge, Bridge } from "./bridge/bridge.js";

/**
 * The pure rewrite pass (no DOM, no bridge context): `bytes` with the redirected classes pointed at `proxies` (the
 * injected ABC, shim/proxies/flashmesh-proxies.abc) carrying bridge token `token`. Never throws.
 */
export function rewriteSwf(bytes: Uint8Array, proxies: Uint8Array, token: string): RewriteOutcome {
  return rewriteWith(bytes, proxies, token, REDIRECTS);
}

/**
 * For integrations that hand Ruffle the bytes themselves: rewrites `bytes` with flashmesh's injected classes and a
 * fresh bridge context (for `element`, or for whichever player registers the SWF's callback). Returns the bytes to
 * load (the same bytes when the SWF does not use the P2P classes) and why. Never throws.
 */
export function rewriteSwfForRuffle(bytes: Uint8Array, element: HTMLElement | null = null, label = "SWF"): RewriteOutcome {
  return prepareSwf(installBridge(), bytes, label, element);
}
export * from "../as3-api/index.js";
