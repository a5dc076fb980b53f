/**
 * The `<script src="flashmesh.js">` entry: the only module with a side effect. For now it exposes the flash.net
 * classes as `window.flashmesh`; the Ruffle hook will be installed from here too.
 */
import * as flashmesh from "../as3-api/index.js";

declare global {
  // eslint-disable-next-line no-var
  var flashmesh: typeof import("../as3-api/index.js");
}

globalThis.flashmesh = flashmesh;
