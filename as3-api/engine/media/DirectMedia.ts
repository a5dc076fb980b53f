/**
 * Audio and video of direct P2P NetStreams (Flash's DIRECT_CONNECTIONS): a publisher's {@link MediaFeed} (the tracks
 * of its attached camera and microphone) reaches each accepted subscriber as a WebRTC media call
 * (transport/mediaCalls.ts), and each player's {@link MediaInlet} receives it. The call is made by the publisher once
 * the player said what it wants (a `want` frame over the link the direct stream already uses, wire/mediaFrames.ts),
 * is remade when the set of kinds changes (a microphone attached after the camera), and otherwise only swaps tracks
 * (another camera, `receiveVideo(false)`: the sender sends nothing), so no renegotiation. Subscriptions are named by
 * the player's nonce, which both ends of a direct stream know. Malformed and stray frames are dropped and counted.
 */
import type { MediaCall, MediaCalls, MediaKind } from "../../transport/mediaCalls.js";
import type { Links } from "../../transport/links.js";
import type { Scheduler, Timer } from "../../transport/scheduler.js";
import { decodeMediaFrame, encodeMediaFrame, MEDIA_FRAME_FAMILY, MediaFrameError, type MediaFrame } from "../../wire/mediaFrames.js";
import type { NodeService } from "../nodeService.js";

/** What the media service needs of its mesh node. */
export interface MediaHost {
  readonly scheduler: Scheduler;
  readonly links: Links;
  sendEncoded(peerId: string, bytes: Uint8Array): boolean;
  addService(service: NodeService): void;
}

/** Counters of dropped input. */
export interface DirectMediaStats {
  malformedFrames: number;
  /** `want` frames naming no subscriber of this node. */
  strayFrames: number;
  /** Incoming calls no player of this node expected (closed at once). */
  strayCalls: number;
  /** Calls that ended before their stream did, and were made again. */
  recalls: number;
}

/** Calls remade after an unexpected end, at most, per subscriber. */
const MAX_RECALLS = 5;
const RECALL_DELAY_MS = 1000;
/**
 * How long a player keeps showing the last picture after its call ended, waiting for the publisher's next call (it
 * makes a new one when the kinds change: a microphone attached after the camera).
 */
const REPLACEMENT_WAIT_MS = 2000;

const KINDS: readonly MediaKind[] = ["audio", "video"];

const keyOf = (peerId: string, nonce: string): string => `${peerId}/${nonce.toLowerCase()}`;

/** A publisher's tracks, sent to every subscriber that wants them. */
export class MediaFeed {
  readonly #tracks: Record<MediaKind, MediaStreamTrack | null> = { audio: null, video: null };
  readonly #maxBitrates: Record<MediaKind, number> = { audio: 0, video: 0 };
  readonly #outlets = new Set<MediaOutlet>();
  #closed = false;

  constructor(readonly service: DirectMedia) {}

  track(kind: MediaKind): MediaStreamTrack | null {
    return this.#tracks[kind];
  }

  maxBitrate(kind: MediaKind): number {
    return this.#maxBitrates[kind];
  }

