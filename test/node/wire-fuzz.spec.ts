/**
 * Fuzz: 100,000 random and mutated inputs each through decodeFrame and decodeAmf3. Each must decode (and then
 * re-encode to bytes that decode to an equal value: test/support/amfEqual.ts) or throw the codec's own error;
 * nothing else, no hang. Random values must survive encode → decode equal to what was encoded. Floors: at least 1%
 * of the inputs decode. Every failure names the seed (FLASHMESH_SEED replays it).
 */
import { AmfError, decodeAmf3, encodeAmf3 } from "../../as3-api/wire/amf3.js";
import { decodeFrame, encodeFrame, FrameError, type Frame } from "../../as3-api/wire/frames.js";
import { amfValueDifference } from "../support/amfEqual.js";
import { createRandom, type Random } from "../support/random.js";

const RUNS = 100_000;

function mutate(random: Random, input: Uint8Array): Uint8Array {
  let out = Array.from(input);
  for (let round = 1 + random.int(4); round > 0; round--) {
    const at = random.int(out.length + 1);
    switch (random.int(5)) {
      case 0: if (out.length > 0) out[Math.min(at, out.length - 1)] = random.int(256); break;
      case 1: out.splice(at, 0, ...random.bytes(1 + random.int(4))); break;
      case 2: out.splice(at, 1 + random.int(4)); break;
      case 3: out = out.slice(0, at); break;
      default: if (out.length > 0) out[Math.min(at, out.length - 1)] = random.pick([0, 1, 0x7f, 0x80, 0xff, 0x0a, 0x09, 0x06]);
    }
  }
  return Uint8Array.from(out);
}

function randomValue(random: Random, depth = 0): unknown {
  switch (random.int(depth > 3 ? 6 : 9)) {
    case 0: return random.int(1000) - 500;
    case 1: return random.next() * 1e12;
    case 2: return random.pick(["", "a", "héllo", "key"]);
    case 3: return random.chance(0.5);
    case 4: return random.chance(0.5) ? null : undefined;
    case 5: return random.bytes(random.int(5));
    case 6: return Array.from({ length: random.int(4) }, () => randomValue(random, depth + 1));
    case 7: return new Date(random.int(2 ** 40));
    default: return Object.fromEntries(Array.from({ length: random.int(4) }, (_, i) => [`k${i}`, randomValue(random, depth + 1)]));
  }
}

describe("wire fuzz", () => {
  it(`decodeAmf3 survives ${RUNS} random and mutated inputs`, () => {
    const random = createRandom();
    const seeds = Array.from({ length: 50 }, () => encodeAmf3(randomValue(random)));
    const problems: string[] = [];
    let decoded = 0;
    for (let i = 0; i < RUNS && problems.length < 5; i++) {
      const input = random.chance(0.2) ? random.bytes(random.int(40)) : mutate(random, random.pick(seeds));
      let value: unknown;
      try {
        value = decodeAmf3(input);
      } catch (error) {
        if (!(error instanceof AmfError)) problems.push(`${Array.from(input).join(",")} threw ${String(error)}`);
        continue;
      }
      decoded++;
      // What decoded must re-encode and come back equal: no error of any kind from here on.
      try {
        const again = encodeAmf3(value);
        if (encodeAmf3(decodeAmf3(again)).join() !== again.join()) problems.push(`unstable re-encode of ${Array.from(input).join(",")}`);
        const difference = amfValueDifference(decodeAmf3(again), value);
        if (difference !== null) problems.push(`round trip changed the value of ${Array.from(input).join(",")} at ${difference}`);
      } catch (error) {
        problems.push(`${Array.from(input).join(",")} decoded, then its round trip threw ${String(error)}`);
      }
    }
    expect(problems).withContext(`seed ${random.seed}`).toEqual([]);
    expect(decoded).withContext(`seed ${random.seed}`).toBeGreaterThan(RUNS / 100);
  });

  it("encodeAmf3 → decodeAmf3 gives back an equal value for 20,000 random values, shared and cyclic ones too", () => {
    const random = createRandom();
    const problems: string[] = [];
    for (let i = 0; i < 20_000 && problems.length < 5; i++) {
      let value = randomValue(random);
      if (random.chance(0.1)) {
        // Sharing and cycles: the same object twice, and an object holding itself.
        const shared = { s: randomValue(random) };
        const cyclic: Record<string, unknown> = { v: value, a: shared, b: shared };
        cyclic["self"] = cyclic;
        value = [cyclic, shared];
      }
      try {
        const difference = amfValueDifference(decodeAmf3(encodeAmf3(value)), value);
        if (difference !== null) problems.push(`case ${i}: ${difference}`);
      } catch (error) {
        problems.push(`case ${i}: threw ${String(error)}`);
      }
    }
    expect(problems).withContext(`seed ${random.seed} (replay with FLASHMESH_SEED=${random.seed})`).toEqual([]);
  });

  it(`decodeFrame survives ${RUNS} random and mutated inputs`, () => {
    const random = createRandom();
    const group = "0011223344556677";
    const id = (): string => Array.from(random.bytes(32), (byte) => byte.toString(16).padStart(2, "0")).join("");
    const seeds: Frame[] = [
      { type: "join", group, nearest: true, reply: false },
      { type: "members", group, peers: [id(), id()] },
      { type: "post", group, messageId: id(), hops: 2, direct: false, payload: encodeAmf3({ a: 1 }) },
      { type: "ihave", group, announcements: [{ messageId: id(), hops: 1 }] },
      { type: "route", group, target: id(), payload: encodeAmf3("x") },
      { type: "ping", group, nonce: 5 },
      { type: "haveObjects", group, change: "add", ranges: [[0, 3], [9, 2 ** 53]] },
      { type: "requestObject", group, requestId: 9, index: 2 ** 52 },
      { type: "object", group, requestId: 9, index: 4, payload: encodeAmf3({ chunk: random.bytes(8) }) },
    ];
    const seedBytes = seeds.map((frame) => encodeFrame(frame));
    const problems: string[] = [];
    let decoded = 0;
    for (let i = 0; i < RUNS && problems.length < 5; i++) {
      const input = random.chance(0.2) ? random.bytes(random.int(80)) : mutate(random, random.pick(seedBytes));
      try {
        const frame = decodeFrame(input);
        decoded++;
        if (encodeFrame(frame).join() !== input.join()) problems.push(`re-encode differs for ${Array.from(input).join(",")}`);
      } catch (error) {
        if (!(error instanceof FrameError)) problems.push(`${Array.from(input).join(",")} threw ${String(error)}`);
      }
    }
    expect(problems).withContext(`seed ${random.seed}`).toEqual([]);
    expect(decoded).withContext(`seed ${random.seed}`).toBeGreaterThan(RUNS / 100);
  });
});
