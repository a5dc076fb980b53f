/**
 * Audio and video of a multicast NetStream (docs/media.md): the publisher encodes its Camera (VP8) and Microphone
 * (Opus) with WebCodecs (webCodecs.ts) and publishes each encoded chunk as one media message (wire/mediaMessages.ts)
 * on the group's multicast stream, where the players relay it to each other like any fragment; a player decodes the
 * messages into tracks of one MediaStream, which its Videos show and its speaker plays as on the direct path.
 *
 * The policy lives here: timestamps of both kinds on one stream clock (so audio and video stay together), key frames
 * (a player starts decoding video at one, and waits for the next after a gap or a change of publisher), and
 * catching up (a late joiner's burst of old sound is skipped rather than played late).
 */
import { decodeMediaMessage, encodeMediaMessage, MediaMessageError, type MediaMessage } from "../../wire/mediaMessages.js";
import { audioSink, encodeAudio, encodeVideo, videoSink, type AudioSink, type Encoding, type VideoEncodeSettings, type VideoSink } from "./webCodecs.js";

/** Opus bitrate, bits per second *(choice: speech at Flash's rates; Microphone.rate names NellyMoser's kHz, not Opus')*. */
export const MULTICAST_AUDIO_BITRATE = 32_000;
/** Sound older than this behind the newest fragment the player holds is skipped: a late joiner's catch-up, ms. */
export const CATCH_UP_MS = 500;

/** The publisher's half: encoders fed by the attached devices, each chunk sent as one media message. */
export class MulticastMediaSender {
  readonly #send: (payload: Uint8Array) => void;
  readonly #clockMs: () => number;
  readonly #fail: (message: string) => void;
  readonly #startedAt: number;
  readonly #encodings: Record<"audio" | "video", { track: MediaStreamTrack; encoding: Encoding } | null> = { audio: null, video: null };
  /** Per kind: the first chunk's own timestamp and where it fell on the stream clock, µs. */
  readonly #origins: Record<"audio" | "video", { chunk: number; stream: number } | null> = { audio: null, video: null };
  #closed = false;

  /** `send` publishes one fragment; `clockMs` is the page's clock; `fail` hears an encoder's failure (once per encoding). */
  constructor(send: (payload: Uint8Array) => void, clockMs: () => number, fail: (message: string) => void) {
    this.#send = send;
    this.#clockMs = clockMs;
    this.#fail = fail;
    this.#startedAt = clockMs();
  }

