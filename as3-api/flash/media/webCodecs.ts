/**
 * The browser's WebCodecs and insertable streams, owned by this module alone (as devices.ts owns
 * navigator.mediaDevices): a live track read frame by frame (`MediaStreamTrackProcessor`) into an encoder
 * (`VideoEncoder` VP8, `AudioEncoder` Opus), and encoded chunks decoded (`VideoDecoder`, `AudioDecoder`) into a
 * track a page can play (`MediaStreamTrackGenerator`, Chromium's). Multicast NetStream media is built on it
 * (multicastMedia.ts); what to encode, when a key frame is due and which chunks to drop are decided there.
 * Everything here is browser-only: {@link missingWebCodecs} says what a page lacks before anything is made.
 */

/** Chromium's insertable streams, not in TypeScript's DOM library. */
interface TrackProcessorConstructor {
  new (init: { track: MediaStreamTrack; maxBufferSize?: number }): { readonly readable: ReadableStream<VideoFrame | AudioData> };
}
interface TrackGeneratorConstructor {
  new (init: { kind: "audio" | "video" }): MediaStreamTrack & { readonly writable: WritableStream<VideoFrame | AudioData> };
}

const REQUIRED = ["VideoEncoder", "AudioEncoder", "VideoDecoder", "AudioDecoder", "EncodedVideoChunk", "EncodedAudioChunk", "MediaStreamTrackProcessor", "MediaStreamTrackGenerator"] as const;

/** The names of what this page lacks for multicast media (empty when it has everything). */
export function missingWebCodecs(): string[] {
  const scope = globalThis as Record<string, unknown>;
  return REQUIRED.filter((name) => typeof scope[name] !== "function");
}

function processorOf(track: MediaStreamTrack): ReadableStream<VideoFrame | AudioData> {
  const Processor = (globalThis as unknown as { MediaStreamTrackProcessor: TrackProcessorConstructor }).MediaStreamTrackProcessor;
  // A few frames of buffer: an encoder that falls behind drops the oldest instead of adding delay.
  return new Processor({ track, maxBufferSize: 4 }).readable;
}

/** One encoded chunk, as it leaves an encoder. */
export interface EncodedOutput {
  readonly key: boolean;
  /** µs, the capture clock of the input frame. */
  readonly timestamp: number;
  readonly duration: number;
  readonly data: Uint8Array;
}

/** An encoded video chunk with the size of the picture it encodes. */
export interface EncodedVideoOutput extends EncodedOutput {
  readonly width: number;
  readonly height: number;
}

/** An encoded audio chunk with its sound's format. */
export interface EncodedAudioOutput extends EncodedOutput {
  readonly sampleRate: number;
  readonly channels: number;
}

/** What a video encoding reads each frame (Camera's settings may change while it runs). */
export interface VideoEncodeSettings {
  readonly fps: number;
  /** Bits per second. */
  readonly bitrate: number;
  /** Every n-th frame is a key frame (Flash's Camera.keyFrameInterval). */
  readonly keyFrameInterval: number;
}

/** A running encoding of one track; `stop()` ends it (the track given is left as it was). */
export interface Encoding {
  /** The next frame is encoded as a key frame. */
  requestKeyFrame(): void;
  stop(): void;
}

function copyChunk(chunk: EncodedVideoChunk | EncodedAudioChunk): Uint8Array {
  const data = new Uint8Array(chunk.byteLength);
  chunk.copyTo(data);
  return data;
}

/** A track being read frame by frame; the first failure stops it and is heard once. */
interface TrackPump {
  readonly stopped: boolean;
  /** Stops reading (and whatever `onStop` closes) and tells `onError`, once. */
  fail(message: string): void;
  stop(): void;
}

/**
 * Reads a clone of `track` (stopping the reader must not end the device's own track) item by item into `take`,
 * closing each item after it, until the track ends or the pump is stopped; `onStop` runs once when it stops. A read
 * that fails is reported as `readFailure` and the reason. `take` first runs after a read, so an encoder made just
 * after this call exists by then.
 */
