/**
 * Media messages of a multicast NetStream (docs/media.md): one encoded audio or video chunk (WebCodecs'
 * EncodedAudioChunk / EncodedVideoChunk) as the payload of one fragment of the group's multicast stream, beside the
 * `send()` messages (AMF3 `[handler, ...args]`, whose first byte is AMF3's array marker 9). A media message starts with
 * {@link MEDIA_MESSAGE_MARK}, which no AMF3 value starts with, so the two never mix.
 *
 * Layout (big-endian):
 * - byte 0: {@link MEDIA_MESSAGE_MARK}
 * - byte 1: codec: 1 = VP8 video, 2 = Opus audio
 * - byte 2: flags: bit 0 key (a video chunk that decodes alone; every audio chunk is key), other bits must be 0
 * - bytes 3–8: timestamp, microseconds on the publisher's stream clock (48 bits)
 * - bytes 9–12: duration, microseconds (0 = unknown)
 * - video key chunks: bytes 13–14 width, 15–16 height (1–{@link MEDIA_LIMITS}.maxDimension): what a decoder is
 *   configured with, so a late joiner needs nothing but a key frame
 * - audio chunks: bytes 13–16 sample rate (8,000–192,000 Hz), byte 17 channels (1–8)
 * - the rest: the chunk's bytes (1 to {@link MEDIA_LIMITS}.maxDataBytes)
 *
 * Decoding throws one {@link MediaMessageError} naming the first thing wrong; the multicast service drops such a
 * fragment before it takes its number's place (engine/streams/multicastTypes.ts).
 */
import { FrameError } from "./frames.js";

/** Byte 0 of a media message: 0xFB, not a marker of AMF3 (whose markers are 0–0x11). */
export const MEDIA_MESSAGE_MARK = 0xfb;

/** Decode limits. */
export const MEDIA_LIMITS = Object.freeze({
  /** Largest width or height of a video chunk. */
  maxDimension: 4096,
  /** Largest chunk (a multicast fragment frame is at most 256 KB with its headers). */
  maxDataBytes: 240 * 1024,
  /** Largest timestamp: 2^48 − 1 µs (about 8.9 years). */
  maxTimestamp: 2 ** 48 - 1,
});

/** The codecs a media message may carry (WebCodecs' codec strings). */
export type MediaCodec = "vp8" | "opus";

const CODEC_IDS: Record<MediaCodec, number> = { vp8: 1, opus: 2 };
const KEY = 1;
const COMMON_BYTES = 13;

/** One encoded video chunk. */
export interface VideoMessage {
  readonly kind: "video";
  readonly codec: "vp8";
  readonly key: boolean;
  /** µs on the publisher's stream clock (shared with its audio). */
  readonly timestamp: number;
  /** µs, 0 when unknown. */
  readonly duration: number;
  /** The picture's size (key chunks only; 0 on delta chunks). */
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** One encoded audio chunk. */
export interface AudioMessage {
  readonly kind: "audio";
  readonly codec: "opus";
  /** µs on the publisher's stream clock (shared with its video). */
  readonly timestamp: number;
  readonly duration: number;
  readonly sampleRate: number;
  readonly channels: number;
  readonly data: Uint8Array;
}

export type MediaMessage = VideoMessage | AudioMessage;

/** A media message that could not be decoded (or encoded): `offset` is where the fault is. */
export class MediaMessageError extends FrameError {
  constructor(message: string, offset: number) {
    super(message, offset);
    this.name = "MediaMessageError";
  }
}

/** Whether `payload` is meant as a media message (its first byte); whether it is a good one is {@link decodeMediaMessage}'s. */
export function isMediaMessage(payload: Uint8Array): boolean {
  return payload.length > 0 && payload[0] === MEDIA_MESSAGE_MARK;
}

function checkCommon(message: MediaMessage): void {
  if (!Number.isInteger(message.timestamp) || message.timestamp < 0 || message.timestamp > MEDIA_LIMITS.maxTimestamp) throw new MediaMessageError(`timestamp ${message.timestamp} is not an integer from 0 to 2^48 - 1 µs`, 3);
  if (!Number.isInteger(message.duration) || message.duration < 0 || message.duration > 0xffffffff) throw new MediaMessageError(`duration ${message.duration} is not an integer from 0 to 2^32 - 1 µs`, 9);
  if (message.data.length < 1 || message.data.length > MEDIA_LIMITS.maxDataBytes) throw new MediaMessageError(`a chunk of ${message.data.length} bytes (1 to ${MEDIA_LIMITS.maxDataBytes})`, 0);
}

/** The bytes of `message`; throws MediaMessageError for a value out of range (a chunk too large: drop it). */
export function encodeMediaMessage(message: MediaMessage): Uint8Array {
  checkCommon(message);
  let extra: Uint8Array;
  if (message.kind === "video") {
    if (message.key) {
      checkDimension(message.width, COMMON_BYTES);
      checkDimension(message.height, COMMON_BYTES + 2);
      extra = Uint8Array.of(message.width >> 8, message.width & 0xff, message.height >> 8, message.height & 0xff);
    } else extra = new Uint8Array(0);
  } else {
    checkAudio(message.sampleRate, message.channels, COMMON_BYTES);
    const rate = message.sampleRate;
    extra = Uint8Array.of(rate >>> 24, (rate >>> 16) & 0xff, (rate >>> 8) & 0xff, rate & 0xff, message.channels);
  }
  const bytes = new Uint8Array(COMMON_BYTES + extra.length + message.data.length);
  const view = new DataView(bytes.buffer);
  bytes[0] = MEDIA_MESSAGE_MARK;
  bytes[1] = CODEC_IDS[message.codec];
  bytes[2] = message.kind === "audio" || message.key ? KEY : 0;
  view.setUint16(3, Math.floor(message.timestamp / 2 ** 32));
  view.setUint32(5, message.timestamp % 2 ** 32);
  view.setUint32(9, message.duration);
  bytes.set(extra, COMMON_BYTES);
  bytes.set(message.data, COMMON_BYTES + extra.length);
  return bytes;
}

function checkDimension(value: number, offset: number): void {
  if (!Number.isInteger(value) || value < 1 || value > MEDIA_LIMITS.maxDimension) throw new MediaMessageError(`a picture dimension of ${value} (1 to ${MEDIA_LIMITS.maxDimension})`, offset);
}

function checkAudio(sampleRate: number, channels: number, offset: number): void {
  if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 192_000) throw new MediaMessageError(`a sample rate of ${sampleRate} Hz (8000 to 192000)`, offset);
  if (!Number.isInteger(channels) || channels < 1 || channels > 8) throw new MediaMessageError(`${channels} channels (1 to 8)`, offset + 4);
}

