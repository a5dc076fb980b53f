/**
 * Multicast NetStreams' frames (group frames, numbers from the range reserved for streams): `announce` (which streams
 * exist in the group), `fragment` (one `send()` of a publisher, numbered), `have` (availability: which fragments the
 * sender holds; also "I take part in this stream") and `fetch` (a pull). Decode limits are this codec's own
 * constants ({@link MULTICAST_LIMITS}).
 */
import { bytesToHex, hexToBytes, utf8Bytes } from "../bytes.js";
import { count16, FrameError, HEADER_BYTES, hex32, ID_BYTES, type BodyReader, type FrameCodec, type GroupTag } from "./header.js";

/** One multicast stream as an `announce` lists it. */
export interface StreamAnnouncement {
  /** 16 hex digits, chosen at random by the publisher for each publish(). */
  readonly streamId: string;
  readonly name: string;
  /** The publisher's peer ID. */
  readonly publisher: string;
  /** False once unpublished (the end travels like the start). */
  readonly live: boolean;
  /**
   * The publisher's count of announcements of this stream: a member passes an announcement on only when it is newer
   * than what it knew, and forgets a live stream whose announcements stopped (a publisher that vanished).
   */
  readonly version: number;
  /** The publish password's tag (32 bytes) when the group has a publish password, else empty. */
  readonly tag: Uint8Array;
}

export type MulticastFrame =
  | { readonly type: "announce"; readonly group: GroupTag; readonly streams: readonly StreamAnnouncement[] }
  /**
   * One `send()` of a multicast publisher: fragment `seq` (1, 2, …) of stream `streamId`, its stream time in ms, and
   * the payload (AMF3 `[handler, ...args]`); `tag` authenticates it when the group has a publish password.
   */
  | { readonly type: "fragment"; readonly group: GroupTag; readonly streamId: string; readonly seq: number; readonly time: number; readonly tag: Uint8Array; readonly payload: Uint8Array }
  /** The sender holds fragments `first`, `first + 1`, … where `bits` has bit i (LSB first in each byte) set. */
  | { readonly type: "have"; readonly group: GroupTag; readonly streamId: string; readonly first: number; readonly bits: Uint8Array }
  /** "Send me these fragments." */
  | { readonly type: "fetch"; readonly group: GroupTag; readonly streamId: string; readonly seqs: readonly number[] };

/** Decode limits of multicast frames. */
export const MULTICAST_LIMITS = Object.freeze({
  /** Longest stream name, UTF-8 bytes. */
  maxNameBytes: 1024,
  /** Streams in one `announce`. */
  maxAnnouncements: 32,
  /** Bytes of one `have` bitmap (4,096 fragments). */
  maxHaveBytes: 512,
  /** Fragment numbers in one `fetch`. */
  maxFetch: 256,
});

const TAG_BYTES = 32;
const STREAM_ID_BYTES = 8;

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0);
  return out;
}

function streamId(hex: string): Uint8Array {
  const bytes = hexToBytes(hex);
  if (bytes === null || bytes.length !== STREAM_ID_BYTES) throw new TypeError(`a stream ID is 16 hex digits, got ${hex.slice(0, 40)}`);
  return bytes;
}

function tagOf(tag: Uint8Array): Uint8Array {
  if (tag.length !== 0 && tag.length !== TAG_BYTES) throw new TypeError("a tag is 32 bytes or none");
  return tag;
}

function text(value: string): Uint8Array[] {
  const bytes = utf8Bytes(value);
  if (bytes.length > 0xffff) throw new TypeError("text longer than 65,535 bytes");
  return [count16(bytes.length), bytes];
}

/** Sequential reads over a body, throwing FrameError with offsets in the whole frame. */
class Cursor {
  at = 0;
  readonly #view: DataView;

  constructor(
    readonly type: string,
    readonly body: Uint8Array,
  ) {
    this.#view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  }

  #need(count: number): void {
    if (this.at + count > this.body.length) throw new FrameError(`${this.type} body too short`, HEADER_BYTES + this.body.length);
  }

  u8(): number {
    this.#need(1);
    return this.body[this.at++]!;
  }

  u16(): number {
    this.#need(2);
    const value = this.#view.getUint16(this.at);
    this.at += 2;
    return value;
  }

  u32(): number {
    this.#need(4);
    const value = this.#view.getUint32(this.at);
    this.at += 4;
    return value;
  }

  take(count: number): Uint8Array {
    this.#need(count);
    const value = this.body.slice(this.at, this.at + count);
    this.at += count;
    return value;
  }

