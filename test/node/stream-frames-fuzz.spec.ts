/**
 * Fuzz: random and mutated inputs through the stream codecs (direct streams' frame family and the multicast group
 * frames). Each must decode (and then re-encode to bytes that decode the same) or throw FrameError; nothing else.
 */
import { decodeFrame, encodeFrame, FrameError, type Frame } from "../../as3-api/wire/frames.js";
import { decodeStreamFrame, encodeStreamFrame, type StreamFrame } from "../../as3-api/wire/streamFrames.js";
import { createRandom, type Random } from "../support/random.js";

const RUNS = 50_000;

function mutate(random: Random, input: Uint8Array): Uint8Array {
  let out = Array.from(input);
  for (let round = 1 + random.int(4); round > 0; round--) {
    const at = random.int(out.length + 1);
    switch (random.int(4)) {
      case 0: if (out.length > 0) out[Math.min(at, out.length - 1)] = random.int(256); break;
      case 1: out.splice(at, 0, ...random.bytes(1 + random.int(4))); break;
      case 2: out.splice(at, 1 + random.int(4)); break;
      default: out = out.slice(0, at);
    }
  }
  return Uint8Array.from(out);
}

const hex = (random: Random, bytes: number): string => Array.from(random.bytes(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

function directFrames(random: Random): StreamFrame[] {
  const stream = random.int(2 ** 31);
  return [
    { type: "play", stream, nonce: hex(random, 32), name: random.pick(["", "media", "ünïcode ✓"]) },
    { type: "accept", stream, nonce: hex(random, 32) },
    { type: "reject", stream, reason: random.pick(["refused", "full"] as const) },
    { type: "data", stream, time: random.int(2 ** 31), payload: random.bytes(random.int(20)) },
    { type: "unplay", stream },
    { type: "end", stream },
  ];
}

function multicastFrames(random: Random): Frame[] {
  const group = hex(random, 8);
  const streamId = hex(random, 8);
  return [
    { type: "announce", group, streams: [{ streamId, name: "live", publisher: hex(random, 32), live: true, version: 3, tag: random.chance(0.5) ? random.bytes(32) : new Uint8Array(0) }] },
    { type: "fragment", group, streamId, seq: 1 + random.int(1000), time: random.int(1e6), tag: random.chance(0.5) ? random.bytes(32) : new Uint8Array(0), payload: random.bytes(random.int(30)) },
    { type: "have", group, streamId, first: 1 + random.int(100), bits: random.bytes(random.int(20)) },
    { type: "fetch", group, streamId, seqs: Array.from({ length: random.int(5) }, () => random.int(1000)) },
  ];
}

function fuzz<F>(name: string, seeds: (random: Random) => F[], encode: (frame: F) => Uint8Array, decode: (bytes: Uint8Array) => F): void {
  it(`${name} survives ${RUNS} random and mutated inputs`, () => {
    const random = createRandom();
    const inputs = Array.from({ length: 20 }, () => seeds(random).map(encode)).flat();
    for (const input of inputs) expect(encode(decode(input))).toEqual(input);
    const problems: string[] = [];
    let decoded = 0;
    for (let i = 0; i < RUNS && problems.length < 5; i++) {
      const input = random.chance(0.1) ? random.bytes(random.int(40)) : mutate(random, random.pick(inputs));
      try {
        const frame = decode(input);
        decoded++;
        const again = encode(frame);
        if (encode(decode(again)).join() !== again.join()) problems.push(`unstable re-encode of ${Array.from(input).join(",")}`);
      } catch (error) {
        if (!(error instanceof FrameError)) problems.push(`${Array.from(input).join(",")} threw ${String(error)}`);
      }
    }
    expect(problems).withContext(`seed ${random.seed}`).toEqual([]);
    expect(decoded).withContext(`seed ${random.seed}`).toBeGreaterThan(RUNS / 100);
  });
}

describe("stream frame fuzz", () => {
  fuzz("decodeStreamFrame (direct streams)", directFrames, encodeStreamFrame, (bytes) => decodeStreamFrame(bytes));
  fuzz("decodeFrame (multicast frames)", multicastFrames, encodeFrame, (bytes) => decodeFrame(bytes));
});
