/**
 * Binary frames between members of a group (version 1): the header every frame shares (wire/frames/header.ts) and
 * one codec per group service, each in its own file: the overlay's (join, leave, members, ping, pong), posting's
 * (post, ihave, graft, prune), directed routing's (route, neighbor), object replication's (haveObjects,
 * requestObject, object, denyObject) and multicast streams' (announce, fragment, have, fetch). A new service adds its file and one entry in
 * {@link CODECS}. Decoding checks every length against {@link FrameLimits} and throws one {@link FrameError}; the
 * engine drops and counts such frames, never passing the error to the application.
 */
import { bytesToHex, hexToBytes } from "./bytes.js";
import { BodyReader, FRAME_VERSION, FrameError, HEADER_BYTES, DEFAULT_FRAME_LIMITS, type FrameCodec, type FrameLimits } from "./frames/header.js";
import { multicastFrames, type MulticastFrame } from "./frames/multicast.js";
import { overlayFrames, type OverlayFrame } from "./frames/overlay.js";
import { postingFrames, type PostingFrame } from "./frames/posting.js";
import { replicationFrames, type ReplicationFrame } from "./frames/replication.js";
import { routingFrames, type RoutingFrame } from "./frames/routing.js";

export { DEFAULT_FRAME_LIMITS, FRAME_VERSION, FrameError, groupTagOf, RESERVED_FRAME_TYPES, type FrameLimits, type GroupTag } from "./frames/header.js";
export { MULTICAST_LIMITS, type MulticastFrame, type StreamAnnouncement } from "./frames/multicast.js";
export type { OverlayFrame } from "./frames/overlay.js";
export type { Announcement, PostingFrame } from "./frames/posting.js";
export type { RoutingFrame } from "./frames/routing.js";
export { MAX_OBJECT_BYTES, MAX_OBJECT_INDEX, OBJECT_HEADER_BYTES, REPLICATION_LIMITS, type HaveChange, type ReplicationFrame } from "./frames/replication.js";

/** Every group frame. */
export type Frame = OverlayFrame | PostingFrame | RoutingFrame | ReplicationFrame | MulticastFrame;

/**
 * Each service's codec. (Seen from here a codec handles any frame: a codec is only ever given the frame types it
 * declared, which the tables below guarantee.)
 */
const CODECS = [overlayFrames, postingFrames, routingFrames, replicationFrames, multicastFrames] as unknown as readonly FrameCodec<Frame>[];

/** Frame type numbers on the wire, by name. */
export const FrameType = Object.freeze(Object.assign({}, ...CODECS.map((codec) => codec.types))) as Readonly<Record<Frame["type"], number>>;

const BY_NUMBER = new Map<number, { readonly name: Frame["type"]; readonly codec: FrameCodec<Frame> }>();
for (const codec of CODECS) {
  for (const [name, number] of Object.entries(codec.types) as [Frame["type"], number][]) {
    if (BY_NUMBER.has(number)) throw new Error(`frame type ${number} is claimed twice`);
    BY_NUMBER.set(number, { name, codec });
  }
}
const CODEC_OF = new Map([...BY_NUMBER.values()].map(({ name, codec }) => [name, codec]));

/** Encodes a frame. Throws `TypeError` for a malformed frame object (a bug in the caller, not bad input). */
export function encodeFrame(frame: Frame): Uint8Array {
  const codec = CODEC_OF.get(frame.type);
  if (codec === undefined) throw new TypeError(`unknown frame type ${String(frame.type)}`);
  const body = codec.encodeBody(frame);
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
  const entry = BY_NUMBER.get(bytes[1]!);
  if (entry === undefined) throw new FrameError(`unknown frame type ${bytes[1]}`, 1);
  const group = bytesToHex(bytes.subarray(2, HEADER_BYTES));
  return entry.codec.decodeBody(entry.name, group, new BodyReader(entry.name, bytes.subarray(HEADER_BYTES)), limits);
}
