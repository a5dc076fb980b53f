/**
 * The media control frames (wire/mediaFrames.ts): `want` round-trips, and random or mutated bytes either decode to a
 * frame that re-encodes to the same bytes or throw MediaFrameError; nothing else.
 */
import { decodeMediaFrame, encodeMediaFrame, MEDIA_FRAME_FAMILY, MediaFrameError } from "../../as3-api/wire/mediaFrames.js";
import { createRandom } from "../support/random.js";

const NONCE = "ab".repeat(32);

describe("media frames", () => {
  it("a want frame round-trips with each combination of kinds", () => {
    for (const audio of [false, true]) {
      for (const video of [false, true]) {
        const bytes = encodeMediaFrame({ type: "want", nonce: NONCE.toUpperCase(), audio, video });
        expect(bytes.length).toBe(35);
        expect(bytes[0]).toBe(MEDIA_FRAME_FAMILY);
        expect(decodeMediaFrame(bytes)).toEqual({ type: "want", nonce: NONCE, audio, video });
      }
    }
  });

  it("refuses a nonce that is not 64 hex digits when encoding", () => {
    expect(() => encodeMediaFrame({ type: "want", nonce: "xyz", audio: true, video: true })).toThrowError(RangeError);
  });

  it("rejects other families, types, lengths and flags with MediaFrameError", () => {
    const good = encodeMediaFrame({ type: "want", nonce: NONCE, audio: true, video: false });
    const variants = [new Uint8Array(0), good.slice(0, 1), good.slice(0, 34), Uint8Array.from([...good, 0]), Uint8Array.from([2, ...good.slice(1)]), Uint8Array.from([3, 9, ...good.slice(2)]), Uint8Array.from([3, 1, 4, ...good.slice(3)])];
    for (const bytes of variants) expect(() => decodeMediaFrame(bytes)).toThrowError(MediaFrameError);
  });

  it("fuzz: random and mutated bytes decode to a frame that re-encodes the same, or throw MediaFrameError", () => {
    const random = createRandom();
    const good = encodeMediaFrame({ type: "want", nonce: NONCE, audio: true, video: true });
    for (let run = 0; run < 20_000; run++) {
      let bytes: Uint8Array;
      if (random.chance(0.5)) bytes = random.bytes(random.int(40));
      else {
        bytes = Uint8Array.from(good);
        bytes[random.int(bytes.length)] = random.int(256);
      }
      try {
        const frame = decodeMediaFrame(bytes);
        expect(encodeMediaFrame(frame)).withContext(`seed ${random.seed}`).toEqual(bytes);
      } catch (error) {
        if (!(error instanceof MediaFrameError)) fail(`seed ${random.seed}: ${String(error)}`);
      }
    }
  });
});
