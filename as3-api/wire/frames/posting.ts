/** Posting's frames (Plumtree: eager push, lazy announcements, graft, prune). */
import { BodyReader, count16, FrameError, HEADER_BYTES, hex32, ID_BYTES, type FrameCodec, type FrameLimits, type GroupTag } from "./header.js";

/** One post announced in an `ihave` frame. */
export interface Announcement {
  readonly messageId: string;
  readonly hops: number;
}

export type PostingFrame =
  /**
   * A post, pushed eagerly. `hops` counts the links it crossed. `direct`: the poster sent it to every member itself
   * (a small, fully meshed group), so receivers do not push it further. `payload` is the post envelope
   * (wire/postAuthorization.ts).
   */
  | { readonly type: "post"; readonly group: GroupTag; readonly messageId: string; readonly hops: number; readonly direct: boolean; readonly payload: Uint8Array }
  /** Lazy push: posts the sender has, each with the hops it took to reach the sender. */
  | { readonly type: "ihave"; readonly group: GroupTag; readonly announcements: readonly Announcement[] }
  /** "Send me these posts, and push eagerly to me from now on." */
  | { readonly type: "graft"; readonly group: GroupTag; readonly messageIds: readonly string[] }
  /** "Stop pushing posts eagerly to me." */
  | { readonly type: "prune"; readonly group: GroupTag };

export const postingFrames: FrameCodec<PostingFrame> = {
  types: { post: 4, ihave: 5, graft: 6, prune: 7 },

  encodeBody(frame) {
    switch (frame.type) {
      case "post": return [hex32(frame.messageId), Uint8Array.of(Math.min(255, frame.hops), frame.direct ? 1 : 0), frame.payload];
      case "ihave": {
        const body = [count16(frame.announcements.length)];
        for (const { messageId, hops } of frame.announcements) body.push(hex32(messageId), Uint8Array.of(Math.min(255, hops)));
        return body;
      }
      case "graft": return [count16(frame.messageIds.length), ...frame.messageIds.map(hex32)];
      default: return [];
    }
  },

  decodeBody(type, group: GroupTag, body: BodyReader, limits: FrameLimits): PostingFrame {
    const bytes = body.body;
    switch (type) {
      case "post":
        body.atLeast(ID_BYTES + 2);
        if (bytes[ID_BYTES + 1]! > 1) throw new FrameError(`unknown post flags ${bytes[ID_BYTES + 1]}`, HEADER_BYTES + ID_BYTES + 1);
        return { type, group, messageId: body.id(0), hops: bytes[ID_BYTES]!, direct: bytes[ID_BYTES + 1] === 1, payload: bytes.slice(ID_BYTES + 2) };
      case "ihave":
        return { type, group, announcements: body.entries(2, limits.maxMessageIds, ID_BYTES + 1).map((at) => ({ messageId: body.id(at), hops: bytes[at + ID_BYTES]! })) };
      case "graft":
        return { type, group, messageIds: body.entries(2, limits.maxMessageIds, ID_BYTES).map((at) => body.id(at)) };
      default:
        body.exact(0);
        return { type, group };
    }
  },
};
