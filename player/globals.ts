/**
 * What the player page finds on `window`: Ruffle (`/ruffle/ruffle.js`), flashmesh's script-tag bundle
 * (`/flashmesh.js`, which also installed the Ruffle hook), and the bridge it installed. The page uses these rather
 * than bundling its own copy, so there is one flashmesh on the page.
 */
import type * as Flashmesh from "../shim/index.js";
import type { Bridge } from "../shim/bridge/bridge.js";

export interface RufflePlayerElement extends HTMLElement {
  ruffle(): { load(options: Record<string, unknown>): Promise<void> };
}

interface PageGlobals {
  flashmesh: typeof Flashmesh;
  __flashmeshBridge: { bridge: Bridge };
  RufflePlayer: { config: Record<string, unknown>; newest(): { createPlayer(): RufflePlayerElement } };
}

export const page = globalThis as unknown as PageGlobals;
