/**
 * bench:media's frame stamp (bench/browser/frameStamp.ts): the time drawn as 32 blocks reads back exactly, across
 * the 24-bit wrap and through the brightness a codec leaves; any one flipped block is caught by the check.
 */
import { readStamp, stampAge, stampBits } from "../../bench/browser/frameStamp.js";
import { createRandom } from "../support/random.js";

const brightnessOf = (bits: boolean[]): number[] => bits.map((white) => (white ? 255 : 0));

describe("frame stamp", () => {
  it("reads back the time it stamped, with its age across the wrap", () => {
    const random = createRandom();
    for (let i = 0; i < 500; i++) {
      const now = 1_765_000_000_000 + Math.floor(random.next() * 1e9);
      const stamp = readStamp(brightnessOf(stampBits(now)));
      expect(stamp).withContext(`seed ${random.seed}`).not.toBeNull();
      expect(stampAge(stamp!, now)).toBe(0);
      expect(stampAge(stamp!, now + 137)).toBe(137);
      expect(stampAge(stamp!, now - 3)).toBe(-3);
    }
    // Drawn just before the 24-bit time wraps, read just after.
    const beforeWrap = 2 ** 24 * 100_000 - 5;
    expect(stampAge(readStamp(brightnessOf(stampBits(beforeWrap)))!, beforeWrap + 20)).toBe(20);
  });

  it("reads through grey levels a codec leaves (anything on the right side of half)", () => {
    const random = createRandom();
    for (let i = 0; i < 200; i++) {
      const now = 1_765_000_000_000 + i * 33;
      const muddy = stampBits(now).map((white) => (white ? 128 + random.next() * 127 : random.next() * 127));
      expect(readStamp(muddy)).withContext(`seed ${random.seed}`).not.toBeNull();
      expect(stampAge(readStamp(muddy)!, now)).toBe(0);
    }
  });

  it("rejects a frame with any one block flipped, and a wrong count of blocks", () => {
    const bits = stampBits(1_765_432_109_876);
    for (let at = 0; at < bits.length; at++) {
      const flipped = bits.map((white, index) => (index === at ? !white : white));
      expect(readStamp(brightnessOf(flipped))).withContext(`block ${at}`).toBeNull();
    }
    expect(readStamp(brightnessOf(bits).slice(1))).toBeNull();
  });
});
