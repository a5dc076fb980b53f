/**
 * Frames of direct P2P NetStreams (docs/netstream.md), a frame family of their own beside the group frames
 * (wire/frames.ts): byte 0 is {@link STREAM_FRAME_FAMILY} where a group frame has its version byte, so one link
 * carries both and the mesh node hands each to its owner by that byte. Byte 1 is the type, then a body per type.
 *
 * Direct streams (DIRECT_CONNECTIONS) are keyed by a subscription number the subscriber chooses (unique per
 * subscriber and link): `play` asks a peer for a stream by name, the publisher answers `accept` or `reject`, then
 * sends `data`; either side ends it (`unplay` from the subscriber, `end` from the publisher).
 *
 * Direct streams belong to no group, so they are not group frames; multicast streams are (wire/frames/multicast.ts).
 *
 * Decoding checks every length against {@link StreamFrameLimits} and throws one {@link StreamFrameError}; the
 * engine drops and counts such frames.
 */
import { bytesToHex, hexToBytes, utf8Bytes } from "./bytes.js";
import { FrameError } from "./frames.js";

/** Byte 0 of every stream frame (group frames have their version, 1, there). */
export const STREAM_FRAME_FAMILY = 2;

/** Frame type numbers on the wire. */
export const StreamFrameType = {
  play: 1,
  accept: 2,
  reject: 3,
  data: 4,
  unplay: 5,
  end: 6,
} as const;

/** Why a publisher refused a subscriber. */
export type RejectReason = "refused" | "full";
const REJECT_CODES: Record<RejectReason, number> = { refused: 1, full: 2 };
const REJECT_NAMES: Record<number, RejectReason> = { 1: "refused", 2: "full" };

export type StreamFrame =
  | { readonly type: "play"; readonly stream: number; readonly nonce: string; readonly name: string }
  | { readonly type: "accept"; readonly stream: number; readonly nonce: string }
  | { readonly type: "reject"; readonly stream: number; readonly reason: RejectReason }
  /** One `send()`: `time` is the publisher's stream time in ms, `payload` the AMF3 of `[handler, ...args]`. */
  | { readonly type: "data"; readonly stream: number; readonly time: number; readonly payload: Uint8Array }
  | { readonly type: "unplay" | "end"; readonly stream: number };

/** Decode limits. */
export interface StreamFrameLimits {
  /** Largest frame, bytes. Default 256 KiB (as group frames). */
  readonly maxFrameBytes: number;
  /** Longest stream name, UTF-8 bytes. Default 1,024. */
  readonly maxNameBytes: number;
}

export const DEFAULT_STREAM_FRAME_LIMITS: StreamFrameLimits = Object.freeze({ maxFrameBytes: 256 * 1024, maxNameBytes: 1024 });

/** A stream frame that could not be decoded (the same error class as group frames). */
export class StreamFrameError extends FrameError {
  constructor(message: string, offset: number) {
    super(message, offset);
    this.name = "StreamFrameError";
  }
}

const TYPE_NAMES = Object.fromEntries(Object.entries(StreamFrameType).map(([name, value]) => [value, name])) as Record<number, StreamFrame["type"]>;

/** Writes frames into a growing buffer. */
class Writer {
  #bytes = new Uint8Array(64);
  #length = 0;

  #room(extra: number): void {
    if (this.#length + extra <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#length + extra));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
  }

  u8(value: number): this {
    this.#room(1);
    this.#bytes[this.#length++] = value & 0xff;
    return this;
  }

  u16(value: number): this {
    return this.u8(value >> 8).u8(value);
  }