/** Decodes one media message; throws MediaMessageError naming the first fault. The chunk's bytes are a view into `bytes`. */
export function decodeMediaMessage(bytes: Uint8Array): MediaMessage {
  if (bytes.length < 1 || bytes[0] !== MEDIA_MESSAGE_MARK) throw new MediaMessageError(bytes.length < 1 ? "empty message" : `not a media message (byte 0 is ${bytes[0]})`, 0);
  if (bytes.length < COMMON_BYTES) throw new MediaMessageError(`truncated media message: ${bytes.length} bytes, the header is ${COMMON_BYTES}`, bytes.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const codecId = bytes[1]!;
  const flags = bytes[2]!;
  if ((flags & ~KEY) !== 0) throw new MediaMessageError(`unknown media flags ${flags}`, 2);
  const timestamp = view.getUint16(3) * 2 ** 32 + view.getUint32(5);
  const duration = view.getUint32(9);
  const key = (flags & KEY) !== 0;
  let at = COMMON_BYTES;
  const need = (count: number): void => {
    if (bytes.length < at + count) throw new MediaMessageError(`truncated media message: ${bytes.length} bytes, its header needs ${at + count}`, bytes.length);
  };
  const data = (): Uint8Array => {
    const length = bytes.length - at;
    if (length < 1) throw new MediaMessageError("a media message without chunk bytes", at);
    if (length > MEDIA_LIMITS.maxDataBytes) throw new MediaMessageError(`a chunk of ${length} bytes exceeds ${MEDIA_LIMITS.maxDataBytes}`, at);
    return bytes.subarray(at);
  };
  if (codecId === CODEC_IDS.vp8) {
    let width = 0;
    let height = 0;
    if (key) {
      need(4);
      width = view.getUint16(at);
      checkDimension(width, at);
      height = view.getUint16(at + 2);
      checkDimension(height, at + 2);
      at += 4;
    }
    return { kind: "video", codec: "vp8", key, timestamp, duration, width, height, data: data() };
  }
  if (codecId === CODEC_IDS.opus) {
    if (!key) throw new MediaMessageError("an audio chunk without the key flag", 2);
    need(5);
    const sampleRate = view.getUint32(at);
    const channels = bytes[at + 4]!;
    checkAudio(sampleRate, channels, at);
    at += 5;
    return { kind: "audio", codec: "opus", timestamp, duration, sampleRate, channels, data: data() };
  }
  throw new MediaMessageError(`unknown media codec ${codecId}`, 1);
}
