/** Directed routing's frames: `sendToNearest` (toward a group address) and `sendToNeighbor`/`sendToAllNeighbors`. */
import { bytesToHex } from "../bytes.js";
import { BodyReader, hex32, ID_BYTES, type FrameCodec, type GroupTag } from "./header.js";

export type RoutingFrame =
  /** `sendToNearest`: an AMF3 message toward a group address. */
  | { readonly type: "route"; readonly group: GroupTag; readonly target: string; readonly payload: Uint8Array }
  /** `sendToNeighbor` / `sendToAllNeighbors`: an AMF3 message for this neighbour. */
  | { readonly type: "neighbor"; readonly group: GroupTag; readonly payload: Uint8Array };

export const routingFrames: FrameCodec<RoutingFrame> = {
  types: { route: 8, neighbor: 9 },

  encodeBody(frame) {
    return frame.type === "route" ? [hex32(frame.target), frame.payload] : [frame.payload];
  },

  decodeBody(type, group: GroupTag, body: BodyReader): RoutingFrame {
    const bytes = body.body;
    if (type === "neighbor") return { type, group, payload: bytes.slice() };
    body.atLeast(ID_BYTES);
    return { type, group, target: bytesToHex(bytes.subarray(0, ID_BYTES)), payload: bytes.slice(ID_BYTES) };
  },
};
