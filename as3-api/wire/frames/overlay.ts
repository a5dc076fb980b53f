/** The overlay's own frames: becoming and ceasing to be neighbours, member exchange, liveness. */
import { BodyReader, FrameError, HEADER_BYTES, hex32, ID_BYTES, type FrameCodec, type FrameLimits, type GroupTag } from "./header.js";

export type OverlayFrame =
  /** "Be my neighbour in this group" (`reply` false), or the answer (`reply` true). */
  | { readonly type: "join"; readonly group: GroupTag; readonly nearest: boolean; readonly reply: boolean }
  /** No longer neighbours in this group. */
  | { readonly type: "leave"; readonly group: GroupTag }
  /** Members the sender knows (peer IDs). */
  | { readonly type: "members"; readonly group: GroupTag; readonly peers: readonly string[] }
  | { readonly type: "ping" | "pong"; readonly group: GroupTag; readonly nonce: number };

export const overlayFrames: FrameCodec<OverlayFrame> = {
  types: { join: 1, leave: 2, members: 3, ping: 10, pong: 11 },

  encodeBody(frame) {
    switch (frame.type) {
      case "join": return [Uint8Array.of((frame.nearest ? 1 : 0) | (frame.reply ? 2 : 0))];
      case "leave": return [];
      case "members": return [Uint8Array.of(frame.peers.length), ...frame.peers.map(hex32)];
      default: {
        const nonce = new Uint8Array(4);
        new DataView(nonce.buffer).setUint32(0, frame.nonce >>> 0);
        return [nonce];
      }
    }
  },

  decodeBody(type, group: GroupTag, body: BodyReader, limits: FrameLimits): OverlayFrame {
    const bytes = body.body;
    switch (type) {
      case "join":
        body.exact(1);
        if (bytes[0]! > 3) throw new FrameError(`unknown join flags ${bytes[0]}`, HEADER_BYTES);
        return { type, group, nearest: (bytes[0]! & 1) !== 0, reply: (bytes[0]! & 2) !== 0 };
      case "leave":
        body.exact(0);
        return { type, group };
      case "members":
        return { type, group, peers: body.entries(1, limits.maxMembers, ID_BYTES).map((at) => body.id(at)) };
      default:
        body.exact(4);
        return { type, group, nonce: new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0) };
    }
  },
};
