/**
 * Direct peer-to-peer streams (Flash's DIRECT_CONNECTIONS) on one mesh node: a subscriber asks a peer for a stream
 * by name (`play`), the peer's application accepts or refuses it, then the publisher's messages reach each accepted
 * subscriber in order (or unordered and unreliable, per message) until either side ends it or the link goes. The
 * service knows nothing of names being published: every request is handed to its owner (the NetConnection), which
 * decides. Frames: wire/streamFrames.ts. Malformed frames, frames for unknown subscriptions and requests past the
 * per-peer limit are dropped and counted, never thrown.
 */
import type { Scheduler } from "../../transport/scheduler.js";
import { decodeStreamFrame, encodeStreamFrame, StreamFrameError, STREAM_FRAME_FAMILY, type RejectReason, type StreamFrame, type StreamFrameLimits, DEFAULT_STREAM_FRAME_LIMITS } from "../../wire/streamFrames.js";
import type { NodeService } from "../nodeService.js";

/** What a direct-stream service needs of its mesh node. */
export interface StreamHost {
  readonly peerId: string;
  readonly scheduler: Scheduler;
  ensureLink(peerId: string): void;
  hasLink(peerId: string): boolean;
  releaseLink(peerId: string): void;
  sendEncoded(peerId: string, bytes: Uint8Array): boolean;
  sendUnreliable(peerId: string, bytes: Uint8Array): boolean;
}

/** Messages a subscriber keeps that overtook the publisher's acceptance (unordered sends). */
const EARLY_DATA_LIMIT = 64;

/** Why a subscription ended. */
export type EndReason = "closed" | "lost";

/** A subscriber's request, as the publisher's side sees it, until it is accepted or refused, and after. */
export class InboundSubscription {
  #state: "asking" | "accepted" | "ended" = "asking";
  /** Told once when the subscription ends by the far side or the link ("closed": the subscriber stopped). */
  onEnded: ((reason: EndReason) => void) | null = null;

  constructor(
    readonly service: DirectStreams,
    readonly peerId: string,
    /** The subscriber's number for it. */
    readonly id: number,
    readonly name: string,
    /** The subscriber's nonce (its side's `nearNonce`). */
    readonly farNonce: string,
  ) {}

  get state(): "asking" | "accepted" | "ended" {
    return this.#state;
  }

