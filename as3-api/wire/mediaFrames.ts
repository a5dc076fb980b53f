/**
 * Frames of P2P NetStream media control (docs/media.md), a frame family of their own beside group frames (byte 0 =
 * 1) and direct stream frames (2): byte 0 is {@link MEDIA_FRAME_FAMILY}, byte 1 the type. The media itself travels
 * as WebRTC tracks (transport/mediaCalls.ts); these frames only say what a player wants of it.
 *
 * `want` (subscriber → publisher, on the link they share): which kinds the player of a direct stream wants now
 * (`receiveAudio`/`receiveVideo`), naming the subscription by the player's nonce (its `nearNonce`, 32 bytes). The
 * first `want` also tells the publisher the player is ready for the call. Layout: family, type 1, flags (bit 0
 * audio, bit 1 video, other bits must be 0), nonce (32 bytes): exactly 35 bytes.
 *
 * Decoding throws one {@link MediaFrameError} for anything else; the engine drops and counts such frames.
 */
import { bytesToHex, hexToBytes } from "./bytes.js";
import { FrameError } from "./frames.js";

/** Byte 0 of every media frame. */
export const MEDIA_FRAME_FAMILY = 3;

const WANT = 1;
const WANT_BYTES = 35;

/** A player's wishes for one direct stream. */
export interface WantFrame {
  readonly type: "want";
  /** The player's nonce: 64 lowercase hex digits. */
  readonly nonce: string;
  readonly audio: boolean;
  readonly video: boolean;
}

export type MediaFrame = WantFrame;

/** A media frame that could not be decoded. */
export class MediaFrameError extends FrameError {
  constructor(message: string, offset: number) {
    super(message, offset);
    this.name = "MediaFrameError";
  }
}

export function encodeMediaFrame(frame: MediaFrame): Uint8Array {
  if (!/^[0-9a-f]{64}$/i.test(frame.nonce)) throw new RangeError("a media frame's nonce is 64 hex digits");
  const bytes = new Uint8Array(WANT_BYTES);
  bytes[0] = MEDIA_FRAME_FAMILY;
  bytes[1] = WANT;
  bytes[2] = (frame.audio ? 1 : 0) | (frame.video ? 2 : 0);
  bytes.set(hexToBytes(frame.nonce)!, 3);
  return bytes;
}

export function decodeMediaFrame(bytes: Uint8Array): MediaFrame {
  if (bytes.length < 2) throw new MediaFrameError("truncated media frame", bytes.length);
  if (bytes[0] !== MEDIA_FRAME_FAMILY) throw new MediaFrameError(`not a media frame (byte 0 is ${bytes[0]})`, 0);
  if (bytes[1] !== WANT) throw new MediaFrameError(`unknown media frame type ${bytes[1]}`, 1);
  if (bytes.length !== WANT_BYTES) throw new MediaFrameError(`a want frame is ${WANT_BYTES} bytes, not ${bytes.length}`, Math.min(bytes.length, WANT_BYTES));
  const flags = bytes[2]!;
  if ((flags & ~3) !== 0) throw new MediaFrameError(`unknown want flags ${flags}`, 2);
  return { type: "want", nonce: bytesToHex(bytes.subarray(3, WANT_BYTES)), audio: (flags & 1) !== 0, video: (flags & 2) !== 0 };
}
