/**
 * Directed routing, as a group service (Flash's single-hop semantics: the receiver re-sends until `fromLocal`):
 * `sendToNearest` (`route` frames) and `sendToNeighbor`/`sendToAllNeighbors` (`neighbor` frames,
 * wire/frames/routing.ts). See docs/group-engine.md for the rule and the choice made where Flash's is unknown.
 * Event: `sendto`.
 */
import { encodeFrame, type RoutingFrame } from "../wire/frames.js";
import { amf3Value, UNDECODABLE, type Amf3Payload } from "./amf3Payload.js";
import type { SendResult } from "./groupOptions.js";
import type { GroupContext, GroupService } from "./host.js";
import type { KnownMember } from "./membership.js";
import type { Neighbours } from "./neighbours.js";
import { clockwise, positionOf, ringDistance } from "./ring.js";

/**
 * The member `sendToNearest` hands the message to: a neighbour whose address is exactly `target`, else whichever of
 * `self` and the neighbours is nearest to `target` on the ring (`self` on ties).
 */
export function nextHop<M extends KnownMember>(self: KnownMember, neighbours: Iterable<M>, target: string): M | KnownMember {
  const goal = positionOf(target);
  let best: M | KnownMember = self;
  let bestDistance = ringDistance(self.position, goal);
  for (const neighbour of neighbours) {
    if (neighbour.address === target) return neighbour;
    const distance = ringDistance(neighbour.position, goal);
    if (distance < bestDistance) [best, bestDistance] = [neighbour, distance];
  }
  return best;
}

/** The neighbour next up ("nextIncreasing") or down ("nextDecreasing") the ring from `self`, or null. */
export function neighbourToward<M extends KnownMember>(self: KnownMember, neighbours: Iterable<M>, direction: "nextIncreasing" | "nextDecreasing"): M | null {
  let best: M | null = null;
  let bestDistance = Infinity;
  for (const neighbour of neighbours) {
    const distance = direction === "nextIncreasing" ? clockwise(self.position, neighbour.position) : clockwise(neighbour.position, self.position);
    if (distance < bestDistance) [best, bestDistance] = [neighbour, distance];
  }
  return best;
}

/** One member's directed routing in one group. */
export class Routing implements GroupService<RoutingFrame> {
  readonly frameTypes = ["route", "neighbor"] as const;

  constructor(
    private readonly group: GroupContext,
    private readonly neighbours: Neighbours,
  ) {}

  /**
   * One hop toward `target`: the member nearest it among this one and its neighbours; an exact address match wins.
   * When this member is nearest but not exactly the target, it takes the message itself only in receive mode
   * "nearest"; in "exact" there is no route.
   */
  sendToNearest(target: string, message: Amf3Payload): SendResult {
    const { self, tag } = this.group;
    if (target === self.address) return this.#deliverLocally(message);
    const hop = nextHop(self, this.neighbours.neighbours.values(), target);
    if (hop !== self) return this.group.send(hop.peerId, { type: "route", group: tag, target, payload: message.bytes }) ? "sent" : "error";
    return this.neighbours.receiveMode === "nearest" ? this.#deliverLocally(message) : "no route";
  }

  /** The ring successor ("nextIncreasing"), predecessor ("nextDecreasing") or every neighbour ("allNeighbors"). */
  sendToNeighbor(mode: "nextIncreasing" | "nextDecreasing" | "allNeighbors", message: Amf3Payload): SendResult {
    const neighbours = this.neighbours.neighbours;
    if (neighbours.size === 0) return "no route";
    const bytes = encodeFrame({ type: "neighbor", group: this.group.tag, payload: message.bytes });
    if (mode === "allNeighbors") {
      let sent = false;
      for (const neighbour of neighbours.values()) sent = this.group.sendBytes(neighbour.peerId, bytes, "neighbor") || sent;
      return sent ? "sent" : "error";
    }
    const next = neighbourToward(this.group.self, neighbours.values(), mode);
    return next !== null && this.group.sendBytes(next.peerId, bytes, "neighbor") ? "sent" : "error";
  }

  receive(from: string, frame: RoutingFrame): void {
    const neighbour = this.neighbours.neighbours.get(from);
    if (neighbour === undefined) return;
    const message = amf3Value({ bytes: frame.payload }, this.group.options.amfLimits);
    if (message === UNDECODABLE) {
      this.group.stats.malformedPayloads++;
      return;
    }
    this.group.emit("sendto", { message, payload: frame.payload, from: neighbour.address, fromLocal: false });
  }

  /** This member takes the message itself (asynchronously, as Flash dispatches it). */
  #deliverLocally(message: Amf3Payload): SendResult {
    this.group.host.scheduler.setTimer(0, () => {
      if (this.group.closed) return;
      const value = amf3Value(message, this.group.options.amfLimits);
      if (value !== UNDECODABLE) this.group.emit("sendto", { message: value, payload: message.bytes, from: this.group.self.address, fromLocal: true });
    });
    return "sent";
  }
}