  /** Encodes `track` (null: no video) with the Camera's settings, read at each frame. */
  setVideo(track: MediaStreamTrack | null, settings: () => VideoEncodeSettings): void {
    if (this.#closed || this.#encodings.video?.track === track) return;
    this.#encodings.video?.encoding.stop();
    this.#encodings.video = null;
    if (track === null) return;
    const encoding = encodeVideo(track, settings, (chunk) => this.#publish({ kind: "video", codec: "vp8", key: chunk.key, timestamp: this.#streamTime("video", chunk.timestamp), duration: chunk.duration, width: chunk.key ? chunk.width : 0, height: chunk.key ? chunk.height : 0, data: chunk.data }), (message) => this.#failed("video", message));
    this.#encodings.video = { track, encoding };
  }

  /** Encodes `track`'s sound (null: no audio). */
  setAudio(track: MediaStreamTrack | null): void {
    if (this.#closed || this.#encodings.audio?.track === track) return;
    this.#encodings.audio?.encoding.stop();
    this.#encodings.audio = null;
    if (track === null) return;
    const encoding = encodeAudio(track, MULTICAST_AUDIO_BITRATE, (chunk) => this.#publish({ kind: "audio", codec: "opus", timestamp: this.#streamTime("audio", chunk.timestamp), duration: chunk.duration, sampleRate: chunk.sampleRate, channels: chunk.channels, data: chunk.data }), (message) => this.#failed("audio", message));
    this.#encodings.audio = { track, encoding };
  }

  close(): void {
    this.#closed = true;
    for (const kind of ["audio", "video"] as const) this.#encodings[kind]?.encoding.stop();
    this.#encodings.audio = this.#encodings.video = null;
  }

  /**
   * A chunk's timestamp on the stream clock (µs since publishing began): each kind keeps its own capture clock's
   * spacing from where its first chunk fell, so both kinds share one origin whatever clocks the devices have.
   */
  #streamTime(kind: "audio" | "video", chunkTimestamp: number): number {
    const origin = (this.#origins[kind] ??= { chunk: chunkTimestamp, stream: Math.max(0, Math.round((this.#clockMs() - this.#startedAt) * 1000)) });
    return Math.max(0, origin.stream + chunkTimestamp - origin.chunk);
  }

  #publish(message: MediaMessage): void {
    if (this.#closed) return;
    let payload: Uint8Array;
    try {
      payload = encodeMediaMessage(message);
    } catch (error) {
      if (!(error instanceof MediaMessageError)) throw error;
      // A chunk too large for a fragment: dropped; the next key frame starts the picture again.
      console.warn(`[flashmesh] a multicast ${message.kind} chunk was dropped: ${error.message}`);
      if (message.kind === "video") this.#encodings.video?.encoding.requestKeyFrame();
      return;
    }
    this.#send(payload);
  }

  #failed(kind: "audio" | "video", message: string): void {
    this.#encodings[kind] = null;
    this.#fail(message);
  }
}

/** Which kinds a player takes (receiveAudio / receiveVideo). */
export interface Wants {
  readonly audio: boolean;
  readonly video: boolean;
}

/** Counters of what a player dropped (for specs and tools). */
export interface ReceiverStats {
  /** Video chunks dropped while waiting for a key frame. */
  awaitingKey: number;
  /** Sound skipped while catching up. */
  lateAudio: number;
  /** Messages that did not decode (the multicast service drops these first; a second check costs nothing). */
  malformed: number;
  /** Chunks a decoder refused. */
  refused: number;
}

/** The player's half: decoders into the tracks of one MediaStream. */
export class MulticastMediaReceiver {
  readonly stats: ReceiverStats = { awaitingKey: 0, lateAudio: 0, malformed: 0, refused: 0 };
  readonly #onStream: (stream: MediaStream | null) => void;
  readonly #onError: (message: string) => void;
  #video: VideoSink | null = null;
  #audio: AudioSink | null = null;
  #needKey = true;
  #closed = false;

  /** `onStream` hears the MediaStream whenever its set of tracks changes; `onError` a decoder's failure. */
  constructor(onStream: (stream: MediaStream | null) => void, onError: (message: string) => void) {
    this.#onStream = onStream;
    this.#onError = onError;
  }

  /** Whether video is decoding now (false until a key frame, and after a gap until the next). */
  get videoFlowing(): boolean {
    return !this.#needKey;
  }

  /**
   * One media message, `behindMs` behind the newest fragment this member holds; `gap`: fragments were given up just
   * before it (they left the window), so video waits for the next key frame.
   */
  receive(payload: Uint8Array, gap: boolean, behindMs: number, wants: Wants): void {
    if (this.#closed) return;
    if (gap) this.#needKey = true;
    let message: MediaMessage;
    try {
      message = decodeMediaMessage(payload);
    } catch {
      this.stats.malformed++;
      return;
    }
    if (message.kind === "video") {
      if (!wants.video) {
        this.#needKey = true; // receiveVideo(true) again starts at a key frame
        return;
      }
      if (this.#needKey && !message.key) return void this.stats.awaitingKey++;
      const sink = this.#video ?? this.#addSink("video");
      if (sink.decode(message)) this.#needKey = false;
      else {
        this.stats.refused++;
        this.#needKey = true;
      }
      return;
    }
    if (!wants.audio) return;
    if (behindMs > CATCH_UP_MS) return void this.stats.lateAudio++;
    const sink = this.#audio ?? this.#addSink("audio");
    if (!sink.decode(message)) this.stats.refused++;
  }

  /** The stream changed (a new publisher, or it ended): decoding starts again at the next key frame. */
  reset(): void {
    this.#needKey = true;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#video?.close();
    this.#audio?.close();
    this.#video = this.#audio = null;
    this.#onStream(null);
  }

  #addSink<K extends "audio" | "video">(kind: K): K extends "video" ? VideoSink : AudioSink {
    const onError = (message: string): void => {
      if (kind === "video") this.#needKey = true;
      this.#onError(message);
    };
    if (kind === "video") this.#video = videoSink(onError);
    else this.#audio = audioSink(onError);
    const tracks = [this.#video?.track, this.#audio?.track].filter((track): track is MediaStreamTrack => track !== undefined);
    this.#onStream(new MediaStream(tracks));
    return (kind === "video" ? this.#video : this.#audio) as K extends "video" ? VideoSink : AudioSink;
  }
}
