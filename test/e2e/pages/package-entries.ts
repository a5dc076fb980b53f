// scripts: ruffle/ruffle.js
/**
 * A page built the way a bundler user builds one: "flashmesh" and "flashmesh/shim" imported by package name, which
 * scripts/build.mjs resolves through package.json's exports to the built dist/ files (not to the sources), and
 * Ruffle from its script tag. flashmesh is configured through the library entry only; `?swf=` is loaded into
 * `count` players. The spec reads `window.entries.report()`.
 */
import { configure, flashmeshConfig, inspectNetGroup, NetGroup, type NetGroupView } from "flashmesh";
import { installFlashmesh } from "flashmesh/shim";
import { captureRuffleTraces } from "../../../player/ruffleTraces.js";

interface RufflePlayerElement extends HTMLElement {
  ruffle(): { load(options: { url: string }): Promise<void> };
}

/** What the spec reads. */
export interface EntriesReport {
  readonly traces: readonly string[];
  /** `server app` of every session opened through the opener configured from "flashmesh". */
  readonly sessions: readonly string[];
  /** For every NetGroup the SWFs created: whether it is an instance of "flashmesh"'s NetGroup, and its view. */
  readonly groups: readonly { readonly isLibraryNetGroup: boolean; readonly view: NetGroupView | null }[];
  readonly error: string | null;
}

const traces: string[] = [];
const sessions: string[] = [];
const groups: object[] = [];
let error: string | null = null;
captureRuffleTraces((line) => traces.push(line));

// The plug-in entry installs with no settings; everything below goes through the library entry.
const installation = installFlashmesh();
const openDefault = flashmeshConfig().openSession;
configure({
  openSession: (request) => {
    sessions.push(`${request.server} ${request.app}`);
    return openDefault(request);
  },
});
// Which objects are NetGroups is told by their shape, not by the library's class: that class is what is tested.
installation.bridge.onObject((object) => {
  if (typeof (object as { sendToNearest?: unknown }).sendToNearest === "function") groups.push(object);
});

(globalThis as unknown as { entries: { report(): EntriesReport } }).entries = {
  report: () => ({ traces, sessions, groups: groups.map((group) => ({ isLibraryNetGroup: group instanceof NetGroup, view: inspectNetGroup(group) })), error }),
};

const params = new URLSearchParams(location.search);
const ruffle = (globalThis as unknown as { RufflePlayer: { config: Record<string, unknown>; newest(): { createPlayer(): RufflePlayerElement } } }).RufflePlayer;
Object.assign(ruffle.config, { autoplay: "on", unmuteOverlay: "hidden", splashScreen: false, logLevel: "info" });
for (let i = 0; i < Number(params.get("count") ?? "1"); i++) {
  const player = ruffle.newest().createPlayer();
  document.body.appendChild(player);
  player.ruffle().load({ url: params.get("swf") ?? "" }).catch((reason: unknown) => {
    error = String(reason);
  });
}
