/** Checks on a whole group's overlay, for specs and benchmarks that can see every member. */
import type { GroupOverlay } from "../../as3-api/engine/index.js";

/** Members sorted by group address. */
export function ringOrder(groups: readonly GroupOverlay[]): GroupOverlay[] {
  return [...groups].sort((a, b) => (a.self.address < b.self.address ? -1 : 1));
}

/** Whether every member has its true ring successor as a neighbour. */
export function ringClosed(groups: readonly GroupOverlay[]): boolean {
  const ring = ringOrder(groups);
  return ring.every((group, i) => {
    const next = ring[(i + 1) % ring.length]!;
    return next === group || group.neighbours.has(next.self.peerId);
  });
}
