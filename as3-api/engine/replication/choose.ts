/**
 * Which wanted index to fetch next, and from whom: LOWEST_FIRST takes the lowest index some neighbour can be asked
 * for; RAREST_FIRST takes one of the indices the fewest neighbours have (among those some neighbour can be asked for
 * now), at random within them, so members fetching from the same seeder spread over different objects and then
 * trade them (the swarm).
 */
import { RangeSet } from "./RangeSet.js";

/** Replication strategies, as NetGroupReplicationStrategy strings. */
export type ReplicationStrategy = "lowestFirst" | "rarestFirst";

/** A neighbour that has objects. */
export interface Holder {
  readonly peerId: string;
  /** Everything it advertised. */
  readonly haves: RangeSet;
  /** What it may be asked for now (its haves ∩ what is needed, minus indices it failed recently); null when it is busy. */
  readonly available: RangeSet | null;
}

/** The index to fetch next, or null when no holder that may be asked has one. */
export function chooseIndex(strategy: ReplicationStrategy, holders: readonly Holder[], needed: RangeSet, random: () => number): number | null {
  if (strategy === "lowestFirst") {
    let best: number | null = null;
    for (const holder of holders) {
      const first = holder.available?.first() ?? null;
      if (first !== null && (best === null || first < best)) best = first;
    }
    return best;
  }
  return rarest(holders, needed, random);
}

/**
 * A sweep over interval boundaries: between two boundaries every index has the same number of holders (`total`) and
 * of holders that may be asked now (`askable`). The candidates are the segments with `askable` ≥ 1 and the least
 * `total`; one index is drawn uniformly among them.
 */
function rarest(holders: readonly Holder[], needed: RangeSet, random: () => number): number | null {
  const changes = new Map<number, { total: number; askable: number }>();
  const change = (at: number, total: number, askable: number): void => {
    const entry = changes.get(at) ?? { total: 0, askable: 0 };
    entry.total += total;
    entry.askable += askable;
    changes.set(at, entry);
  };
  for (const holder of holders) {
    if (holder.available === null || holder.available.isEmpty) continue;
    for (const [start, end] of holder.haves.intersect(needed).ranges) {
      change(start, 1, 0);
      change(end + 1, -1, 0);
    }
    for (const [start, end] of holder.available.ranges) {
      change(start, 0, 1);
      change(end + 1, 0, -1);
    }
  }
  // Holders that may not be asked now still make an index less rare.
  for (const holder of holders) {
    if (holder.available !== null && !holder.available.isEmpty) continue;
    for (const [start, end] of holder.haves.intersect(needed).ranges) {
      change(start, 1, 0);
      change(end + 1, -1, 0);
    }
  }
  const points = [...changes.keys()].sort((a, b) => a - b);
  let total = 0;
  let askable = 0;
  let least = Infinity;
  let segments: [number, number][] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const entry = changes.get(points[i]!)!;
    total += entry.total;
    askable += entry.askable;
    if (askable < 1) continue;
    if (total < least) [least, segments] = [total, []];
    if (total === least) segments.push([points[i]!, points[i + 1]! - 1]);
  }
  let length = 0;
  for (const [start, end] of segments) length += end - start + 1;
  if (length === 0) return null;
  let pick = Math.min(length - 1, Math.floor(random() * length));
  for (const [start, end] of segments) {
    if (pick <= end - start) return start + pick;
    pick -= end - start + 1;
  }
  return null;
}
