/**
 * The `<script src="flashmesh.js">` entry (after Ruffle's `ruffle.js`): the only module with a side effect. It
 * exposes everything as `window.flashmesh` and installs flashmesh with `window.FlashmeshConfig` (server, URL rewrite
 * rules, ICE servers), so every SWF Ruffle loads on the page that uses NetConnection/NetGroup gets a mesh.
 * The globals' types are in pageGlobals.ts ("flashmesh/global").
 */
import type {} from "./pageGlobals.js";
import * as flashmesh from "./index.js";

globalThis.flashmesh = flashmesh;
if (typeof document !== "undefined") flashmesh.installFlashmesh(globalThis.FlashmeshConfig ?? {});
