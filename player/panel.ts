/**
 * The mesh panel: for every SWF on the mesh in this page, each NetGroup (neighbours, estimated members, posts,
 * bytes, a live ring picture, the neighbours' peer IDs), the last NetStatus events of the group and its
 * NetConnection in one list (newest first), and the NetConnection's details. It reads the page-side flashmesh
 * objects the bridge holds, twice a second, and listens to their events.
 */
import type { NetGroupView } from "../as3-api/inspect.js";
import type { NetConnection, NetGroup, NetStatusEvent } from "../shim/index.js";
import { page } from "./globals.js";
import { RingView } from "./ring.js";

interface Watched {
  /** Last NetConnection.Connect.* code (connections only). */
  state: string;
  /** Posts received since the page started watching. */
  postsTotal: number;
  /** When the posts of the last 5 s arrived (for the rate). */
  recentPosts: number[];
  rates: ByteRates;
  ring: RingView | null;
  stopWatching: (() => void) | null;
}

/** One NetStatus event as the list shows it. */
interface EventLine {
  readonly at: number;
  readonly text: string;
}

/** Byte rates over clock-aligned windows, so two tabs looking at the same link show the same figures. */
interface ByteRates {
  windowStart: number;
  startTotals: NetGroupView["bytes"] | null;
  perSecond: NetGroupView["bytes"] | null;
}

const EVENTS_SHOWN = 8;
const EVENTS_KEPT = 60;
const RATE_WINDOW_MS = 5000;
const watched = new WeakMap<object, Watched>();
/** Every event of every watched object, newest first (one list, so connection and group events share one order). */
const events: EventLine[] = [];
let detailsOpen = false;

/** Starts watching every NetConnection and NetGroup as it is created (none of their events is missed). */
export function watchNewObjects(): void {
  page.__flashmeshBridge.bridge.onObject((object) => {
    if (object instanceof page.flashmesh.NetConnection || object instanceof page.flashmesh.NetGroup) watch(object);
  });
}

/** Message fields that usually say who sent a post, shown first. */
const WHO_FIRST = ["name", "user", "userName", "sender", "nick", "from", "text", "message", "kind"];

function short(value: unknown): string {
  if (typeof value === "string") return /^[0-9a-f]{16,}$/i.test(value) ? `${value.slice(0, 8)}…` : JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
  if (Array.isArray(value)) return `[${value.length} items]`;
  if (typeof value === "object" && value !== null) return "{…}";
  return String(value);
}

/** A short look at a posted message, fields that name the sender first (`{name: "Ada 3f2a", text: "hi", …}`). */
function preview(posted: unknown): string {
  // A SWF's post reaches its NetGroup as the SWF's own AMF3 bytes (the SWF decodes them): show the value inside.
  const message = posted instanceof page.flashmesh.Amf3Bytes ? decodedOrNote(posted.bytes) : posted;
  if (typeof message !== "object" || message === null) return short(message);
  const rank = (key: string): number => (WHO_FIRST.includes(key) ? WHO_FIRST.indexOf(key) : WHO_FIRST.length);
  const text = Object.entries(message)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([key, value]) => `${key}: ${short(value)}`)
    .join(", ");
  return `{${text.length > 110 ? `${text.slice(0, 109)}…` : text}}`;
}

function decodedOrNote(bytes: Uint8Array): unknown {
  try {
    return page.flashmesh.decodeAmf3(bytes);
  } catch {
    return `(${bytes.length} bytes of AMF3)`;
  }
}

