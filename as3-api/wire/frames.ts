/**
 * Binary frames between members of a group (version 1). Every frame: version byte, type byte, the 8-byte group tag
 * (first bytes of the group ID, so one peer-to-peer link can carry several groups), then a body per type. Payloads
 * are AMF3 (as3-api/wire/amf3.ts). Decoding checks every length against {@link FrameLimits} and throws one
 * {@link FrameError}; the engine drops and counts such frames, never passing the error to the application.
 */
import { bytesToHex, hexToBytes } from "./bytes.js";

export const FRAME_VERSION = 1;

/** Frame type numbers on the wire. */
export const FrameType = {
  join: 1,
  leave: 2,
  members: 3,
  post: 4,
  ihave: 5,
  graft: 6,
  prune: 7,
  route: 8,
  neighbor: 9,
  ping: 10,
  pong: 11,
} as const;

/** Group tag: 16 hex digits, the first 8 bytes of the group ID. */
export type GroupTag = string;

/** The first 8 bytes of a 64-hex-digit group ID. */
export function groupTagOf(groupId: string): GroupTag {
  return groupId.slice(0, 16);
}

export type Frame =
  /** "Be my neighbour in this group" (`reply` false), or the answer (`reply` true). */
  | { readonly type: "join"; readonly group: GroupTag; readonly nearest: boolean; readonly reply: boolean }
  /** No longer neighbours in this group. */
  | { readonly type: "leave"; readonly group: GroupTag }
  /** Members the sender knows (peer IDs). */
  | { readonly type: "members"; readonly group: GroupTag; readonly peers: readonly string[] }
  /**
   * A post, pushed eagerly. `hops` counts the links it crossed. `direct`: the poster sent it to every member itself
   * (a small, fully meshed group), so receivers do not push it further.
   */
  | { readonly type: "post"; readonly group: GroupTag; readonly messageId: string; readonly hops: number; readonly direct: boolean; readonly payload: Uint8Array }
  /** Lazy push: posts the sender has, each with the hops it took to reach the sender. */
  | { readonly type: "ihave"; readonly group: GroupTag; readonly announcements: readonly Announcement[] }
  /** "Send me these posts, and push eagerly to me from now on." */
  | { readonly type: "graft"; readonly group: GroupTag; readonly messageIds: readonly string[] }
  /** "Stop pushing posts eagerly to me." */
  | { readonly type: "prune"; readonly group: GroupTag }
  /** `sendToNearest`: a message toward a group address. */
  | { readonly type: "route"; readonly group: GroupTag; readonly target: string; readonly payload: Uint8Array }
  /** `sendToNeighbor` / `sendToAllNeighbors`. */
  | { readonly type: "neighbor"; readonly group: GroupTag; readonly payload: Uint8Array }
  | { readonly type: "ping" | "pong"; readonly group: GroupTag; readonly nonce: number };

