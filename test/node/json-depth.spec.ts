/** The server's pre-parse nesting measure (server/jsonDepth.ts), against JSON.stringify'd values and garbage. */
import { jsonDepthWithin } from "../../server/jsonDepth.js";
import { createRandom, type Random } from "../support/random.js";

/** A random JSON value and its nesting depth (arrays and objects; scalars are 0). */
function randomValue(random: Random, budget: number): { value: unknown; depth: number } {
  if (budget === 0 || random.chance(0.3)) {
    return { value: random.pick<unknown>([1, -2.5, true, null, "plain", 'q"uote', "br[ack{et", "back\\slash\\", "[\\\"]"]), depth: 0 };
  }
  const children = Array.from({ length: random.int(4) }, () => randomValue(random, budget - 1));
  const depth = 1 + Math.max(0, ...children.map((child) => child.depth));
  if (random.chance(0.5)) return { value: children.map((child) => child.value), depth };
  return { value: Object.fromEntries(children.map((child, i) => [`k${i}${random.pick(["", "[", "}", '"'])}`, child.value])), depth };
}

describe("jsonDepthWithin", () => {
  it("measures exactly the nesting of any JSON text, strings and escapes included", () => {
    const random = createRandom();
    for (let i = 0; i < 2000; i++) {
      const { value, depth } = randomValue(random, 1 + random.int(12));
      const text = JSON.stringify(value);
      expect(jsonDepthWithin(text, depth)).withContext(`seed ${random.seed}: ${text}`).toBeTrue();
      if (depth > 0) expect(jsonDepthWithin(text, depth - 1)).withContext(`seed ${random.seed}: ${text}`).toBeFalse();
    }
  });

  it("takes the issue's 4,100-deep payload in one pass and never throws on garbage", () => {
    expect(jsonDepthWithin("[".repeat(4100) + "]".repeat(4100), 32)).toBeFalse();
    expect(jsonDepthWithin("[".repeat(32) + "]".repeat(32), 32)).toBeTrue();
    const random = createRandom();
    const alphabet = ['"', "\\", "[", "]", "{", "}", "a", ",", ":"];
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: random.int(200) }, () => random.pick(alphabet)).join("");
      expect(typeof jsonDepthWithin(text, 1 + random.int(8))).toBe("boolean");
    }
  });
});