  /** Sets what this feed sends for `kind` (null: nothing). */
  setTrack(kind: MediaKind, track: MediaStreamTrack | null): void {
    if (this.#tracks[kind] === track) return;
    this.#tracks[kind] = track;
    this.#updateAll();
  }

  /** Caps the bitrate of `kind` on every call (bits per second, 0: none). */
  setMaxBitrate(kind: MediaKind, bitsPerSecond: number): void {
    this.#maxBitrates[kind] = Math.max(0, bitsPerSecond);
    this.#updateAll();
  }

  /** A subscriber (the player at `peerId` whose nonce is `nonce`) was accepted: it gets the feed once it asks. */
  addSubscriber(peerId: string, nonce: string): MediaOutlet {
    const outlet = new MediaOutlet(this, peerId, nonce.toLowerCase());
    this.#outlets.add(outlet);
    this.service.registerOutlet(outlet);
    if (this.#closed) outlet.close();
    return outlet;
  }

  /** The subscriber's outlets now (tests and statistics). */
  get outlets(): readonly MediaOutlet[] {
    return [...this.#outlets];
  }

  /** @internal */
  dropOutlet(outlet: MediaOutlet): void {
    this.#outlets.delete(outlet);
  }

  /** Ends every call of this feed. */
  close(): void {
    this.#closed = true;
    for (const outlet of [...this.#outlets]) outlet.close();
  }

  #updateAll(): void {
    for (const outlet of this.#outlets) outlet.update();
  }
}

/** One subscriber of a feed: its wishes and its call. */
export class MediaOutlet {
  #want: Record<MediaKind, boolean> | null = null;
  #call: MediaCall | null = null;
  /** The kinds the current call was made with ("audio,video", "video", …). */
  #callKinds = "";
  #recalls = 0;
  #closed = false;

  constructor(
    readonly feed: MediaFeed,
    readonly peerId: string,
    readonly nonce: string,
  ) {}

  /** The call now (null before the player asked, without tracks, and after close). */
  get call(): MediaCall | null {
    return this.#call;
  }

  /** What the player wants (null until it asked). */
  get want(): Readonly<Record<MediaKind, boolean>> | null {
    return this.#want;
  }

  /** @internal the player's `want` frame. */
  wanted(audio: boolean, video: boolean): void {
    this.#want = { audio, video };
    this.update();
  }

  /** Brings the call in line with the feed and the player's wishes. */
  update(): void {
    if (this.#closed || this.#want === null) return;
    const calls = this.feed.service.calls;
    const kinds = KINDS.filter((kind) => this.feed.track(kind) !== null);
    const kindsKey = kinds.join(",");
    if (kinds.length === 0 || calls === null) return this.#hangUp();
    if (this.#call === null || this.#callKinds !== kindsKey) {
      // The new call before the old one ends, so the player can move to it without a gap.
      const previous = this.#call;
      const stream = new MediaStream(kinds.map((kind) => this.feed.track(kind)!));
      const call = calls.call(this.peerId, stream, { flashmesh: "direct", nonce: this.nonce });
      this.#call = call;
      this.#callKinds = kindsKey;
      call.onClose = () => this.#callEnded(call);
      if (previous !== null) {
        previous.onClose = null;
        previous.close();
      }
    }
    const call = this.#call;
    for (const kind of kinds) {
      void call.replaceTrack(kind, this.#want[kind] ? this.feed.track(kind) : null);
      void call.setMaxBitrate(kind, this.feed.maxBitrate(kind));
    }
  }

  /** Ends this subscriber's call for good (the subscriber stream ended). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#hangUp();
    this.feed.dropOutlet(this);
    this.feed.service.dropOutlet(this);
  }

  #hangUp(): void {
    const call = this.#call;
    this.#call = null;
    this.#callKinds = "";
    if (call !== null) {
      call.onClose = null;
      call.close();
    }
  }

  /** The call ended on its own (the player's side closed it, or its connection failed): made again, a few times. */
  #callEnded(call: MediaCall): void {
    if (this.#call !== call) return;
    this.#call = null;
    this.#callKinds = "";
    if (this.#closed || this.#recalls >= MAX_RECALLS) return;
    this.#recalls++;
    this.feed.service.stats.recalls++;
    this.feed.service.host.scheduler.setTimer(RECALL_DELAY_MS, () => this.update());
  }
}

/** What a player hears of its publisher's media. */
export interface InletHandler {
  /** The publisher's tracks arrived (the same stream object while the call lasts; a new one after a new call). */
  stream(stream: MediaStream): void;
  /** The call ended (the publisher detached everything, or the stream ended). */
  streamEnded(): void;
}

/** A player's side: asks for the media of one direct stream and receives it. */
export class MediaInlet {
  #call: MediaCall | null = null;
  #want: Record<MediaKind, boolean> = { audio: true, video: true };
  #closed = false;
  /** A call ended: the end is told once no new call came within {@link REPLACEMENT_WAIT_MS}. */
  #pendingEnd: Timer | null = null;

  constructor(
    readonly service: DirectMedia,
    readonly peerId: string,
    readonly nonce: string,
    readonly handler: InletHandler,
  ) {}

  /** Tells the publisher which kinds to send (the first call also says this player is ready for the call). */
  want(audio: boolean, video: boolean): void {
    this.#want = { audio, video };
    if (!this.#closed) this.service.sendFrame(this.peerId, { type: "want", nonce: this.nonce, audio, video });
  }

  /** What this player asked for last. */
  get wanted(): Readonly<Record<MediaKind, boolean>> {
    return this.#want;
  }

  get call(): MediaCall | null {
    return this.#call;
  }

  /** @internal a call from the publisher for this stream. */
  take(call: MediaCall): void {
    if (this.#closed) return call.close();
    this.#pendingEnd?.cancel();
    this.#pendingEnd = null;
    const previous = this.#call;
    this.#call = call;
    if (previous !== null) {
      previous.onClose = null;
      previous.close();
    }
    call.onStream = (stream) => {
      if (this.#call === call) this.handler.stream(stream);
    };
    call.onClose = () => {
      if (this.#call !== call) return;
      this.#call = null;
      this.#pendingEnd = this.service.host.scheduler.setTimer(REPLACEMENT_WAIT_MS, () => {
        this.#pendingEnd = null;
        if (this.#call === null && !this.#closed) this.handler.streamEnded();
      });
    };
    call.answer();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#pendingEnd?.cancel();
    this.#pendingEnd = null;
    const call = this.#call;
    this.#call = null;
    if (call !== null) {
      call.onClose = null;
      call.close();
    }
    this.service.dropInlet(this);
  }
}

/** The media service of one mesh node: routes `want` frames to feeds' outlets and calls to players' inlets. */
export class DirectMedia implements NodeService {
  readonly family = MEDIA_FRAME_FAMILY;
  readonly stats: DirectMediaStats = { malformedFrames: 0, strayFrames: 0, strayCalls: 0, recalls: 0 };
  readonly #outlets = new Map<string, MediaOutlet>();
  readonly #inlets = new Map<string, MediaInlet>();
  #closed = false;

  constructor(readonly host: MediaHost) {
    const calls = host.links.media;
    if (calls !== undefined) calls.onCall = (call) => this.#onCall(call);
  }

  /** The transport's media calls; null where it has none (memory network, LAN): then nothing is sent. */
  get calls(): MediaCalls | null {
    return this.#closed ? null : (this.host.links.media ?? null);
  }

  /** A publisher's feed. */
  feed(): MediaFeed {
    return new MediaFeed(this);
  }

  /** A player's inlet for its direct stream from `peerId` (`nonce`: the player's own nonce). */
  inlet(peerId: string, nonce: string, handler: InletHandler): MediaInlet {
    const inlet = new MediaInlet(this, peerId, nonce.toLowerCase(), handler);
    this.#inlets.get(keyOf(peerId, nonce))?.close();
    this.#inlets.set(keyOf(peerId, nonce), inlet);
    return inlet;
  }

  /** @internal */
  registerOutlet(outlet: MediaOutlet): void {
    this.#outlets.get(keyOf(outlet.peerId, outlet.nonce))?.close();
    this.#outlets.set(keyOf(outlet.peerId, outlet.nonce), outlet);
  }

  /** @internal */
  dropOutlet(outlet: MediaOutlet): void {
    const key = keyOf(outlet.peerId, outlet.nonce);
    if (this.#outlets.get(key) === outlet) this.#outlets.delete(key);
  }

  /** @internal */
  dropInlet(inlet: MediaInlet): void {
    const key = keyOf(inlet.peerId, inlet.nonce);
    if (this.#inlets.get(key) === inlet) this.#inlets.delete(key);
  }

  /** @internal */
  sendFrame(peerId: string, frame: MediaFrame): boolean {
    return this.host.sendEncoded(peerId, encodeMediaFrame(frame));
  }

  // ---- NodeService ----

  receive(peerId: string, bytes: Uint8Array): void {
    if (this.#closed) return;
    let frame: MediaFrame;
    try {
      frame = decodeMediaFrame(bytes);
    } catch (error) {
      if (!(error instanceof MediaFrameError)) throw error;
      this.stats.malformedFrames++;
      return;
    }
    const outlet = this.#outlets.get(keyOf(peerId, frame.nonce));
    if (outlet === undefined) return void this.stats.strayFrames++;
    outlet.wanted(frame.audio, frame.video);
  }

  linkOpened(_peerId: string): void {}

  /** The direct streams over that link end too, and their NetStreams close their outlets and inlets. */
  linkClosed(_peerId: string): void {}

  connectFailed(_peerId: string): void {}

  /** Media calls have their own connections: the link stays for the direct stream's sake, not for media. */
  usesPeer(_peerId: string): boolean {
    return false;
  }

  close(): void {
    this.#closed = true;
    for (const outlet of [...this.#outlets.values()]) outlet.close();
    for (const inlet of [...this.#inlets.values()]) inlet.close();
  }

  #onCall(call: MediaCall): void {
    const inlet = call.metadata["flashmesh"] === "direct" ? this.#inlets.get(keyOf(call.remotePeerId, call.metadata["nonce"] ?? "")) : undefined;
    if (this.#closed || inlet === undefined) {
      this.stats.strayCalls++;
      return call.close();
    }
    inlet.take(call);
  }
}

const services = new WeakMap<MediaHost, DirectMedia>();

/** The media service of `node`, added to it on first use. */
export function directMediaOf(node: MediaHost): DirectMedia {
  let service = services.get(node);
  if (service === undefined) {
    service = new DirectMedia(node);
    node.addService(service);
    services.set(node, service);
  }
  return service;
}
