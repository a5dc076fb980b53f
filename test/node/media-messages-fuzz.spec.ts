/**
 * Media messages of a multicast NetStream (wire/mediaMessages.ts): video and audio chunks round-trip; each malformed
 * message is rejected with a precise MediaMessageError; random and mutated bytes either decode to a message that
 * re-encodes to the same bytes or throw MediaMessageError, nothing else; the multicast service takes a fragment
 * that is a well-formed media message and refuses a malformed one (engine/streams/multicastTypes.ts).
 */
import { isStreamMessage } from "../../as3-api/engine/index.js";
import { encodeAmf3 } from "../../as3-api/wire/amf3.js";
import { decodeMediaMessage, encodeMediaMessage, isMediaMessage, MEDIA_LIMITS, MEDIA_MESSAGE_MARK, MediaMessageError, type MediaMessage } from "../../as3-api/wire/mediaMessages.js";
import { createRandom } from "../support/random.js";

const KEY: MediaMessage = { kind: "video", codec: "vp8", key: true, timestamp: 2 ** 40 + 123_456, duration: 66_666, width: 320, height: 240, data: Uint8Array.of(1, 2, 3, 4) };
const DELTA: MediaMessage = { kind: "video", codec: "vp8", key: false, timestamp: 66_666, duration: 0, width: 0, height: 0, data: Uint8Array.of(9) };
const AUDIO: MediaMessage = { kind: "audio", codec: "opus", timestamp: 60_000, duration: 60_000, sampleRate: 48_000, channels: 2, data: Uint8Array.of(0xfc, 0xff, 0xfe) };

/** The reason decoding `bytes` gives, without FrameError's "frame byte N: " prefix (or "decoded"). */
function reason(bytes: Uint8Array): string {
  try {
    decodeMediaMessage(bytes);
    return "decoded";
  } catch (error) {
    if (!(error instanceof MediaMessageError)) throw error;
    return error.message.replace(/^frame byte \d+: /, "");
  }
}

describe("media messages (multicast audio/video chunks)", () => {
  it("a key and a delta video chunk and an audio chunk round-trip; the header sizes are 17, 13 and 18 bytes", () => {
    for (const [message, header] of [[KEY, 17], [DELTA, 13], [AUDIO, 18]] as const) {
      const bytes = encodeMediaMessage(message);
      expect(bytes[0]).toBe(MEDIA_MESSAGE_MARK);
      expect(bytes.length).toBe(header + message.data.length);
      expect(isMediaMessage(bytes)).toBeTrue();
      expect(decodeMediaMessage(bytes)).toEqual(message);
      expect(isStreamMessage(bytes)).toBeTrue();
    }
  });

  it("is never mistaken for a send() message, nor a send() message for it", () => {
    const amf = encodeAmf3(["onData", 1]);
    expect(isMediaMessage(amf)).toBeFalse();
    expect(isStreamMessage(amf)).toBeTrue();
    expect(reason(amf)).toBe(`not a media message (byte 0 is ${amf[0]})`);
  });

  it("rejects each malformed message with a precise reason (and the multicast service refuses it)", () => {
    const key = encodeMediaMessage(KEY);
    const audio = encodeMediaMessage(AUDIO);
    const withByte = (bytes: Uint8Array, at: number, value: number): Uint8Array => {
      const copy = Uint8Array.from(bytes);
      copy[at] = value;
      return copy;
    };
    const cases: [Uint8Array, string][] = [
      [new Uint8Array(0), "empty message"],
      [key.slice(0, 12), "truncated media message: 12 bytes, the header is 13"],
      [withByte(key, 1, 7), "unknown media codec 7"],
      [withByte(key, 2, 3), "unknown media flags 3"],
      [key.slice(0, 15), "truncated media message: 15 bytes, its header needs 17"],
      [withByte(withByte(key, 13, 0), 14, 0), "a picture dimension of 0 (1 to 4096)"],
      [withByte(key, 15, 0x20), "a picture dimension of 8432 (1 to 4096)"],
      [key.slice(0, 17), "a media message without chunk bytes"],
      [withByte(audio, 2, 0), "an audio chunk without the key flag"],
      [withByte(audio, 15, 0), "a sample rate of 128 Hz (8000 to 192000)"],
      [withByte(audio, 17, 9), "9 channels (1 to 8)"],
      [withByte(audio, 17, 0), "0 channels (1 to 8)"],
      [Uint8Array.from([...key.slice(0, 17), ...new Uint8Array(MEDIA_LIMITS.maxDataBytes + 1)]), `a chunk of ${MEDIA_LIMITS.maxDataBytes + 1} bytes exceeds ${MEDIA_LIMITS.maxDataBytes}`],
    ];
    for (const [bytes, expected] of cases) {
      expect(reason(bytes)).toBe(expected);
      expect(isStreamMessage(bytes)).withContext(expected).toBeFalse();
    }
  });

  it("refuses to encode what it could not decode", () => {
    expect(() => encodeMediaMessage({ ...KEY, width: 0 })).toThrowError(MediaMessageError, /a picture dimension of 0 \(1 to 4096\)/);
    expect(() => encodeMediaMessage({ ...KEY, timestamp: -1 })).toThrowError(MediaMessageError, /timestamp -1/);
    expect(() => encodeMediaMessage({ ...AUDIO, data: new Uint8Array(0) })).toThrowError(MediaMessageError, /a chunk of 0 bytes/);
    expect(() => encodeMediaMessage({ ...AUDIO, sampleRate: 1 })).toThrowError(MediaMessageError, /a sample rate of 1 Hz/);
  });

  it("fuzz: random and mutated bytes decode to a message that re-encodes the same, or throw MediaMessageError", () => {
    const random = createRandom();
    const goods = [KEY, DELTA, AUDIO].map(encodeMediaMessage);
    for (let run = 0; run < 20_000; run++) {
      let bytes: Uint8Array;
      if (random.chance(0.3)) bytes = Uint8Array.from([MEDIA_MESSAGE_MARK, ...random.bytes(random.int(40))]);
      else {
        bytes = Uint8Array.from(goods[random.int(goods.length)]!);
        for (let flips = 1 + random.int(3); flips > 0; flips--) bytes[random.int(bytes.length)] = random.int(256);
        if (random.chance(0.2)) bytes = bytes.slice(0, random.int(bytes.length + 1));
      }
      try {
        const message = decodeMediaMessage(bytes);
        expect(encodeMediaMessage(message)).withContext(`seed ${random.seed}`).toEqual(bytes);
        expect(isStreamMessage(bytes)).withContext(`seed ${random.seed}`).toBeTrue();
      } catch (error) {
        if (!(error instanceof MediaMessageError)) fail(`seed ${random.seed}: ${String(error)}`);
        else if (isMediaMessage(bytes)) expect(isStreamMessage(bytes)).withContext(`seed ${random.seed}`).toBeFalse();
      }
    }
  });
});
