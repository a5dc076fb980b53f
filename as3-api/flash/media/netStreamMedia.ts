/**
 * The audio/video side of one P2P NetStream, kept apart from NetStream.ts (which calls it through a few hooks):
 * a DIRECT_CONNECTIONS publisher's attached Camera and Microphone feed every accepted subscriber through the engine's
 * media service (engine/media/DirectMedia.ts, WebRTC tracks), and a player receives them, plays the sound through
 * the page and offers the picture to the Videos attached to it. A multicast stream's media is encoded into the group's
 * multicast stream and decoded by its players (multicastMedia.ts, WebCodecs). Flash Media Server calls `stub()`.
 * Choices where Flash's behaviour is not recorded: docs/media.md.
 */
import { directMediaOf, type MediaFeed, type MediaInlet, type MediaOutlet, type MeshNode } from "../../engine/index.js";
import type { MediaCall, MediaKind } from "../../transport/mediaCalls.js";
import { stub } from "../../stub.js";
import type { NetStatusCode } from "../net/netStatusCodes.js";
import { playerError } from "../../toplevel/playerErrors.js";
import { TypeError } from "../../toplevel/TypeError.js";
import { Camera } from "./Camera.js";
import { captureOf } from "./capture.js";
import { Microphone } from "./Microphone.js";
import { MulticastMediaReceiver, MulticastMediaSender } from "./multicastMedia.js";
import { SoundTransform } from "./SoundTransform.js";
import { missingWebCodecs } from "./webCodecs.js";

/** What the media side needs of its NetStream (NetStream.ts gives it; none of it is public AS3). */
export interface StreamAccess {
  /** The stream's kind (NetStream.ts' own names). */
  kind(): "fms" | "publisher" | "player" | "subscriber" | "multicast";
  /** The connection's mesh node, once connected over RTMFP. */
  node(): MeshNode | null;
  /** The far peer's ID (a player's publisher). */
  farID(): string;
  /** This stream's nonce (a player's subscription is named by it). */
  nearNonce(): string;
  /** An event on the stream (a multicast stream's media that cannot be encoded or decoded here). */
  status(code: NetStatusCode, fields: Record<string, unknown>): void;
}

/** A subscriber stream as the publisher's media side needs it (a NetStream's public members). */
export interface SubscriberStream {
  readonly farID: string;
  readonly farNonce: string;
}

const medias = new WeakMap<object, NetStreamMedia>();

/** The media side of a flashmesh NetStream; undefined for anything else. */
export function netStreamMediaOf(stream: unknown): NetStreamMedia | undefined {
  return typeof stream === "object" && stream !== null ? medias.get(stream) : undefined;
}

/** One NetStream's media. */
export class NetStreamMedia {
  #camera: Camera | null = null;
  /** A multicast publisher's way to send, kept until a device is attached. */
  #pendingSend: ((payload: Uint8Array) => void) | null = null;
  #microphone: Microphone | null = null;
  readonly #unwatch: Record<MediaKind, (() => void) | null> = { audio: null, video: null };
  #feed: MediaFeed | null = null;
  readonly #outlets = new Map<SubscriberStream, MediaOutlet>();
  #inlet: MediaInlet | null = null;
  #remote: MediaStream | null = null;
  readonly #remoteWatchers = new Set<() => void>();
  #receiveAudio = true;
  #receiveVideo = true;
  #speaker: HTMLAudioElement | null = null;
  #soundTransform = new SoundTransform();
  #closed = false;
  /** A multicast publisher's encoders (while it publishes), a multicast player's decoders (from its first media message). */
  #sender: MulticastMediaSender | null = null;
  #receiver: MulticastMediaReceiver | null = null;
  /** Whether this page's lack of WebCodecs was already reported for this stream (once is enough). */
  #unsupportedReported = false;

  constructor(
    stream: object,
    readonly access: StreamAccess,
  ) {
    medias.set(stream, this);
  }

