/**
 * What every group frame shares (version 1): version byte, type byte, the 8-byte group tag (first bytes of the group
 * ID, so one peer-to-peer link can carry several groups), then a body that belongs to one service. Type numbers are
 * grouped by service ({@link FRAME_TYPE_RANGES}); each service's frames live in their own file beside this one.
 */
import { bytesToHex, hexToBytes } from "../bytes.js";

export const FRAME_VERSION = 1;
export const HEADER_BYTES = 10;
/** Bytes of a peer ID, message ID or group address on the wire. */
export const ID_BYTES = 32;

/** Group tag: 16 hex digits, the first 8 bytes of the group ID. */
export type GroupTag = string;

/** The first 8 bytes of a 64-hex-digit group ID. */
export function groupTagOf(groupId: string): GroupTag {
  return groupId.slice(0, 16);
}

/**
 * Type numbers reserved for services still to come (inclusive ranges), so each new service's frames get numbers of
 * their own. The numbers in use are in each service's codec (overlay 1–3, 10, 11; posting 4–7; routing 8–9).
 */
export const RESERVED_FRAME_TYPES = {
  /** P2P NetStream (multicast streams). */
  stream: [32, 47],
  /** Object replication. */
  replication: [48, 63],
} as const;

/**
 * One service's frames on the wire: its type numbers by name, and how a body is written and read. The frame header
 * is the caller's (wire/frames.ts).
 */
export interface FrameCodec<F extends { readonly type: string }> {
  readonly types: { readonly [K in F["type"]]: number };
  /** The body of `frame` as parts to concatenate. TypeError for a malformed frame object (a caller's bug). */
  encodeBody(frame: F): Uint8Array[];
  /** Reads the body of a frame of type `type`; throws {@link FrameError}. */
  decodeBody(type: F["type"], group: GroupTag, body: BodyReader, limits: FrameLimits): F;
}

/** Decode limits. */
export interface FrameLimits {
  /** Largest frame, bytes. Default 256 KiB (WebRTC data channels deliver up to that reliably everywhere). */
  readonly maxFrameBytes: number;
  /** Peer IDs in one `members` frame. Default 64. */
  readonly maxMembers: number;
  /** Entries in one `ihave` or `graft` frame. Default 512. */
  readonly maxMessageIds: number;
}

export const DEFAULT_FRAME_LIMITS: FrameLimits = Object.freeze({ maxFrameBytes: 256 * 1024, maxMembers: 64, maxMessageIds: 512 });

/** A frame that could not be decoded; `offset` is the byte at fault. */
export class FrameError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`frame byte ${offset}: ${message}`);
    this.name = "FrameError";
  }
}

/** Reads a frame body: bounds-checked helpers that throw {@link FrameError} with the offset in the whole frame. */
export class BodyReader {
  constructor(
    readonly type: string,
    readonly body: Uint8Array,
  ) {}

  /** Throws unless the body is exactly `length` bytes. */
  exact(length: number): void {
    if (this.body.length !== length) throw new FrameError(`${this.type} body must be ${length} bytes, is ${this.body.length}`, HEADER_BYTES);
  }

  /** Throws unless the body has at least `length` bytes. */
  atLeast(length: number): void {
    if (this.body.length < length) throw new FrameError(`${this.type} body too short`, HEADER_BYTES);
  }

  /** A count (1 or 2 bytes), then exactly that many entries of `entryBytes`: the offsets of the entries. */
  entries(countBytes: 1 | 2, max: number, entryBytes: number): number[] {
    const body = this.body;
    this.atLeast(countBytes);
    const count = countBytes === 1 ? body[0]! : (body[0]! << 8) | body[1]!;
    if (count > max) throw new FrameError(`${count} entries exceed ${max}`, HEADER_BYTES);
    this.exact(countBytes + count * entryBytes);
    return Array.from({ length: count }, (_, i) => countBytes + i * entryBytes);
  }

  /** 32 bytes at `offset` as 64 hex digits. */
  id(offset: number): string {
    return bytesToHex(this.body.subarray(offset, offset + ID_BYTES));
  }
}

/** 64 hex digits as 32 bytes; TypeError for anything else (a bug in the caller, not bad input). */
export function hex32(hex: string): Uint8Array {
  const bytes = hexToBytes(hex);
  if (bytes === null || bytes.length !== ID_BYTES) throw new TypeError(`expected 64 hex digits, got ${hex.slice(0, 70)}`);
  return bytes;
}

/** A 2-byte big-endian count. */
export function count16(count: number): Uint8Array {
  return Uint8Array.of(count >> 8, count & 0xff);
}
