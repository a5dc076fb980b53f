/**
 * Choosing the next hop of a directed message among this member and its neighbours (Flash's single-hop routing:
 * the receiver re-sends). See docs/group-engine.md for the rule and the choice made where Flash's is unknown.
 */
import type { KnownMember } from "./membership.js";
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
