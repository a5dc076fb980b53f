// scripts: ruffle/ruffle.js flashmesh.js
/**
 * One Ruffle player running one fixture SWF (`?swf=fixtures/<case>/case.swf`), loaded by URL the way a page with
 * the drop-in script tag loads it: Ruffle, then flashmesh.js, then this. The spec reads `window.fixture`.
 */
import { DEFAULT_LIMIT_MB, download } from "../../../player/open.js";
import { captureRuffleTraces } from "../../../player/ruffleTraces.js";

interface RufflePlayerElement extends HTMLElement {
  ruffle(): { load(options: { url: string }): Promise<void>; traceObserver: ((line: string) => void) | null };
}

/** What flashmesh made of one SWF on its way into Ruffle: rewritten or passed through, and the SHA-256 of the bytes Ruffle got. */
interface SwfSeen {
  label: string;
  rewritten: boolean;
  sha256: string | null;
}

const state = { traces: [] as string[], loaded: false, error: null as string | null, swfs: [] as SwfSeen[] };
(globalThis as unknown as { fixture: typeof state }).fixture = state;

// An uncaught error anywhere in the page ends the case at once (the spec also fails on it: support/pageProblems.ts).
addEventListener("error", (event) => {
  state.error ??= `uncaught: ${String(event.error ?? event.message)}`;
});
addEventListener("unhandledrejection", (event) => {
  state.error ??= `unhandled rejection: ${String(event.reason)}`;
});

// The spec checks `passThrough` cases byte for byte: the hash of what Ruffle got must be the file's.
(globalThis as unknown as { __flashmeshBridge: { bridge: { onSwf(listener: (event: { label: string; outcome: { rewritten: boolean; bytes: Uint8Array } }) => void): void } } }).__flashmeshBridge.bridge.onSwf(({ label, outcome }) => {
  const seen: SwfSeen = { label, rewritten: outcome.rewritten, sha256: null };
  state.swfs.push(seen);
  void crypto.subtle.digest("SHA-256", outcome.bytes.slice()).then((digest) => {
    seen.sha256 = [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  });
});

// For fixtures that use ExternalInterface themselves (fixtures/external-interface): a page function to call, and a
// callback this page calls when the SWF asks for it in a trace line.
(globalThis as unknown as { fixturePageFunction: (text: string) => string }).fixturePageFunction = (text) => `the page got ${text}`;
captureRuffleTraces((line) => {
  state.traces.push(line);
  const asked = /^page, please call (\w+)$/.exec(line);
  if (asked !== null) {
    setTimeout(() => {
      for (const element of document.querySelectorAll("*")) {
        const callback = (element as unknown as Record<string, unknown>)[asked[1]!];
        if (element.tagName.startsWith("RUFFLE-") && typeof callback === "function") callback.call(element, "from the page");
      }
    }, 0);
  }
});

const params = new URLSearchParams(location.search);
const swf = params.get("swf") ?? "";
/** How the page hands Ruffle the SWF: `url` (load({ url })), `data` (load({ data })), `embed` (a polyfilled <embed>). */
const mode = params.get("mode") ?? "url";
// The case's urlRewriteRules (string pairs), set on the page's flashmesh before the SWF loads.
const rules = JSON.parse(params.get("rules") ?? "[]") as [string, string][];
if (rules.length > 0) (globalThis as unknown as { flashmesh: { configure(settings: { urlRewriteRules: [string, string][] }): unknown } }).flashmesh.configure({ urlRewriteRules: rules });
const ruffle = (globalThis as unknown as { RufflePlayer: { config: Record<string, unknown>; newest(): { createPlayer(): RufflePlayerElement } } }).RufflePlayer;
Object.assign(ruffle.config, { autoplay: "on", unmuteOverlay: "hidden", splashScreen: false, logLevel: "info" });

if (mode === "embed") {
  const embed = document.createElement("embed");
  embed.setAttribute("src", swf);
  embed.setAttribute("flashvars", params.get("flashvars") ?? "");
  embed.setAttribute("type", "application/x-shockwave-flash");
  embed.setAttribute("width", "320");
  embed.setAttribute("height", "240");
  document.body.appendChild(embed);
  state.loaded = true;
} else {
  // `count` players of the same SWF in this one page (their traces share state.traces).
  const count = Number(params.get("count") ?? "1");
  for (let i = 1; i < count; i++) {
    const extra = ruffle.newest().createPlayer();
    document.body.appendChild(extra);
    void extra.ruffle().load({ url: swf, parameters: Object.fromEntries(new URLSearchParams(params.get("flashvars") ?? "")) } as { url: string });
  }
  const player = ruffle.newest().createPlayer();
  player.style.width = "320px";
  player.style.height = "240px";
  document.body.appendChild(player);
  const parameters = Object.fromEntries(new URLSearchParams(params.get("flashvars") ?? ""));
  // "data": the player page's download (XMLHttpRequest, not through flashmesh's fetch hook), so Ruffle gets the
  // bytes as they are on the server and flashmesh's load() hook is what rewrites them.
  const options =
    mode === "data"
      ? download(swf, DEFAULT_LIMIT_MB, () => undefined).then(({ bytes }) => ({ data: bytes, swfFileName: swf, parameters }))
      : Promise.resolve({ url: swf, parameters });
  options
    .then((loadOptions) => player.ruffle().load(loadOptions as { url: string }))
    .then(
      () => {
        state.loaded = true;
      },
      (error: unknown) => {
        state.error = String(error);
      },
    );
}