/** One post announced in an `ihave` frame. */
export interface Announcement {
  readonly messageId: string;
  readonly hops: number;
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

const TYPE_NAMES = Object.fromEntries(Object.entries(FrameType).map(([name, value]) => [value, name])) as Record<number, Frame["type"]>;
const ID_BYTES = 32;
const HEADER_BYTES = 10;

/** Encodes a frame. Throws `TypeError` for a malformed frame object (a bug in the caller, not bad input). */
export function encodeFrame(frame: Frame): Uint8Array {
  const ids = (list: readonly string[]): Uint8Array[] => list.map((id) => hex32(id));
  let body: Uint8Array[];
  switch (frame.type) {
    case "join": body = [Uint8Array.of((frame.nearest ? 1 : 0) | (frame.reply ? 2 : 0))]; break;
    case "leave":
    case "prune": body = []; break;
    case "members": body = [Uint8Array.of(frame.peers.length), ...ids(frame.peers)]; break;
    case "post": body = [hex32(frame.messageId), Uint8Array.of(Math.min(255, frame.hops), frame.direct ? 1 : 0), frame.payload]; break;
    case "ihave":
      body = [Uint8Array.of(frame.announcements.length >> 8, frame.announcements.length & 0xff)];
      for (const { messageId, hops } of frame.announcements) body.push(hex32(messageId), Uint8Array.of(Math.min(255, hops)));
      break;
    case "graft": body = [Uint8Array.of(frame.messageIds.length >> 8, frame.messageIds.length & 0xff), ...ids(frame.messageIds)]; break;
    case "route": body = [hex32(frame.target), frame.payload]; break;
    case "neighbor": body = [frame.payload]; break;
    default: {
      const nonce = new Uint8Array(4);
      new DataView(nonce.buffer).setUint32(0, frame.nonce >>> 0);
      body = [nonce];
    }
  }
  const tag = hexToBytes(frame.group);
  if (tag === null || tag.length !== 8) throw new TypeError(`group tag must be 16 hex digits, got ${frame.group}`);
  let length = HEADER_BYTES;
  for (const part of body) length += part.length;
  const out = new Uint8Array(length);
  out[0] = FRAME_VERSION;
  out[1] = FrameType[frame.type];
  out.set(tag, 2);
  let offset = HEADER_BYTES;
  for (const part of body) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Decodes a frame; throws {@link FrameError} for anything malformed or over the limits. */
export function decodeFrame(bytes: Uint8Array, limits: FrameLimits = DEFAULT_FRAME_LIMITS): Frame {
  if (bytes.length > limits.maxFrameBytes) throw new FrameError(`frame of ${bytes.length} bytes exceeds ${limits.maxFrameBytes}`, limits.maxFrameBytes);
  if (bytes.length < HEADER_BYTES) throw new FrameError("shorter than a frame header", bytes.length);
  if (bytes[0] !== FRAME_VERSION) throw new FrameError(`unknown frame version ${bytes[0]}`, 0);
  const type = TYPE_NAMES[bytes[1]!];
  if (type === undefined) throw new FrameError(`unknown frame type ${bytes[1]}`, 1);
  const group = bytesToHex(bytes.subarray(2, HEADER_BYTES));
  const body = bytes.subarray(HEADER_BYTES);
  const exact = (length: number): void => {
    if (body.length !== length) throw new FrameError(`${type} body must be ${length} bytes, is ${body.length}`, HEADER_BYTES);
  };
  /** A count (1 or 2 bytes) then that many entries of `entryBytes`, each starting with a 32-byte ID. */
  const entries = (countBytes: number, max: number, entryBytes: number): number[] => {
    if (body.length < countBytes) throw new FrameError(`${type} body too short`, HEADER_BYTES);
    const count = countBytes === 1 ? body[0]! : (body[0]! << 8) | body[1]!;
    if (count > max) throw new FrameError(`${count} entries exceed ${max}`, HEADER_BYTES);
    exact(countBytes + count * entryBytes);
    return Array.from({ length: count }, (_, i) => countBytes + i * entryBytes);
  };
  const idAt = (offset: number): string => bytesToHex(body.subarray(offset, offset + ID_BYTES));
  switch (type) {
    case "join":
      exact(1);
      if (body[0]! > 3) throw new FrameError(`unknown join flags ${body[0]}`, HEADER_BYTES);
      return { type, group, nearest: (body[0]! & 1) !== 0, reply: (body[0]! & 2) !== 0 };
    case "leave":
    case "prune":
      exact(0);
      return { type, group };
    case "members":
      return { type, group, peers: entries(1, limits.maxMembers, ID_BYTES).map(idAt) };
    case "post":
      if (body.length < ID_BYTES + 2) throw new FrameError("post body too short", HEADER_BYTES);
      if (body[ID_BYTES + 1]! > 1) throw new FrameError(`unknown post flags ${body[ID_BYTES + 1]}`, HEADER_BYTES + ID_BYTES + 1);
      return { type, group, messageId: idAt(0), hops: body[ID_BYTES]!, direct: body[ID_BYTES + 1] === 1, payload: body.slice(ID_BYTES + 2) };
    case "ihave":
      return { type, group, announcements: entries(2, limits.maxMessageIds, ID_BYTES + 1).map((at) => ({ messageId: idAt(at), hops: body[at + ID_BYTES]! })) };
    case "graft":
      return { type, group, messageIds: entries(2, limits.maxMessageIds, ID_BYTES).map(idAt) };
    case "route":
      if (body.length < ID_BYTES) throw new FrameError("route body too short", HEADER_BYTES);
      return { type, group, target: bytesToHex(body.subarray(0, ID_BYTES)), payload: body.slice(ID_BYTES) };
    case "neighbor":
      return { type, group, payload: body.slice() };
    default:
      exact(4);
      return { type, group, nonce: new DataView(body.buffer, body.byteOffset, 4).getUint32(0) };
  }
}

function hex32(hex: string): Uint8Array {
  const bytes = hexToBytes(hex);
  if (bytes === null || bytes.length !== ID_BYTES) throw new TypeError(`expected 64 hex digits, got ${hex.slice(0, 70)}`);
  return bytes;
}
