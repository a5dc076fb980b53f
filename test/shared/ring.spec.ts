/** Ring arithmetic: distances, the member-count estimate and local coverage. */
import { clockwise, estimateMemberCount, localCoverage, positionOf, RING, ringDistance } from "../../as3-api/engine/index.js";
import { SimulatedScheduler } from "../../as3-api/transport/index.js";

describe("ring", () => {
  it("measures distances both ways round", () => {
    expect(clockwise(10, 30)).toBe(20);
    expect(clockwise(30, 10)).toBe(RING - 20);
    expect(ringDistance(30, 10)).toBe(20);
    expect(ringDistance(5, RING - 5)).toBe(10);
    expect(positionOf("f".repeat(64))).toBe(RING - 1);
    expect(positionOf("0".repeat(64))).toBe(0);
  });

  it("estimates the group size from evenly spread neighbours", () => {
    const gap = RING / 1000;
    const before = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => (RING - k * gap) % RING);
    const after = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => k * gap);
    expect(estimateMemberCount(before, after, 100)).toBe(1000);
    expect(estimateMemberCount(before.slice(0, 1), after.slice(0, 1), 2)).toBe(3);
    expect(estimateMemberCount([], [], 0)).toBe(1);
  });

  it("takes the count known when the members around are all it knows, however they cluster", () => {
    // Nine others packed into a tenth of the ring: the density would say about 80 members.
    const gap = RING / 100;
    const before = [1, 2, 3, 4].map((i) => RING - i * gap);
    const after = [1, 2, 3, 4, 5].map((i) => i * gap);
    expect(estimateMemberCount(before, after, 9)).toBe(10);
    // With many more known, the same window is a sample, and the density counts.
    expect(estimateMemberCount(before, after.slice(0, 4), 40)).toBe(100);
  });

  it("covers halfway to each side, or everything when alone", () => {
    const self = "80".padEnd(64, "0");
    const below = "40".padEnd(64, "0");
    const above = "c0".padEnd(64, "0");
    expect(localCoverage(self, below, above)).toEqual({ from: "60".padEnd(64, "0"), to: "9f".padEnd(64, "f") });
    expect(localCoverage(self, null, null)).toEqual({ from: "80".padEnd(63, "0") + "1", to: self });
  });
});

describe("SimulatedScheduler", () => {
  it("runs callbacks in time order, ties in the order set, and skips cancelled ones", () => {
    const scheduler = new SimulatedScheduler();
    const order: string[] = [];
    scheduler.setTimer(20, () => order.push("b"));
    scheduler.setTimer(10, () => order.push("a"));
    scheduler.setTimer(20, () => order.push("c"));
    scheduler.setTimer(15, () => order.push("never")).cancel();
    scheduler.setTimer(5, () => scheduler.setTimer(1, () => order.push("nested")));
    expect(scheduler.runUntil(100)).toBe(5);
    expect(order).toEqual(["nested", "a", "b", "c"]);
    expect(scheduler.now()).toBe(100);
  });
});
