/**
 * The picture of a group: its members on the group-address ring (angle = address / 2^256), this peer in the
 * accent colour, its neighbours in blue with a link from this peer, other known members grey. Posts (green) and
 * routed messages (purple) travel along the links as they are sent and received, and leave the link lit for a few
 * seconds (a fading trail), so a glance catches traffic that took a fraction of a second; each link is labelled
 * with the messages that crossed it (in ↓, out ↑).
 */
import type { NetGroupView, TrafficKind } from "../as3-api/inspect.js";

const SVG = "http://www.w3.org/2000/svg";
const SIZE = 240;
const RADIUS = 80;
const MAX_PULSES = 40;
/** How long a message takes to cross a link in the picture, ms (slow enough for an eye to follow). */
const TRAVEL_MS = 1000;
/** How long a link stays lit after a message crossed it, ms (the CSS animation `trail-fade` matches). */
const TRAIL_MS = 4000;

/** Messages that crossed one link, by kind and direction. */
interface LinkCounts {
  postsIn: number;
  postsOut: number;
  routedIn: number;
  routedOut: number;
}

function position(address: string, radius = RADIUS): { x: number; y: number } {
  const turn = parseInt(address.slice(0, 13), 16) / 2 ** 52;
  const angle = turn * 2 * Math.PI - Math.PI / 2;
  return { x: SIZE / 2 + radius * Math.cos(angle), y: SIZE / 2 + radius * Math.sin(angle) };
}

function element(name: string, attributes: Record<string, string | number>): SVGElement {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

export class RingView {
  readonly svg: SVGSVGElement;
  readonly #counts = new Map<string, LinkCounts>();
  #view: NetGroupView | null = null;
  #pulses = 0;

  constructor() {
    this.svg = element("svg", { viewBox: `0 0 ${SIZE} ${SIZE}`, class: "ring", role: "img" }) as SVGSVGElement;
  }

  /** Messages counted on the link to `peerID` so far. */
  counts(peerID: string): Readonly<LinkCounts> {
    return this.#counts.get(peerID) ?? { postsIn: 0, postsOut: 0, routedIn: 0, routedOut: 0 };
  }

  /** Redraws the members and the link labels (pulses and trails in flight keep going). */
  update(view: NetGroupView): void {
    this.#view = view;
    for (const node of [...this.svg.querySelectorAll(".static")]) node.remove();
    const add = (node: SVGElement): void => {
      node.classList.add("static");
      this.svg.insertBefore(node, this.svg.firstChild);
    };
    const neighbours = new Set(view.neighbors.map((n) => n.peerID));
    const self = view.self;
    const others = view.members.filter((member) => !neighbours.has(member.peerID) && member.peerID !== self?.peerID);
    for (const member of others) {
      const p = position(member.address);
      add(element("circle", { cx: p.x, cy: p.y, r: 3, class: "member" }));
    }
    if (self !== null) {
      const s = position(self.address);
      for (const neighbour of view.neighbors) {
        const count = this.counts(neighbour.peerID);
        const label = position(neighbour.address, RADIUS + 22);
        const text = element("text", { x: label.x, y: label.y, class: "link-count", "text-anchor": "middle", "dominant-baseline": "middle" });
        text.textContent = `↓${count.postsIn + count.routedIn} ↑${count.postsOut + count.routedOut}`;
        add(text);
      }
      for (const neighbour of view.neighbors) {
        const p = position(neighbour.address);
        add(element("line", { x1: s.x, y1: s.y, x2: p.x, y2: p.y, class: "link" }));
      }
      for (const neighbour of view.neighbors) {
        const p = position(neighbour.address);
        add(element("circle", { cx: p.x, cy: p.y, r: 6, class: "neighbor" }));
      }
      add(element("circle", { cx: s.x, cy: s.y, r: 8, class: "self" }));
    }
    add(element("circle", { cx: SIZE / 2, cy: SIZE / 2, r: RADIUS, fill: "none", stroke: "currentColor", "stroke-opacity": 0.25 }));
    this.svg.setAttribute(
      "aria-label",
      `Group ring: this peer, ${view.neighbors.length} neighbour${view.neighbors.length === 1 ? "" : "s"}, ${others.length} other known member${others.length === 1 ? "" : "s"}`,
    );
  }

  /** A message between this peer and neighbour `peerID`: counted, drawn travelling, and leaving a fading trail. */
  pulse(direction: "in" | "out", peerID: string, kind: TrafficKind): void {
    if (kind !== "post" && kind !== "route") return;
    const count = this.#counts.get(peerID) ?? { postsIn: 0, postsOut: 0, routedIn: 0, routedOut: 0 };
    this.#counts.set(peerID, count);
    if (kind === "post") count[direction === "in" ? "postsIn" : "postsOut"]++;
    else count[direction === "in" ? "routedIn" : "routedOut"]++;
    const view = this.#view;
    const neighbour = view?.neighbors.find((n) => n.peerID === peerID);
    if (view?.self == null || neighbour === undefined || this.#pulses >= MAX_PULSES) return;
    const [from, to] = direction === "out" ? [position(view.self.address), position(neighbour.address)] : [position(neighbour.address), position(view.self.address)];
    const type = kind === "post" ? "post" : "route";
    const trail = element("line", { x1: from.x, y1: from.y, x2: to.x, y2: to.y, class: `trail trail-${type}` });
    this.svg.appendChild(trail);
    setTimeout(() => trail.remove(), TRAIL_MS);
    const dot = element("circle", { r: 5, class: `pulse-${type}`, cx: from.x, cy: from.y });
    this.svg.appendChild(dot);
    this.#pulses++;
    const start = performance.now();
    const step = (now: number): void => {
      const t = Math.min(1, (now - start) / TRAVEL_MS);
      dot.setAttribute("cx", String(from.x + (to.x - from.x) * t));
      dot.setAttribute("cy", String(from.y + (to.y - from.y) * t));
      if (t < 1) requestAnimationFrame(step);
      else {
        dot.remove();
        this.#pulses--;
      }
    };
    requestAnimationFrame(step);
  }
}
