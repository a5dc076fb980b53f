/**
 * The picture of a group: its members on the group-address ring (angle = address / 2^256), this peer in the
 * accent colour, its neighbours in blue with a link from this peer, other known members grey; posts (green) and
 * routed messages (purple) travel along the links as they are sent and received.
 */
import type { NetGroupView, TrafficKind } from "../as3-api/inspect.js";

const SVG = "http://www.w3.org/2000/svg";
const SIZE = 200;
const RADIUS = 80;
const MAX_PULSES = 40;

function position(address: string): { x: number; y: number } {
  const turn = parseInt(address.slice(0, 13), 16) / 2 ** 52;
  const angle = turn * 2 * Math.PI - Math.PI / 2;
  return { x: SIZE / 2 + RADIUS * Math.cos(angle), y: SIZE / 2 + RADIUS * Math.sin(angle) };
}

function element(name: string, attributes: Record<string, string | number>): SVGElement {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

export class RingView {
  readonly svg: SVGSVGElement;
  #view: NetGroupView | null = null;
  #pulses = 0;

  constructor() {
    this.svg = element("svg", { viewBox: `0 0 ${SIZE} ${SIZE}`, class: "ring", role: "img" }) as SVGSVGElement;
  }

  /** Redraws the members (pulses in flight keep going). */
  update(view: NetGroupView): void {
    this.#view = view;
    for (const node of [...this.svg.querySelectorAll(".static")]) node.remove();
    const add = (node: SVGElement): void => {
      node.classList.add("static");
      this.svg.insertBefore(node, this.svg.firstChild);
    };
    const neighbours = new Set(view.neighbors.map((n) => n.peerID));
    const self = view.self;
    for (const member of view.members) {
      if (neighbours.has(member.peerID) || member.peerID === self?.peerID) continue;
      const p = position(member.address);
      add(element("circle", { cx: p.x, cy: p.y, r: 3, class: "member" }));
    }
    if (self !== null) {
      const s = position(self.address);
      for (const neighbour of view.neighbors) {
        const p = position(neighbour.address);
        add(element("line", { x1: s.x, y1: s.y, x2: p.x, y2: p.y, class: "link" }));
      }
      for (const neighbour of view.neighbors) {
        const p = position(neighbour.address);
        add(element("circle", { cx: p.x, cy: p.y, r: 5, class: "neighbor" }));
      }
      add(element("circle", { cx: s.x, cy: s.y, r: 7, class: "self" }));
    }
    add(element("circle", { cx: SIZE / 2, cy: SIZE / 2, r: RADIUS, fill: "none", stroke: "currentColor", "stroke-opacity": 0.25 }));
    this.svg.setAttribute(
      "aria-label",
      `Group ring: this peer, ${view.neighbors.length} neighbour${view.neighbors.length === 1 ? "" : "s"}, ${Math.max(0, view.members.length - view.neighbors.length)} other known member(s)`,
    );
  }

  /** A message between this peer and neighbour `peerID`, travelling for 600 ms. */
  pulse(direction: "in" | "out", peerID: string, kind: TrafficKind): void {
    if (kind !== "post" && kind !== "route") return;
    const view = this.#view;
    const neighbour = view?.neighbors.find((n) => n.peerID === peerID);
    if (view?.self == null || neighbour === undefined || this.#pulses >= MAX_PULSES) return;
    const [from, to] = direction === "out" ? [position(view.self.address), position(neighbour.address)] : [position(neighbour.address), position(view.self.address)];
    const dot = element("circle", { r: 4, class: kind === "post" ? "pulse-post" : "pulse-route", cx: from.x, cy: from.y });
    this.svg.appendChild(dot);
    this.#pulses++;
    const start = performance.now();
    const step = (now: number): void => {
      const t = Math.min(1, (now - start) / 600);
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