  u32(value: number): this {
    this.#room(4);
    new DataView(this.#bytes.buffer).setUint32(this.#length, value >>> 0);
    this.#length += 4;
    return this;
  }

  bytes(value: Uint8Array): this {
    this.#room(value.length);
    this.#bytes.set(value, this.#length);
    this.#length += value.length;
    return this;
  }

  hex(value: string, length: number): this {
    const bytes = hexToBytes(value);
    if (bytes === null || bytes.length !== length) throw new TypeError(`expected ${length * 2} hex digits, got ${value.slice(0, 70)}`);
    return this.bytes(bytes);
  }

  /** A 16-bit length then UTF-8. */
  text(value: string): this {
    const bytes = utf8Bytes(value);
    if (bytes.length > 0xffff) throw new TypeError("text longer than 65,535 bytes");
    return this.u16(bytes.length).bytes(bytes);
  }

  finish(): Uint8Array {
    return this.#bytes.slice(0, this.#length);
  }
}

/** Encodes a frame. Throws `TypeError` for a malformed frame object (a bug in the caller, not bad input). */
export function encodeStreamFrame(frame: StreamFrame): Uint8Array {
  const out = new Writer().u8(STREAM_FRAME_FAMILY).u8(StreamFrameType[frame.type]);
  switch (frame.type) {
    case "play": return out.u32(frame.stream).hex(frame.nonce, 32).text(frame.name).finish();
    case "accept": return out.u32(frame.stream).hex(frame.nonce, 32).finish();
    case "reject": return out.u32(frame.stream).u8(REJECT_CODES[frame.reason]).finish();
    case "data": return out.u32(frame.stream).u32(frame.time).bytes(frame.payload).finish();
    case "unplay":
    case "end": return out.u32(frame.stream).finish();
  }
}

/** Reads a frame body, checking each read against the bytes left. */
class Reader {
  offset = 2;
  readonly #view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly type: string,
  ) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  #need(count: number): void {
    if (this.offset + count > this.bytes.length) throw new StreamFrameError(`${this.type} frame too short`, this.bytes.length);
  }

  u8(): number {
    this.#need(1);
    return this.bytes[this.offset++]!;
  }

  u16(): number {
    this.#need(2);
    const value = this.#view.getUint16(this.offset);
    this.offset += 2;
    return value;
  }

  u32(): number {
    this.#need(4);
    const value = this.#view.getUint32(this.offset);
    this.offset += 4;
    return value;
  }

  take(count: number): Uint8Array {
    this.#need(count);
    const value = this.bytes.slice(this.offset, this.offset + count);
    this.offset += count;
    return value;
  }

  hex(count: number): string {
    return bytesToHex(this.take(count));
  }

  text(maxBytes: number): string {
    const at = this.offset;
    const length = this.u16();
    if (length > maxBytes) throw new StreamFrameError(`name of ${length} bytes exceeds ${maxBytes}`, at);
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(this.take(length));
    } catch (error) {
      if (error instanceof StreamFrameError) throw error;
      throw new StreamFrameError("name is not UTF-8", at + 2);
    }
  }

  rest(): Uint8Array {
    const value = this.bytes.slice(this.offset);
    this.offset = this.bytes.length;
    return value;
  }

  end(): void {
    if (this.offset !== this.bytes.length) throw new StreamFrameError(`${this.bytes.length - this.offset} bytes after the ${this.type} frame`, this.offset);
  }
}

/** Decodes a stream frame; throws {@link StreamFrameError} for anything malformed or over the limits. */
export function decodeStreamFrame(bytes: Uint8Array, limits: StreamFrameLimits = DEFAULT_STREAM_FRAME_LIMITS): StreamFrame {
  if (bytes.length > limits.maxFrameBytes) throw new StreamFrameError(`frame of ${bytes.length} bytes exceeds ${limits.maxFrameBytes}`, limits.maxFrameBytes);
  if (bytes.length < 2) throw new StreamFrameError("shorter than a frame header", bytes.length);
  if (bytes[0] !== STREAM_FRAME_FAMILY) throw new StreamFrameError(`not a stream frame (byte 0 is ${bytes[0]})`, 0);
  const type = TYPE_NAMES[bytes[1]!];
  if (type === undefined) throw new StreamFrameError(`unknown stream frame type ${bytes[1]}`, 1);
  const r = new Reader(bytes, type);
  let frame: StreamFrame;
  switch (type) {
    case "play": frame = { type, stream: r.u32(), nonce: r.hex(32), name: r.text(limits.maxNameBytes) }; break;
    case "accept": frame = { type, stream: r.u32(), nonce: r.hex(32) }; break;
    case "reject": {
      const stream = r.u32();
      const code = r.u8();
      const reason = REJECT_NAMES[code];
      if (reason === undefined) throw new StreamFrameError(`unknown reject reason ${code}`, r.offset - 1);
      frame = { type, stream, reason };
      break;
    }
    case "data": frame = { type, stream: r.u32(), time: r.u32(), payload: r.rest() }; break;
    case "unplay":
    case "end": frame = { type, stream: r.u32() }; break;
  }
  r.end();
  return frame;
}
