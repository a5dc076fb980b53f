/**
 * The page globals of the script-tag build (`dist/flashmesh.js`), for pages written in TypeScript:
 * `/// <reference types="flashmesh/global" />` (or `import type {} from "flashmesh/global"`) types
 * `window.FlashmeshConfig` before the script loads and `window.flashmesh` after.
 */
import type { FlashmeshOptions } from "./ruffle/install.js";

declare global {
  /** Read once when flashmesh.js loads: server, URL rewrite rules, ICE servers (see `installFlashmesh`). */
  // eslint-disable-next-line no-var
  var FlashmeshConfig: FlashmeshOptions | undefined;
  /** Set by flashmesh.js: everything "flashmesh/shim" exports (the flash.net classes, configure, installFlashmesh…). */
  // eslint-disable-next-line no-var
  var flashmesh: typeof import("./index.js") | undefined;
}

export {};