  text(): string {
    const at = this.at;
    const length = this.u16();
    if (length > MULTICAST_LIMITS.maxNameBytes) throw new FrameError(`name of ${length} bytes exceeds ${MULTICAST_LIMITS.maxNameBytes}`, HEADER_BYTES + at);
    const bytes = this.take(length);
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new FrameError("name is not UTF-8", HEADER_BYTES + at + 2);
    }
  }

  fail(message: string, back = 1): never {
    throw new FrameError(message, HEADER_BYTES + this.at - back);
  }

  end(): void {
    if (this.at !== this.body.length) throw new FrameError(`${this.body.length - this.at} bytes after the ${this.type} body`, HEADER_BYTES + this.at);
  }
}

export const multicastFrames: FrameCodec<MulticastFrame> = {
  types: { announce: 32, fragment: 33, have: 34, fetch: 35 },

  encodeBody(frame) {
    switch (frame.type) {
      case "announce": {
        const parts: Uint8Array[] = [Uint8Array.of(frame.streams.length)];
        for (const stream of frame.streams) {
          const tag = tagOf(stream.tag);
          parts.push(streamId(stream.streamId), hex32(stream.publisher), Uint8Array.of((stream.live ? 1 : 0) | (tag.length > 0 ? 2 : 0)), u32(stream.version), ...text(stream.name), tag);
        }
        return parts;
      }
      case "fragment": {
        const tag = tagOf(frame.tag);
        return [streamId(frame.streamId), u32(frame.seq), u32(frame.time), Uint8Array.of(tag.length > 0 ? 1 : 0), tag, frame.payload];
      }
      case "have":
        return [streamId(frame.streamId), u32(frame.first), count16(frame.bits.length), frame.bits];
      case "fetch":
        return [streamId(frame.streamId), count16(frame.seqs.length), ...frame.seqs.map(u32)];
    }
  },

  decodeBody(type, group: GroupTag, body: BodyReader): MulticastFrame {
    const r = new Cursor(type, body.body);
    let frame: MulticastFrame;
    switch (type) {
      case "announce": {
        const count = r.u8();
        if (count > MULTICAST_LIMITS.maxAnnouncements) r.fail(`${count} announcements exceed ${MULTICAST_LIMITS.maxAnnouncements}`);
        const streams: StreamAnnouncement[] = [];
        for (let i = 0; i < count; i++) {
          const id = bytesToHex(r.take(STREAM_ID_BYTES));
          const publisher = bytesToHex(r.take(ID_BYTES));
          const flags = r.u8();
          if (flags > 3) r.fail(`unknown announcement flags ${flags}`);
          const version = r.u32();
          const name = r.text();
          const tag = (flags & 2) !== 0 ? r.take(TAG_BYTES) : new Uint8Array(0);
          streams.push({ streamId: id, publisher, live: (flags & 1) !== 0, version, name, tag });
        }
        frame = { type, group, streams };
        break;
      }
      case "fragment": {
        const id = bytesToHex(r.take(STREAM_ID_BYTES));
        const seq = r.u32();
        if (seq === 0) r.fail("fragment number 0", 4);
        const time = r.u32();
        const flags = r.u8();
        if (flags > 1) r.fail(`unknown fragment flags ${flags}`);
        const tag = flags === 1 ? r.take(TAG_BYTES) : new Uint8Array(0);
        frame = { type, group, streamId: id, seq, time, tag, payload: r.take(r.body.length - r.at) };
        break;
      }
      case "have": {
        const id = bytesToHex(r.take(STREAM_ID_BYTES));
        const first = r.u32();
        const length = r.u16();
        if (length > MULTICAST_LIMITS.maxHaveBytes) r.fail(`availability of ${length} bytes exceeds ${MULTICAST_LIMITS.maxHaveBytes}`, 2);
        frame = { type, group, streamId: id, first, bits: r.take(length) };
        break;
      }
      case "fetch": {
        const id = bytesToHex(r.take(STREAM_ID_BYTES));
        const count = r.u16();
        if (count > MULTICAST_LIMITS.maxFetch) r.fail(`${count} fragment numbers exceed ${MULTICAST_LIMITS.maxFetch}`, 2);
        const seqs: number[] = [];
        for (let i = 0; i < count; i++) seqs.push(r.u32());
        frame = { type, group, streamId: id, seqs };
        break;
      }
    }
    r.end();
    return frame;
  },
};
