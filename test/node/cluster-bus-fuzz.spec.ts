/**
 * The parser of messages between nodes (server/clusterBus.ts): what a node encodes comes back whole, and anything
 * else (truncations, mutations, random text, wrong fields) is refused with a reason, never thrown on or half-accepted.
 */
import { busMessageLimit, encodeBusMessage, parseBusMessage, type BusMessage } from "../../server/clusterBus.js";
import { DEFAULT_LIMITS } from "../../server/options.js";
import { createRandom, type Random } from "../support/random.js";

const LIMITS = DEFAULT_LIMITS;
const hex = (random: Random, digits: number): string => Array.from({ length: digits }, () => "0123456789abcdef"[random.int(16)]).join("");

/** A message a node could send, and what the receiving parser must make of it. */
function validMessage(random: Random): { text: string; expected: BusMessage } {
  const from = hex(random, 64);
  const to = hex(random, 64);
  switch (random.int(3)) {
    case 0: {
      const message = { k: "relay", node: hex(random, 16), from, req: random.int(1e6), to, args: [{ amf3: "BgdoaQ==" }, random.int(100), "text"] } as const;
      return { text: encodeBusMessage(message), expected: message };
    }
    case 1: {
      const message = { k: "relay-error", to, req: random.int(1e6), code: random.pick(["unknown-peer", "peer-busy"] as const), message: "no client here" } as const;
      return { text: encodeBusMessage(message), expected: message };
    }
    default: {
      const type = random.pick(["OFFER", "ANSWER", "CANDIDATE", "LEAVE", "EXPIRE"]);
      const text = JSON.stringify({ type, src: from, dst: to, payload: { sdp: "v=0" } });
      return { text: encodeBusMessage({ k: "signal", to, text }), expected: { k: "signal", to, text, type, src: from } };
    }
  }
}

describe("messages between cluster nodes", () => {
  it("parse back exactly what a node encodes", () => {
    const random = createRandom();
    for (let i = 0; i < 500; i++) {
      const { text, expected } = validMessage(random);
      expect(parseBusMessage(text, LIMITS)).withContext(`seed ${random.seed}: ${text}`).toEqual({ ok: true, message: expected });
    }
  });

  it("refuse truncated, mutated and random text with a reason, never throwing", () => {
    const random = createRandom();
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      const { text } = validMessage(random);
      let mutated: string;
      switch (random.int(4)) {
        case 0:
          mutated = text.slice(0, random.int(text.length));
          break;
        case 1: {
          const at = random.int(text.length);
          mutated = text.slice(0, at) + random.pick(['"', "{", "]", "x", "\\", "0", ":", ","]) + text.slice(at + 1);
          break;
        }
        case 2:
          mutated = String.fromCharCode(...Array.from({ length: random.int(200) }, () => random.int(128)));
          break;
        default:
          mutated = text.replace(/"(k|to|from|node|req|args|code|text)"/, `"${random.pick(["kk", "t0", "x"])}"`);
      }
      const parsed = parseBusMessage(mutated, LIMITS);
      if (!parsed.ok) {
        expect(parsed.reason.length).withContext(`seed ${random.seed}: ${mutated}`).toBeGreaterThan(0);
        refused++;
      } else {
        // A mutation that still parses must still be a whole, well-formed message of a known kind.
        expect(["relay", "relay-error", "signal"]).withContext(`seed ${random.seed}: ${mutated}`).toContain(parsed.message.k);
      }
    }
    expect(refused).withContext(`seed ${random.seed}`).toBeGreaterThan(1500);
  });

  it("refuse oversized and over-deep text before parsing it, and wrong fields one by one", () => {
    const to = "ab".repeat(32);
    expect(parseBusMessage("x".repeat(busMessageLimit(LIMITS) + 1), LIMITS)).toEqual({ ok: false, reason: jasmine.stringContaining("over the limit") });
    expect(parseBusMessage("[".repeat(1000), LIMITS)).toEqual({ ok: false, reason: jasmine.stringContaining("nested deeper") });
    const refusals = [
      { k: "relay", node: "nothex", from: to, to, req: 1, args: [] },
      { k: "relay", node: "0123456789abcdef", from: to, to, req: 1.5, args: [] },
      { k: "relay", node: "0123456789abcdef", from: to.toUpperCase(), to, req: 1, args: [] },
      { k: "relay-error", to, req: 1, code: "made-up", message: "m" },
      { k: "relay-error", to, req: 1, code: "unknown-peer", message: "m".repeat(501) },
      { k: "signal", to, text: JSON.stringify({ type: "HEARTBEAT", src: to, dst: to }) },
      { k: "signal", to, text: JSON.stringify({ type: "OFFER", src: to, dst: "cd".repeat(32) }) },
      { k: "signal", to, text: "not json" },
      { k: "nuke" },
    ];
    for (const message of refusals) expect(parseBusMessage(JSON.stringify(message), LIMITS).ok).withContext(JSON.stringify(message).slice(0, 120)).toBeFalse();
  });
});