function watch(object: NetConnection | NetGroup): Watched {
  let entry = watched.get(object);
  if (entry !== undefined) return entry;
  const created: Watched = { state: "connecting", postsTotal: 0, recentPosts: [], rates: { windowStart: 0, startTotals: null, perSecond: null }, ring: null, stopWatching: null };
  entry = created;
  watched.set(object, created);
  (object as NetGroup).addEventListener("netStatus", (event: NetStatusEvent) => {
    const { code } = event.info;
    const peer = event.info["peerID"] ? ` ${String(event.info["peerID"]).slice(0, 8)}…` : "";
    const message = code === "NetGroup.Posting.Notify" ? ` ${preview(event.info["message"])}` : "";
    events.unshift({ at: Date.now(), text: `${code}${peer}${message}` });
    events.length = Math.min(events.length, EVENTS_KEPT);
    if (code.startsWith("NetConnection.Connect.")) created.state = code.slice("NetConnection.Connect.".length);
    if (code === "NetGroup.Posting.Notify") {
      created.postsTotal++;
      created.recentPosts.push(performance.now());
    }
  });
  return entry;
}

function field(list: HTMLElement, term: string, value: string): void {
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = value;
  list.append(dt, dd);
}

function heading(level: "h3" | "h4", text: string): HTMLElement {
  const node = document.createElement(level);
  node.textContent = text;
  return node;
}

function eventList(): HTMLElement {
  const list = document.createElement("ol");
  list.className = "events";
  list.setAttribute("aria-label", "Last NetStatus events, newest first");
  for (const line of events.slice(0, EVENTS_SHOWN)) {
    const item = document.createElement("li");
    const time = document.createElement("time");
    time.textContent = new Date(line.at).toLocaleTimeString();
    item.append(time, ` ${line.text}`);
    list.append(item);
  }
  if (events.length === 0) list.append(Object.assign(document.createElement("li"), { textContent: "none yet" }));
  return list;
}

/** Posts per second over the last 5 s (drops older entries from `times`). */
function perSecond(times: number[]): number {
  const now = performance.now();
  while (times.length > 0 && times[0]! < now - 5000) times.shift();
  return times.length / 5;
}

/** Bytes per second over the last complete 5-second window of the wall clock (windows every tab shares). */
function byteRates(rates: ByteRates, totals: NetGroupView["bytes"]): NetGroupView["bytes"] | null {
  const window = Math.floor(Date.now() / RATE_WINDOW_MS) * RATE_WINDOW_MS;
  if (window !== rates.windowStart) {
    if (rates.startTotals !== null && window - rates.windowStart === RATE_WINDOW_MS) {
      const start = rates.startTotals;
      const rate = (key: keyof NetGroupView["bytes"]): number => (totals[key] - start[key]) / (RATE_WINDOW_MS / 1000);
      rates.perSecond = { postingSent: rate("postingSent"), postingReceived: rate("postingReceived"), routingSent: rate("routingSent"), routingReceived: rate("routingReceived") };
    }
    rates.windowStart = window;
    rates.startTotals = { ...totals };
  }
  return rates.perSecond;
}

function bytes(count: number): string {
  return count >= 10 * 1024 ? `${(count / 1024).toFixed(0)} KB` : count >= 1024 ? `${(count / 1024).toFixed(1)} KB` : `${Math.round(count)} B`;
}

