/** RangeSet (engine/replication/RangeSet.ts) against a plain set of numbers, and at 2^53. */
import { RangeSet } from "../../as3-api/engine/index.js";
import { createRandom } from "../support/random.js";

describe("RangeSet", () => {
  it("agrees with a plain set under random adds and removes, and stays compact", () => {
    const random = createRandom();
    for (let round = 0; round < 200; round++) {
      const set = new RangeSet();
      const plain = new Set<number>();
      for (let step = 0; step < 40; step++) {
        const start = random.int(60);
        const end = start + random.int(8) - 1; // sometimes end < start: nothing happens
        const adding = random.chance(0.6);
        if (adding) set.add(start, end);
        else set.remove(start, end);
        for (let i = start; i <= end; i++) adding ? plain.add(i) : plain.delete(i);
      }
      const expected = [...plain].sort((a, b) => a - b);
      const listed = set.ranges.flatMap(([start, end]) => Array.from({ length: end - start + 1 }, (_, i) => start + i));
      expect(listed).withContext(`seed ${random.seed}`).toEqual(expected);
      expect(set.size).toBe(plain.size);
      for (let i = -1; i < 70; i++) expect(set.has(i)).toBe(plain.has(i));
      // Compact: intervals are disjoint and never adjacent.
      for (let i = 1; i < set.ranges.length; i++) expect(set.ranges[i]![0]).toBeGreaterThan(set.ranges[i - 1]![1] + 1);
    }
  });

  it("intersects and subtracts like sets", () => {
    const random = createRandom();
    for (let round = 0; round < 100; round++) {
      const a = new RangeSet();
      const b = new RangeSet();
      for (let i = 0; i < 6; i++) {
        const s = random.int(50);
        a.add(s, s + random.int(6));
        const t = random.int(50);
        b.add(t, t + random.int(6));
      }
      for (let i = 0; i < 60; i++) {
        expect(a.intersect(b).has(i)).toBe(a.has(i) && b.has(i));
        expect(a.minus(b).has(i)).toBe(a.has(i) && !b.has(i));
      }
    }
  });

  it("holds the whole index space 0 … 2^53 as one interval", () => {
    const top = 2 ** 53;
    const set = new RangeSet([[0, top]]);
    expect(set.intervalCount).toBe(1);
    expect(set.size).toBe(top + 1);
    set.remove(top - 1, top - 1);
    expect(set.ranges).toEqual([[0, top - 2], [top, top]]);
    set.add(top - 1, top - 1);
    expect(set.ranges).toEqual([[0, top]]);
    expect(set.first()).toBe(0);
  });
});
