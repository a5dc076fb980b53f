/**
 * The mesh panel: for every SWF on the mesh in this page, its NetConnection (state, nearID), its groups (neighbours,
 * estimated members, posts and bytes per second, a live ring picture) and the recent NetStatus events. It reads the
 * page-side flashmesh objects the bridge holds, twice a second, and listens to their events.
 */
import type { NetConnection, NetGroup, NetStatusEvent } from "../shim/index.js";
import { page } from "./globals.js";
import { RingView } from "./ring.js";

interface Watched {
  readonly events: string[];
  /** Last NetConnection.Connect.* code (connections only). */
  state: string;
  /** Posts received since the page started watching. */
  postsTotal: number;
  /** When the posts of the last 5 s arrived (for the rate). */
  recentPosts: number[];
  ring: RingView | null;
  stopWatching: (() => void) | null;
}

const MAX_EVENTS = 30;
const watched = new WeakMap<object, Watched>();

/** Starts watching every NetConnection and NetGroup as it is created (none of their events is missed). */
export function watchNewObjects(): void {
  page.__flashmeshBridge.bridge.onObject((object) => {
    if (object instanceof page.flashmesh.NetConnection || object instanceof page.flashmesh.NetGroup) watch(object);
  });
}

function watch(object: NetConnection | NetGroup): Watched {
  let entry = watched.get(object);
  if (entry !== undefined) return entry;
  const created: Watched = { events: [], state: "connecting", postsTotal: 0, recentPosts: [], ring: null, stopWatching: null };
  entry = created;
  watched.set(object, created);
  (object as NetGroup).addEventListener("netStatus", (event: NetStatusEvent) => {
    const code = event.info.code;
    const time = new Date().toLocaleTimeString();
    created.events.unshift(`${time} ${code}${event.info["peerID"] ? ` ${String(event.info["peerID"]).slice(0, 8)}…` : ""}`);
    created.events.length = Math.min(created.events.length, MAX_EVENTS);
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

function eventList(events: readonly string[]): HTMLOListElement {
  const list = document.createElement("ol");
  list.className = "events";
  for (const line of events) {
    const item = document.createElement("li");
    item.textContent = line;
    list.append(item);
  }
  return list;
}

/** Posts per second over the last 5 s (drops older entries from `times`). */
function perSecond(times: number[]): number {
  const now = performance.now();
  while (times.length > 0 && times[0]! < now - 5000) times.shift();
  return times.length / 5;
}

function groupCard(group: NetGroup, watchedGroup: Watched): HTMLElement {
  const { flashmesh } = page;
  const view = flashmesh.inspectNetGroup(group);
  const card = document.createElement("section");
  card.className = "group";
  const title = document.createElement("h4");
  title.textContent = `Group "${view?.name ?? "?"}"`;
  card.append(title);
  const list = document.createElement("dl");
  field(list, "State", view?.connected ? "connected" : "joining or closed");
  field(list, "Neighbours", String(view?.neighbors.length ?? 0));
  field(list, "Estimated members", String(view?.estimatedMemberCount ?? 0));
  const info = view?.connected ? group.info : null;
  field(list, "Posts received", `${watchedGroup.postsTotal} (${perSecond(watchedGroup.recentPosts).toFixed(1)}/s)`);
  field(list, "Posting bytes/s", info === null ? "0" : `${Math.round(info.postingSendDataBytesPerSecond)} out, ${Math.round(info.postingReceiveDataBytesPerSecond)} in`);
  field(list, "Routing bytes/s", info === null ? "0" : `${Math.round(info.routingSendBytesPerSecond)} out, ${Math.round(info.routingReceiveBytesPerSecond)} in`);
  card.append(list);
  if (view !== null && view.connected) {
    watchedGroup.ring ??= new RingView();
    watchedGroup.ring.update(view);
    watchedGroup.stopWatching ??= flashmesh.watchNetGroup(group, (direction, peerID, kind) => watchedGroup.ring?.pulse(direction, peerID, kind));
    card.append(watchedGroup.ring.svg, legend());
    const neighbours = document.createElement("ul");
    neighbours.className = "neighbours";
    neighbours.setAttribute("aria-label", "Neighbours");
    for (const neighbour of view.neighbors) {
      const item = document.createElement("li");
      item.textContent = neighbour.peerID;
      item.title = `group address ${neighbour.address}`;
      neighbours.append(item);
    }
    card.append(neighbours);
  }
  card.append(eventList(watchedGroup.events));
  return card;
}

/** What the ring's colours mean. */
function legend(): HTMLElement {
  const text = document.createElement("p");
  text.className = "legend";
  text.innerHTML =
    '<span class="key self">●</span> this peer <span class="key neighbor">●</span> neighbours <span class="key member">●</span> other members ' +
    '<span class="key post">●</span> posts <span class="key route">●</span> routed messages';
  return text;
}

/** Renders the panel into `body`; shows `empty` when no SWF is on the mesh. */
export function renderPanel(body: HTMLElement, empty: HTMLElement): void {
  const { flashmesh, __flashmeshBridge } = page;
  const sections: HTMLElement[] = [];
  for (const context of __flashmeshBridge.bridge.contexts.values()) {
    for (const object of context.objects.values()) {
      if (!(object instanceof flashmesh.NetConnection)) continue;
      const nc = object;
      const state = watch(nc);
      const section = document.createElement("section");
      section.className = "connection";
      const title = document.createElement("h3");
      title.textContent = "NetConnection";
      section.append(title);
      const list = document.createElement("dl");
      field(list, "State", nc.connected ? "connected" : state.state);
      field(list, "URI", nc.uri ?? "—");
      field(list, "nearID", nc.connected ? nc.nearID : "—");
      field(list, "farID", nc.connected ? nc.farID || "(serverless)" : "—");
      section.append(list, eventList(state.events));
      for (const other of context.objects.values()) {
        if (other instanceof flashmesh.NetGroup) section.append(groupCard(other, watch(other)));
      }
      sections.push(section);
    }
  }
  empty.hidden = sections.length > 0;
  body.replaceChildren(...sections);
}