function pumpTrack<T extends VideoFrame | AudioData>(track: MediaStreamTrack, readFailure: string, onError: (message: string) => void, take: (item: T, pump: TrackPump) => void, onStop: () => void): TrackPump {
  const own = track.clone();
  const reader = processorOf(own).getReader();
  let stopped = false;
  const pump: TrackPump = {
    get stopped() {
      return stopped;
    },
    stop(): void {
      if (stopped) return;
      stopped = true;
      void reader.cancel().catch(() => {});
      own.stop();
      onStop();
    },
    fail(message: string): void {
      if (stopped) return;
      pump.stop();
      onError(message);
    },
  };
  void (async () => {
    while (!stopped) {
      let result: ReadableStreamReadResult<VideoFrame | AudioData>;
      try {
        result = await reader.read();
      } catch (error) {
        return pump.fail(`${readFailure}: ${(error as Error).message}`);
      }
      if (result.done) return pump.stop();
      const item = result.value as T;
      try {
        if (!stopped) take(item, pump);
      } finally {
        item.close();
      }
    }
  })();
  return pump;
}

/**
 * Encodes `track`'s frames as VP8 for as long as it runs: the encoder is (re)configured for each new picture size,
 * a frame arriving while the encoder still holds more than two is dropped (latency over completeness), and
 * `onError` hears a failure once, after which the encoding has stopped.
 */
export function encodeVideo(track: MediaStreamTrack, settings: () => VideoEncodeSettings, onChunk: (chunk: EncodedVideoOutput) => void, onError: (message: string) => void): Encoding {
  let size = { width: 0, height: 0 };
  let configured = "";
  let count = 0;
  let keyWanted = true;
  const pump = pumpTrack<VideoFrame>(
    track,
    "the camera's frames could not be read",
    onError,
    (frame) => {
      if (encoder.encodeQueueSize > 2) return;
      try {
        const { fps, bitrate, keyFrameInterval } = settings();
        const width = frame.displayWidth;
        const height = frame.displayHeight;
        const config = `${width}x${height}@${fps}/${bitrate}`;
        if (config !== configured) {
          encoder.configure({ codec: "vp8", width, height, framerate: fps > 0 ? fps : 15, ...(bitrate > 0 ? { bitrate } : {}), latencyMode: "realtime" });
          configured = config;
          size = { width, height };
          keyWanted = true;
        }
        const keyFrame = keyWanted || count % Math.max(1, keyFrameInterval) === 0;
        keyWanted = false;
        if (keyFrame) count = 0;
        count++;
        encoder.encode(frame, { keyFrame });
      } catch (error) {
        pump.fail(`the VP8 encoder refused a frame: ${(error as Error).message}`);
      }
    },
    () => {
      if (encoder.state !== "closed") encoder.close();
    },
  );
  const encoder = new VideoEncoder({
    output: (chunk) => onChunk({ key: chunk.type === "key", timestamp: chunk.timestamp, duration: chunk.duration ?? 0, data: copyChunk(chunk), width: size.width, height: size.height }),
    error: (error) => pump.fail(`the VP8 encoder failed: ${error.message}`),
  });
  return {
    requestKeyFrame: () => void (keyWanted = true),
    stop: () => pump.stop(),
  };
}

/**
 * Encodes `track`'s sound as Opus (60 ms packets: fewer, larger fragments for the group to spread) for as long as it
 * runs; `onError` hears a failure once, after which the encoding has stopped.
 */
export function encodeAudio(track: MediaStreamTrack, bitrate: number, onChunk: (chunk: EncodedAudioOutput) => void, onError: (message: string) => void): Encoding {
  let format = { sampleRate: 0, channels: 0 };
  const pump = pumpTrack<AudioData>(
    track,
    "the microphone's sound could not be read",
    onError,
    (data) => {
      if (encoder.encodeQueueSize > 8) return;
      try {
        if (data.sampleRate !== format.sampleRate || data.numberOfChannels !== format.channels) {
          format = { sampleRate: data.sampleRate, channels: data.numberOfChannels };
          encoder.configure({ codec: "opus", sampleRate: format.sampleRate, numberOfChannels: format.channels, bitrate, opus: { frameDuration: 60_000 } } as AudioEncoderConfig);
        }
        encoder.encode(data);
      } catch (error) {
        pump.fail(`the Opus encoder refused the sound: ${(error as Error).message}`);
      }
    },
    () => {
      if (encoder.state !== "closed") encoder.close();
    },
  );
  const encoder = new AudioEncoder({
    output: (chunk) => onChunk({ key: true, timestamp: chunk.timestamp, duration: chunk.duration ?? 0, data: copyChunk(chunk), sampleRate: format.sampleRate, channels: format.channels }),
    error: (error) => pump.fail(`the Opus encoder failed: ${error.message}`),
  });
  return { requestKeyFrame: () => {}, stop: () => pump.stop() };
}

/** A decoder feeding a playable track. */
export interface DecodeSink {
  /** The track the decoded frames go to (live until `close()`). */
  readonly track: MediaStreamTrack;
  close(): void;
}