/** A group's card (figures and ring picture) and its neighbour list (shown after the events). */
function groupCard(group: NetGroup, watchedGroup: Watched): { card: HTMLElement; neighbours: HTMLElement | null } {
  const { flashmesh } = page;
  const view = flashmesh.inspectNetGroup(group);
  const card = document.createElement("section");
  card.className = "group";
  card.append(heading("h3", `Group "${view?.name ?? "?"}"`));
  const list = document.createElement("dl");
  list.className = "stats";
  field(list, "State", view?.connected ? "connected" : "joining or closed");
  field(list, "Neighbours", String(view?.neighbors.length ?? 0));
  field(list, "Estimated members", String(view?.estimatedMemberCount ?? 0));
  field(list, "Posts received", `${watchedGroup.postsTotal} (${perSecond(watchedGroup.recentPosts).toFixed(1)}/s)`);
  if (view !== null) {
    const rate = byteRates(watchedGroup.rates, view.bytes);
    const perSec = (value: number | undefined): string => (value === undefined ? "…" : `${bytes(value)}/s`);
    field(list, "Posting bytes", `${bytes(view.bytes.postingSent)} out, ${bytes(view.bytes.postingReceived)} in (${perSec(rate?.postingSent)}, ${perSec(rate?.postingReceived)})`);
    field(list, "Routing bytes", `${bytes(view.bytes.routingSent)} out, ${bytes(view.bytes.routingReceived)} in (${perSec(rate?.routingSent)}, ${perSec(rate?.routingReceived)})`);
  }
  card.append(list);
  if (view !== null && view.connected) {
    watchedGroup.ring ??= new RingView();
    watchedGroup.ring.update(view);
    watchedGroup.stopWatching ??= flashmesh.watchNetGroup(group, (direction, peerID, kind) => watchedGroup.ring?.pulse(direction, peerID, kind));
    const picture = document.createElement("div");
    picture.className = "picture";
    picture.append(watchedGroup.ring.svg, legend());
    card.append(picture);
    const section = document.createElement("section");
    section.className = "neighbours-section";
    section.append(heading("h3", `Neighbours of this peer in "${view.name}" (${view.neighbors.length})`));
    const neighbours = document.createElement("ul");
    neighbours.className = "neighbours";
    neighbours.setAttribute("aria-label", "Neighbours");
    for (const neighbour of view.neighbors) {
      const item = document.createElement("li");
      item.textContent = neighbour.peerID;
      const count = watchedGroup.ring.counts(neighbour.peerID);
      item.title = `group address ${neighbour.address}; posts ${count.postsIn} in, ${count.postsOut} out; routed ${count.routedIn} in, ${count.routedOut} out`;
      neighbours.append(item);
    }
    section.append(view.neighbors.length === 0 ? Object.assign(document.createElement("p"), { className: "hint", textContent: "None yet: open another peer." }) : neighbours);
    return { card, neighbours: section };
  }
  return { card, neighbours: null };
}

/** What the ring's colours and labels mean. */
function legend(): HTMLElement {
  const text = document.createElement("p");
  text.className = "legend";
  text.innerHTML =
    '<span class="key self">●</span> this peer <span class="key neighbor">●</span> neighbours <span class="key member">●</span> other members<br>' +
    '<span class="key post">━</span> posts <span class="key route">━</span> routed messages (lit for a few seconds)<br>↓ in ↑ out: messages on each link';
  return text;
}

function connectionDetails(nc: NetConnection, state: Watched): HTMLElement {
  const details = document.createElement("details");
  details.className = "connection";
  details.open = detailsOpen;
  details.addEventListener("toggle", () => {
    detailsOpen = details.open;
  });
  const summary = document.createElement("summary");
  summary.textContent = `NetConnection: ${nc.connected ? "connected" : state.state}${nc.connected ? `, nearID ${nc.nearID.slice(0, 8)}…` : ""}`;
  const list = document.createElement("dl");
  field(list, "State", nc.connected ? "connected" : state.state);
  field(list, "URI", nc.uri ?? "—");
  field(list, "nearID", nc.connected ? nc.nearID : "—");
  field(list, "farID", nc.connected ? nc.farID || "(serverless)" : "—");
  details.append(summary, list);
  return details;
}

/** Renders the panel into `body`; shows `empty` when no SWF is on the mesh. */
export function renderPanel(body: HTMLElement, empty: HTMLElement): void {
  const { flashmesh, __flashmeshBridge } = page;
  // Order: what a glance needs first (groups and their rings, the last events), then details.
  const cards: HTMLElement[] = [];
  const details: HTMLElement[] = [];
  for (const context of __flashmeshBridge.bridge.contexts.values()) {
    for (const object of context.objects.values()) {
      if (!(object instanceof flashmesh.NetConnection)) continue;
      for (const other of context.objects.values()) {
        if (!(other instanceof flashmesh.NetGroup)) continue;
        const { card, neighbours } = groupCard(other, watch(other));
        cards.push(card);
        if (neighbours !== null) details.push(neighbours);
      }
      details.push(connectionDetails(object, watch(object)));
    }
  }
  const any = details.length > 0;
  empty.hidden = any;
  body.replaceChildren(...cards, ...(any ? [heading("h3", "Last events (newest first)"), eventList()] : []), ...details);
}