  /** The camera attached (publishers). */
  get camera(): Camera | null {
    return this.#camera;
  }

  get microphone(): Microphone | null {
    return this.#microphone;
  }

  /** A player's received media (null until the publisher's tracks arrived, and after the stream ended). */
  get remoteStream(): MediaStream | null {
    return this.#remote;
  }

  /** A multicast player's decoders (their counters), null before its first media message. Not AS3. */
  get multicastReceiver(): MulticastMediaReceiver | null {
    return this.#receiver;
  }

  /** A player's media call now (its RTCPeerConnection's statistics), null without one. Not AS3. */
  get inboundCall(): MediaCall | null {
    return this.#inlet?.call ?? null;
  }

  /** Tells `listener` whenever {@link remoteStream} changes; returns the function that stops it. */
  watchRemote(listener: () => void): () => void {
    this.#remoteWatchers.add(listener);
    return () => this.#remoteWatchers.delete(listener);
  }

  /** Whether a player takes the publisher's video and audio now (receiveVideo/receiveAudio). */
  get receiving(): Readonly<Record<MediaKind, boolean>> {
    return { audio: this.#receiveAudio, video: this.#receiveVideo };
  }

  // ---- NetStream's AS3 methods ----

  attachCamera(camera: Camera | null): void {
    if (camera !== null && camera !== undefined && !(camera instanceof Camera)) throw playerError(TypeError, 2007, "theCamera");
    if (!this.#canPublishMedia("attachCamera")) return;
    this.#camera = camera ?? null;
    this.#attach("video", camera ?? null);
  }

  attachAudio(microphone: Microphone | null): void {
    if (microphone !== null && microphone !== undefined && !(microphone instanceof Microphone)) throw playerError(TypeError, 2007, "microphone");
    if (!this.#canPublishMedia("attachAudio")) return;
    this.#microphone = microphone ?? null;
    this.#attach("audio", microphone ?? null);
  }

  receiveAudio(flag: boolean): void {
    this.#receiveAudio = Boolean(flag);
    this.#tellWants();
  }

  receiveVideo(flag: boolean): void {
    this.#receiveVideo = Boolean(flag);
    this.#tellWants();
  }

  // ---- hooks from the multicast half (flash/net/multicastStream.ts) ----

  /** A multicast stream began publishing (`send` puts one fragment on it) or stopped (null). */
  multicastPublishing(send: ((payload: Uint8Array) => void) | null): void {
    this.#sender?.close();
    this.#sender = null;
    this.#pendingSend = null;
    if (send === null || this.#closed) return;
    if (this.#camera === null && this.#microphone === null) {
      // Encoders start when a device is attached.
      this.#pendingSend = send;
      return;
    }
    this.#startSender(send);
  }

  /**
   * One media message of the multicast stream this player plays; `gap`: fragments were skipped just before it;
   * `behindMs`: how far its stream time is behind the newest fragment held.
   */
  multicastMessage(payload: Uint8Array, gap: boolean, behindMs: number): void {
    if (this.#closed) return;
    if (this.#receiver === null) {
      if (!this.#supported("NetStream.Play.Failed", "play the multicast stream's audio/video")) return;
      this.#receiver = new MulticastMediaReceiver(
        (stream) => this.#setRemote(stream),
        (message) => console.error(`[flashmesh] a multicast NetStream's media: ${message}`),
      );
    }
    this.#receiver.receive(payload, gap, behindMs, { audio: this.#receiveAudio, video: this.#receiveVideo });
  }

  /** The multicast stream played changed publisher or ended: decoding starts again at a key frame. */
  multicastReset(): void {
    this.#receiver?.reset();
  }

  /** The element a player's sound plays through (null before any sound arrived). Not AS3. */
  get speaker(): HTMLAudioElement | null {
    return this.#speaker;
  }

  /** A copy of the stream's sound transform (AS3 hands out copies). */
  get soundTransform(): SoundTransform {
    return Object.assign(new SoundTransform(), this.#soundTransform);
  }

  /** A player's sound plays at `value.volume` (0–1) from now on. */
  set soundTransform(value: SoundTransform) {
    if (value === null || value === undefined) throw playerError(TypeError, 2007, "soundTransform");
    this.#soundTransform = Object.assign(new SoundTransform(), value);
    if (this.#speaker !== null) this.#speaker.volume = this.#volume();
  }

  // ---- hooks from NetStream.ts ----

  /** A publisher accepted `subscriber`: it gets this stream's media once its player asks. */
  subscriberAccepted(subscriber: SubscriberStream): void {
    const feed = this.#ensureFeed();
    if (feed === null) return;
    this.#outlets.get(subscriber)?.close();
    this.#outlets.set(subscriber, feed.addSubscriber(subscriber.farID, subscriber.farNonce));
  }

  /** A publisher's subscriber ended. */
  subscriberEnded(subscriber: SubscriberStream): void {
    this.#outlets.get(subscriber)?.close();
    this.#outlets.delete(subscriber);
  }

  /** A player's publisher accepted it: ask for the media. */
  playerConnected(): void {
    const node = this.access.node();
    if (node === null || this.#closed) return;
    this.#inlet?.close();
    this.#inlet = directMediaOf(node).inlet(this.access.farID(), this.access.nearNonce(), {
      stream: (stream) => this.#setRemote(stream),
      streamEnded: () => this.#setRemote(null),
    });
    this.#tellWants();
  }

  /** A player's connection to its publisher ended. */
  playerDisconnected(): void {
    this.#inlet?.close();
    this.#inlet = null;
    this.#setRemote(null);
  }

  /** The stream closed: every call ends (the devices stay open for their other users). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.playerDisconnected();
    for (const unwatch of Object.values(this.#unwatch)) unwatch?.();
    this.#feed?.close();
    this.#sender?.close();
    this.#sender = null;
    this.#pendingSend = null;
    this.#receiver?.close();
    this.#receiver = null;
    this.#outlets.clear();
  }

  // ---- helpers ----

  #canPublishMedia(method: string): boolean {
    const kind = this.access.kind();
    if (kind === "publisher" || kind === "player" || kind === "subscriber" || kind === "multicast") return true;
    stub(`flash.net.NetStream.${method}(connectToFMS)`);
    return false;
  }

  /**
   * Whether this page has WebCodecs and insertable streams; when not, a console error and `code` on the stream, once
   * per stream (docs/media.md), and multicast media stays off: never a crash.
   */
  #supported(code: NetStatusCode, what: string): boolean {
    const missing = missingWebCodecs();
    if (missing.length === 0) return true;
    if (!this.#unsupportedReported) {
      this.#unsupportedReported = true;
      const description = `this browser cannot ${what}: it lacks ${missing.join(", ")} (WebCodecs and MediaStreamTrackProcessor/Generator, Chromium's)`;
      console.error(`[flashmesh] ${description}`);
      this.access.status(code, { description });
    }
    return false;
  }

  #startSender(send: (payload: Uint8Array) => void): void {
    if (!this.#supported("NetStream.Failed", "publish audio/video to a multicast stream")) return;
    this.#pendingSend = null;
    this.#sender = new MulticastMediaSender(send, () => performance.now(), (message) => {
      console.error(`[flashmesh] a multicast NetStream's media: ${message}`);
      this.access.status("NetStream.Failed", { description: message });
    });
    this.#applyMulticast();
  }

  /** The multicast sender encodes what is attached now. */
  #applyMulticast(): void {
    const camera = this.#camera;
    const sender = this.#sender;
    if (sender === null) return;
    const videoTrack = camera === null ? null : (captureOf(camera)?.track ?? null);
    sender.setVideo(videoTrack, () => ({ fps: camera?.fps ?? 15, bitrate: (camera?.bandwidth ?? 0) * 8, keyFrameInterval: camera?.keyFrameInterval ?? 15 }));
    sender.setAudio(this.#microphone === null ? null : (captureOf(this.#microphone)?.track ?? null));
  }

  #attach(kind: MediaKind, source: Camera | Microphone | null): void {
    this.#unwatch[kind]?.();
    this.#unwatch[kind] = null;
    const capture = source === null ? undefined : captureOf(source);
    if (this.access.kind() === "multicast") return this.#attachMulticast(capture);
    const apply = (): void => {
      const feed = this.#feed;
      if (feed === null) return;
      feed.setTrack(kind, capture?.track ?? null);
      if (source instanceof Camera) feed.setMaxBitrate("video", source.bandwidth * 8);
    };
    if (capture !== undefined) {
      this.#unwatch[kind] = capture.watch(apply);
      capture.open();
    }
    this.#ensureFeed();
    apply();
  }

  #attachMulticast(capture: ReturnType<typeof captureOf>): void {
    if (this.#sender === null && this.#pendingSend !== null) this.#startSender(this.#pendingSend);
    else if (this.#sender === null && capture !== undefined) this.#supported("NetStream.Failed", "publish audio/video to a multicast stream");
    if (capture !== undefined) {
      this.#unwatch[capture.kind === "videoinput" ? "video" : "audio"] = capture.watch(() => this.#applyMulticast());
      capture.open();
    }
    this.#applyMulticast();
  }

  /** A publisher's feed, once there is a node to send through (null before, or where media cannot travel). */
  #ensureFeed(): MediaFeed | null {
    if (this.#feed !== null || this.#closed) return this.#feed;
    const node = this.access.node();
    if (node === null) return null;
    const service = directMediaOf(node);
    if (service.calls === null) {
      if (this.#camera !== null || this.#microphone !== null) stub("flash.net.NetStream audio/video without WebRTC (memory network, rtmfp: serverless)");
      return null;
    }
    this.#feed = service.feed();
    for (const kind of ["audio", "video"] as const) {
      const source = kind === "video" ? this.#camera : this.#microphone;
      this.#feed.setTrack(kind, (source === null ? undefined : captureOf(source))?.track ?? null);
    }
    if (this.#camera !== null) this.#feed.setMaxBitrate("video", this.#camera.bandwidth * 8);
    return this.#feed;
  }

  #tellWants(): void {
    this.#inlet?.want(this.#receiveAudio, this.#receiveVideo);
    this.#updateSpeaker();
  }

  #volume(): number {
    const volume = Number(this.#soundTransform.volume);
    return Number.isFinite(volume) ? Math.min(1, Math.max(0, volume)) : 1;
  }

  #setRemote(stream: MediaStream | null): void {
    if (this.#remote === stream) return;
    this.#remote = stream;
    this.#updateSpeaker();
    for (const watcher of [...this.#remoteWatchers]) watcher();
  }

  /** A player's sound plays through the page, as Flash played a NetStream's audio without any attachment. */
  #updateSpeaker(): void {
    const stream = this.#receiveAudio ? this.#remote : null;
    if (stream === null || stream.getAudioTracks().length === 0 || typeof document === "undefined") {
      if (this.#speaker !== null) this.#speaker.srcObject = null;
      return;
    }
    const speaker = (this.#speaker ??= document.createElement("audio"));
    speaker.volume = this.#volume();
    if (speaker.srcObject === stream) return;
    speaker.autoplay = true;
    speaker.srcObject = stream;
    speaker.play().catch((error: unknown) => {
      console.warn("[flashmesh] the page's autoplay policy holds a NetStream's sound until the user interacts with the page:", error);
      const retry = (): void => void speaker.play().catch(() => {});
      document.addEventListener("pointerdown", retry, { once: true });
      document.addEventListener("keydown", retry, { once: true });
    });
  }
}