/** Decodes VP8 chunks into a video track. */
export interface VideoSink extends DecodeSink {
  /** Decodes one chunk; a key chunk (re)configures the decoder for its size. False when the decoder refused it (then it needs a key chunk). */
  decode(chunk: EncodedVideoOutput): boolean;
}

/** Decodes Opus chunks into an audio track. */
export interface AudioSink extends DecodeSink {
  decode(chunk: Omit<EncodedAudioOutput, "key">): boolean;
}

function generatorOf(kind: "audio" | "video"): MediaStreamTrack & { readonly writable: WritableStream<VideoFrame | AudioData> } {
  const Generator = (globalThis as unknown as { MediaStreamTrackGenerator: TrackGeneratorConstructor }).MediaStreamTrackGenerator;
  return new Generator({ kind });
}

/**
 * What both sinks share: the track their decoder's output goes to (a frame the track cannot take is released, never
 * thrown; frames after `end()` are released too), and ending it once.
 */
function decodedTrack(kind: "audio" | "video"): { readonly track: MediaStreamTrack; readonly ended: boolean; output(frame: VideoFrame | AudioData): void; end(): boolean } {
  const generator = generatorOf(kind);
  const writer = generator.writable.getWriter();
  let ended = false;
  return {
    track: generator,
    get ended() {
      return ended;
    },
    output(frame) {
      if (ended) frame.close();
      else void writer.write(frame).catch(() => frame.close());
    },
    /** Stops the track; false when it was stopped already. */
    end() {
      if (ended) return false;
      ended = true;
      generator.stop();
      return true;
    },
  };
}

/** Closes `decoder` unless it is closed already (a decoder that failed closes itself). */
function release(decoder: VideoDecoder | AudioDecoder | null): void {
  if (decoder !== null && decoder.state !== "closed") decoder.close();
}

/** A video track fed by a VP8 decoder; `onError` hears a decoder failure (the next key chunk starts a new decoder). */
export function videoSink(onError: (message: string) => void): VideoSink {
  const out = decodedTrack("video");
  let decoder: VideoDecoder | null = null;
  let configured = "";
  const make = (): VideoDecoder =>
    new VideoDecoder({
      output: (frame) => out.output(frame),
      error: (error) => {
        decoder = null;
        configured = "";
        onError(`the VP8 decoder failed: ${error.message}`);
      },
    });
  return {
    track: out.track,
    decode(chunk) {
      if (out.ended) return false;
      try {
        if (chunk.key && `${chunk.width}x${chunk.height}` !== configured) {
          decoder ??= make();
          decoder.configure({ codec: "vp8", codedWidth: chunk.width, codedHeight: chunk.height, optimizeForLatency: true });
          configured = `${chunk.width}x${chunk.height}`;
        }
        if (decoder === null || configured === "" || decoder.state !== "configured") return false;
        decoder.decode(new EncodedVideoChunk({ type: chunk.key ? "key" : "delta", timestamp: chunk.timestamp, ...(chunk.duration > 0 ? { duration: chunk.duration } : {}), data: chunk.data }));
        return true;
      } catch (error) {
        onError(`the VP8 decoder refused a chunk: ${(error as Error).message}`);
        release(decoder);
        decoder = null;
        configured = "";
        return false;
      }
    },
    close() {
      if (out.end()) release(decoder);
    },
  };
}

/** An audio track fed by an Opus decoder. */
export function audioSink(onError: (message: string) => void): AudioSink {
  const out = decodedTrack("audio");
  let decoder: AudioDecoder | null = null;
  let configured = "";
  return {
    track: out.track,
    decode(chunk) {
      if (out.ended) return false;
      try {
        const format = `${chunk.sampleRate}/${chunk.channels}`;
        if (decoder === null || format !== configured || decoder.state !== "configured") {
          release(decoder);
          decoder = new AudioDecoder({
            output: (data) => out.output(data),
            error: (error) => {
              configured = "";
              onError(`the Opus decoder failed: ${error.message}`);
            },
          });
          decoder.configure({ codec: "opus", sampleRate: chunk.sampleRate, numberOfChannels: chunk.channels });
          configured = format;
        }
        decoder.decode(new EncodedAudioChunk({ type: "key", timestamp: chunk.timestamp, ...(chunk.duration > 0 ? { duration: chunk.duration } : {}), data: chunk.data }));
        return true;
      } catch (error) {
        onError(`the Opus decoder refused a chunk: ${(error as Error).message}`);
        configured = "";
        return false;
      }
    },
    close() {
      if (out.end()) release(decoder);
    },
  };
}
