/**
 * Object replication's frames (types 48–51 of the range reserved for it): a member's have ranges (the whole set or a
 * change to it), a request for one index, the object that answers it, and a denial. Indices are whole numbers
 * 0 … 2^53 written as 8-byte big-endian unsigned integers; a request ID is the requester's own 32-bit number.
 */
import { BodyReader, count16, DEFAULT_FRAME_LIMITS, FrameError, HEADER_BYTES, type FrameCodec, type GroupTag } from "./header.js";

/** Largest object index (Flash's documented bound, 2^53). */
export const MAX_OBJECT_INDEX = 9007199254740992;

/** Limits of replication frames. */
export const REPLICATION_LIMITS = Object.freeze({
  /** Intervals in one `haveObjects` frame (a larger set goes out as several frames). */
  maxRanges: 1024,
});

/**
 * How a `haveObjects` frame changes the receiver's picture of the sender: its haves (`replace`, `add`, `remove`);
 * the indices it is fetching from a seed now (`fetching`, `notFetching`: a hint, so that its other neighbours wait
 * for it instead of asking the seed for the same object); or indices it was asked for a first time while wanting
 * nothing (`served`: a seed's hint that those objects are on their way into the swarm).
 */
export type HaveChange = "replace" | "add" | "remove" | "fetching" | "notFetching" | "served";
const CHANGES: readonly HaveChange[] = ["replace", "add", "remove", "fetching", "notFetching", "served"];

export type ReplicationFrame =
  /** The sender's have set (`replace`), indices it now has (`add`) or no longer has (`remove`), is fetching from a seed (`fetching`, `notFetching`), or is sending out a first time (`served`). */
  | { readonly type: "haveObjects"; readonly group: GroupTag; readonly change: HaveChange; readonly ranges: readonly (readonly [number, number])[] }
  /** "Send me object `index`"; the answer carries `requestId` back. */
  | { readonly type: "requestObject"; readonly group: GroupTag; readonly requestId: number; readonly index: number }
  /** The object asked for: its AMF3 bytes. */
  | { readonly type: "object"; readonly group: GroupTag; readonly requestId: number; readonly index: number; readonly payload: Uint8Array }
  /** The holder will not send it. */
  | { readonly type: "denyObject"; readonly group: GroupTag; readonly requestId: number; readonly index: number };

/** Bytes of the fixed part of an `object` frame's body (request ID, index). */
export const OBJECT_HEADER_BYTES = 12;

/** Largest object, as AMF3 bytes: what fits in one frame (256 KiB less the frame's and the object header's bytes). */
export const MAX_OBJECT_BYTES = DEFAULT_FRAME_LIMITS.maxFrameBytes - HEADER_BYTES - OBJECT_HEADER_BYTES;

function index64(index: number): Uint8Array {
  if (!Number.isInteger(index) || index < 0 || index > MAX_OBJECT_INDEX) throw new TypeError(`object index out of range: ${index}`);
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, Math.floor(index / 2 ** 32));
  view.setUint32(4, index % 2 ** 32);
  return out;
}

function request(requestId: number, index: number): Uint8Array {
  if (!Number.isInteger(requestId) || requestId < 0 || requestId > 0xffffffff) throw new TypeError(`request ID out of range: ${requestId}`);
  const out = new Uint8Array(OBJECT_HEADER_BYTES);
  new DataView(out.buffer).setUint32(0, requestId);
  out.set(index64(index), 4);
  return out;
}

function readIndex(view: DataView, offset: number): number {
  const high = view.getUint32(offset);
  const low = view.getUint32(offset + 4);
  // Checked on the two halves: above 2^53 a double cannot tell 2^53 + 1 from 2^53.
  if (high > 2 ** 21 || (high === 2 ** 21 && low > 0)) throw new FrameError(`object index above 2^53 (high word ${high}, low word ${low})`, HEADER_BYTES + offset);
  return high * 2 ** 32 + low;
}

export const replicationFrames: FrameCodec<ReplicationFrame> = {
  types: { haveObjects: 48, requestObject: 49, object: 50, denyObject: 51 },

  encodeBody(frame) {
    switch (frame.type) {
      case "haveObjects": {
        if (frame.ranges.length > REPLICATION_LIMITS.maxRanges) throw new TypeError(`${frame.ranges.length} ranges exceed ${REPLICATION_LIMITS.maxRanges}`);
        const body = [Uint8Array.of(CHANGES.indexOf(frame.change)), count16(frame.ranges.length)];
        for (const [start, end] of frame.ranges) body.push(index64(start), index64(end));
        return body;
      }
      case "object": return [request(frame.requestId, frame.index), frame.payload];
      default: return [request(frame.requestId, frame.index)];
    }
  },

  decodeBody(type, group: GroupTag, body: BodyReader): ReplicationFrame {
    const bytes = body.body;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (type === "haveObjects") {
      body.atLeast(3);
      const change = CHANGES[bytes[0]!];
      if (change === undefined) throw new FrameError(`unknown have change ${bytes[0]}`, HEADER_BYTES);
      const at = new BodyReader(type, bytes.subarray(1)).entries(2, REPLICATION_LIMITS.maxRanges, 16);
      const ranges = at.map((offset): readonly [number, number] => {
        const start = readIndex(view, 1 + offset);
        const end = readIndex(view, 1 + offset + 8);
        if (end < start) throw new FrameError(`range ends (${end}) before it starts (${start})`, HEADER_BYTES + 1 + offset);
        return [start, end];
      });
      return { type, group, change, ranges };
    }
    if (type === "object") body.atLeast(OBJECT_HEADER_BYTES);
    else body.exact(OBJECT_HEADER_BYTES);
    const requestId = view.getUint32(0);
    const index = readIndex(view, 4);
    if (type === "object") return { type, group, requestId, index, payload: bytes.slice(OBJECT_HEADER_BYTES) };
    return { type, group, requestId, index };
  },
};
