// scripts: ruffle/ruffle.js flashmesh.js
/**
 * A page that uses a hidden SWF as its P2P transport, as archived pages did: the SWF (fixtures/hidden-transport) is
 * embedded 0×0 the way swfobject writes it (an <object> with <param>s and an <embed> inside for other browsers),
 * the page calls its ExternalInterface callbacks and defines the functions it calls back. The spec drives it
 * through `window.transport` and reads `window.transport.state`.
 */

interface TransportElement extends HTMLElement {
  p2pInit?(url: string): void;
  p2pConnect?(peerID: string): void;
  p2pSend?(text: string): void;
}

const state = {
  loaded: false,
  status: [] as string[],
  peerID: null as string | null,
  peers: [] as string[],
  connected: [] as string[],
  messages: [] as { from: string; text: string }[],
  error: null as string | null,
  size: "",
};

addEventListener("error", (event) => {
  state.error ??= `uncaught: ${String(event.error ?? event.message)}`;
});

const ruffle = (globalThis as unknown as { RufflePlayer: { config: Record<string, unknown> } }).RufflePlayer;
Object.assign(ruffle.config, { autoplay: "on", unmuteOverlay: "hidden", splashScreen: false, logLevel: "info" });

// What the SWF calls.
Object.assign(globalThis, {
  onP2PLoaded: () => {
    state.loaded = true;
  },
  onP2PStatus: (code: string) => void state.status.push(code),
  onP2PReady: (peerID: string) => {
    state.peerID = peerID;
  },
  onP2PPeer: (peerID: string) => void state.peers.push(peerID),
  onP2PConnected: (peerID: string) => void state.connected.push(peerID),
  onP2PMessage: (from: string, text: string) => void state.messages.push({ from, text }),
});

const swf = "fixtures/hidden-transport/case.swf";
const holder = document.createElement("div");
/**
 * `?markup=dynamic`: swfobject's `embedSWF` (dynamic publishing): one `<object data=…>`, which the page keeps from the
 * moment it is written, as archived pages did (`result.ref`, or `getElementById` before Ruffle's polyfill ran), and
 * calls the SWF's callbacks on; Ruffle replaces it with its own element, so flashmesh must make the kept one answer
 * (shim/ruffle/replacedElements.ts). Otherwise swfobject's static publishing: the outer <object> for IE-style
 * embedding, an inner <embed> for the others; Ruffle polyfills one, and the page looks for the player element.
 */
const dynamic = new URLSearchParams(location.search).get("markup") === "dynamic";
holder.innerHTML = dynamic
  ? `<object id="transport" type="application/x-shockwave-flash" data="${swf}" width="0" height="0"><param name="allowScriptAccess" value="always"></object>`
  : `<object id="transport" classid="clsid:D27CDB6E-AE6D-11cf-96B8-444553540000" width="0" height="0">` +
    `<param name="movie" value="${swf}"><param name="allowScriptAccess" value="always">` +
    `<embed name="transport" src="${swf}" width="0" height="0" type="application/x-shockwave-flash" allowScriptAccess="always"></embed>` +
    `</object>`;
document.body.appendChild(holder);
const kept = document.getElementById("transport") as TransportElement;

/** The element the SWF's callbacks are on: the kept one, or the polyfilled player, whichever of the two tags Ruffle took. */
function transportElement(): TransportElement | null {
  if (dynamic) return typeof kept.p2pInit === "function" ? kept : null;
  for (const element of document.querySelectorAll<TransportElement>("*")) {
    if (element.tagName.startsWith("RUFFLE-") && typeof element.p2pInit === "function") return element;
  }
  return null;
}

/** For the spec: whether the element the page kept was replaced by Ruffle's (so its answers are flashmesh's doing). */
const keptReplaced = (): boolean => !kept.isConnected;

(globalThis as unknown as { transport: unknown }).transport = {
  state,
  keptReplaced,
  init(url: string): boolean {
    const element = transportElement();
    if (element === null) return false;
    const box = element.getBoundingClientRect();
    state.size = `${box.width}x${box.height}`;
    element.p2pInit!(url);
    return true;
  },
  connect: (peerID: string) => transportElement()!.p2pConnect!(peerID),
  send: (text: string) => transportElement()!.p2pSend!(text),
};
