/**
 * The `<script src="flashmesh.js">` entry (after Ruffle's `ruffle.js`): the only module with a side effect. It
 * exposes everything as `window.flashmesh` and installs flashmesh with `window.FlashmeshConfig` (server, URL rewrite
 * rules, ICE servers), so every SWF Ruffle loads on the page that uses NetConnection/NetGroup gets a mesh.
 */
import * as flashmesh from "./index.js";
import type { FlashmeshOptions } from "./ruffle/install.js";

declare global {
  // eslint-disable-next-line no-var
  var flashmesh: typeof import("./index.js");
  // eslint-disable-next-line no-var
  var FlashmeshConfig: FlashmeshOptions | undefined;
}

globalThis.flashmesh = flashmesh;
if (typeof document !== "undefined") flashmesh.installFlashmesh(globalThis.FlashmeshConfig ?? {});
