/**
 * The ESM plugin API for emulator integrations: `installFlashmesh(options)` hooks Ruffle on the page;
 * `rewriteSwf` is the bytes-in, bytes-out rewrite for integrations that load SWFs themselves.
 */
export { installFlashmesh, type FlashmeshInstallation, type FlashmeshOptions } from "./ruffle/install.js";
export { rewriteSwf, REDIRECTED_CLASSES, type RewriteOutcome } from "./swf/rewrite.js";
export { installBridge, Bridge } from "./bridge/bridge.js";
export * from "../as3-api/index.js";