  /** Accepts: the subscriber hears it before any message sent after this call. */
  accept(nearNonce: string): void {
    if (this.#state !== "asking") return;
    this.#state = "accepted";
    this.service.sendFrame(this.peerId, { type: "accept", stream: this.id, nonce: nearNonce });
  }

  reject(reason: RejectReason): void {
    if (this.#state !== "asking") return;
    this.service.sendFrame(this.peerId, { type: "reject", stream: this.id, reason });
    this.service.forget(this);
  }

  /** One message (AMF3 bytes) at stream time `timeMs`; false when not accepted or the link is gone. */
  send(payload: Uint8Array, timeMs: number, reliable: boolean): boolean {
    if (this.#state !== "accepted") return false;
    return this.service.sendFrame(this.peerId, { type: "data", stream: this.id, time: Math.max(0, Math.floor(timeMs)) >>> 0, payload }, reliable);
  }

  /** Ends it from this side: the subscriber hears `end`. No `onEnded` follows. */
  close(): void {
    if (this.#state === "ended") return;
    this.service.sendFrame(this.peerId, { type: "end", stream: this.id });
    this.service.forget(this);
  }

  /** @internal */
  ended(reason: EndReason): void {
    if (this.#state === "ended") return;
    this.#state = "ended";
    this.onEnded?.(reason);
  }

  /** @internal marks it ended without telling anyone (the service forgot it). */
  markEnded(): void {
    this.#state = "ended";
  }
}

/** What a subscriber hears. */
export interface SubscriptionHandler {
  accepted(farNonce: string): void;
  refused(reason: RejectReason): void;
  /** No link to the publisher could be opened. */
  failed(reason: string): void;
  /** One message, with the publisher's stream time. */
  data(payload: Uint8Array, timeMs: number): void;
  /** The publisher ended it ("closed") or the link went ("lost"). */
  ended(reason: EndReason): void;
}

/** A subscriber's stream from one publisher. */
export class OutboundSubscription {
  #state: "connecting" | "asking" | "accepted" | "ended" = "connecting";
  /**
   * Messages that arrived before the acceptance: unordered frames (`dataReliable = false`) may overtake it. Kept (at
   * most {@link EARLY_DATA_LIMIT}) and handed over right after it.
   */
  readonly #early: { payload: Uint8Array; time: number }[] = [];

  constructor(
    readonly service: DirectStreams,
    readonly peerId: string,
    readonly id: number,
    readonly name: string,
    readonly nearNonce: string,
    readonly handler: SubscriptionHandler,
  ) {}

  get state(): "connecting" | "asking" | "accepted" | "ended" {
    return this.#state;
  }

  /** Stops it; the publisher hears `unplay`. No handler call follows. */
  close(): void {
    if (this.#state === "ended") return;
    if (this.#state !== "connecting") this.service.sendFrame(this.peerId, { type: "unplay", stream: this.id });
    this.#state = "ended";
    this.service.forget(this);
  }

  /** @internal the link is open: ask. */
  ask(): void {
    if (this.#state !== "connecting") return;
    this.#state = "asking";
    this.service.sendFrame(this.peerId, { type: "play", stream: this.id, nonce: this.nearNonce, name: this.name });
  }

  /** @internal */
  receive(frame: StreamFrame): boolean {
    switch (frame.type) {
      case "accept":
        if (this.#state !== "asking") return false;
        this.#state = "accepted";
        this.handler.accepted(frame.nonce);
        for (const early of this.#early.splice(0)) if (this.#state === "accepted") this.handler.data(early.payload, early.time);
        return true;
      case "reject":
        if (this.#state !== "asking") return false;
        this.#end();
        this.handler.refused(frame.reason);
        return true;
      case "data":
        if (this.#state === "asking" && this.#early.length < EARLY_DATA_LIMIT) {
          this.#early.push({ payload: frame.payload, time: frame.time });
          return true;
        }
        if (this.#state !== "accepted") return false;
        this.handler.data(frame.payload, frame.time);
        return true;
      case "end":
        if (this.#state === "ended") return false;
        this.#end();
        this.handler.ended("closed");
        return true;
      default:
        return false;
    }
  }

  /** @internal the link went, or never came. */
  linkGone(reason: string): void {
    const state = this.#state;
    if (state === "ended") return;
    this.#end();
    if (state === "accepted") this.handler.ended("lost");
    else this.handler.failed(reason);
  }

  #end(): void {
    this.#state = "ended";
    this.service.forget(this);
  }
}

/** Counters of dropped input. */
export interface DirectStreamStats {
  malformedFrames: number;
  /** Frames naming a subscription that does not exist (or not in a state to take them). */
  strayFrames: number;
  /** Requests refused because the peer already had {@link DirectStreamOptions.maxRequestsPerPeer}. */
  floodedRequests: number;
}

/** Options of a {@link DirectStreams}. */
export interface DirectStreamOptions {
  readonly frameLimits: StreamFrameLimits;
  /** Subscriptions one peer may hold or ask for on this node at once. Default 64. */
  readonly maxRequestsPerPeer: number;
}

/** The direct-stream service of one mesh node. */
export class DirectStreams implements NodeService {
  readonly family = STREAM_FRAME_FAMILY;
  readonly stats: DirectStreamStats = { malformedFrames: 0, strayFrames: 0, floodedRequests: 0 };
  readonly options: DirectStreamOptions;
  /** Told of every subscriber request; it must accept or reject it (now or later). */
  onRequest: ((request: InboundSubscription) => void) | null = null;
  readonly #inbound = new Map<string, Map<number, InboundSubscription>>();
  readonly #outbound = new Map<number, OutboundSubscription>();
  #nextId = 1;
  #closed = false;

  constructor(
    readonly host: StreamHost,
    options: Partial<DirectStreamOptions> = {},
  ) {
    this.options = { frameLimits: DEFAULT_STREAM_FRAME_LIMITS, maxRequestsPerPeer: 64, ...options };
  }

  /** Asks `peerId` for stream `name`; the handler hears the outcome. `nearNonce`: this side's nonce (64 hex). */
  subscribe(peerId: string, name: string, nearNonce: string, handler: SubscriptionHandler): OutboundSubscription {
    const subscription = new OutboundSubscription(this, peerId, this.#nextId++ >>> 0, name, nearNonce, handler);
    this.#outbound.set(subscription.id, subscription);
    if (this.#closed) {
      this.host.scheduler.setTimer(0, () => subscription.linkGone("closed"));
    } else if (this.host.hasLink(peerId)) subscription.ask();
    else this.host.ensureLink(peerId);
    return subscription;
  }

  /** Inbound subscriptions (asking or accepted) from `peerId`. */
  inboundFrom(peerId: string): number {
    return this.#inbound.get(peerId)?.size ?? 0;
  }

  // ---- NodeService ----

  receive(peerId: string, bytes: Uint8Array): void {
    if (this.#closed) return;
    let frame: StreamFrame;
    try {
      frame = decodeStreamFrame(bytes, this.options.frameLimits);
    } catch (error) {
      if (!(error instanceof StreamFrameError)) throw error;
      this.stats.malformedFrames++;
      return;
    }
    switch (frame.type) {
      case "play": return this.#onPlay(peerId, frame.stream, frame.nonce, frame.name);
      case "unplay": {
        const inbound = this.#inbound.get(peerId)?.get(frame.stream);
        if (inbound === undefined) return void this.stats.strayFrames++;
        inbound.ended("closed");
        this.forget(inbound);
        return;
      }
      case "accept":
      case "reject":
      case "data":
      case "end": {
        const outbound = this.#outbound.get(frame.stream);
        if (outbound === undefined || outbound.peerId !== peerId || !outbound.receive(frame)) this.stats.strayFrames++;
        return;
      }
    }
  }

  linkOpened(peerId: string): void {
    for (const subscription of [...this.#outbound.values()]) if (subscription.peerId === peerId) subscription.ask();
  }

  linkClosed(peerId: string): void {
    const inbound = this.#inbound.get(peerId);
    if (inbound !== undefined) {
      this.#inbound.delete(peerId);
      for (const subscription of inbound.values()) subscription.ended("lost");
    }
    for (const subscription of [...this.#outbound.values()]) if (subscription.peerId === peerId) subscription.linkGone("the link to the publisher closed");
  }

  connectFailed(peerId: string): void {
    for (const subscription of [...this.#outbound.values()]) if (subscription.peerId === peerId && subscription.state === "connecting") subscription.linkGone("no link to the publisher could be opened");
  }

  usesPeer(peerId: string): boolean {
    if ((this.#inbound.get(peerId)?.size ?? 0) > 0) return true;
    for (const subscription of this.#outbound.values()) if (subscription.peerId === peerId) return true;
    return false;
  }

  close(): void {
    this.#closed = true;
    for (const peer of this.#inbound.values()) for (const subscription of peer.values()) subscription.markEnded();
    this.#inbound.clear();
    this.#outbound.clear();
  }

  // ---- for the subscriptions ----

  /** @internal */
  sendFrame(peerId: string, frame: StreamFrame, reliable = true): boolean {
    const bytes = encodeStreamFrame(frame);
    return reliable ? this.host.sendEncoded(peerId, bytes) : this.host.sendUnreliable(peerId, bytes);
  }

  /** @internal a subscription is over: drop it, and the link when nothing needs it any more. */
  forget(subscription: InboundSubscription | OutboundSubscription): void {
    if (subscription instanceof InboundSubscription) {
      const peer = this.#inbound.get(subscription.peerId);
      if (peer?.get(subscription.id) !== subscription) return;
      peer.delete(subscription.id);
      if (peer.size === 0) this.#inbound.delete(subscription.peerId);
      subscription.markEnded();
    } else {
      if (this.#outbound.get(subscription.id) !== subscription) return;
      this.#outbound.delete(subscription.id);
    }
    // A moment later, so a frame just queued (end, unplay, reject) leaves before the link may close.
    this.host.scheduler.setTimer(1000, () => this.host.releaseLink(subscription.peerId));
  }

  #onPlay(peerId: string, id: number, nonce: string, name: string): void {
    let peer = this.#inbound.get(peerId);
    if (peer?.has(id)) return void this.stats.strayFrames++;
    if ((peer?.size ?? 0) >= this.options.maxRequestsPerPeer) {
      this.stats.floodedRequests++;
      this.sendFrame(peerId, { type: "reject", stream: id, reason: "full" });
      return;
    }
    if (peer === undefined) this.#inbound.set(peerId, (peer = new Map()));
    const request = new InboundSubscription(this, peerId, id, name, nonce);
    peer.set(id, request);
    if (this.onRequest === null) return request.reject("refused");
    this.onRequest(request);
  }
}
