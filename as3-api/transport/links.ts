/**
 * Links: reliable, ordered connections to other peers that carry group frames. One part of a {@link Session}
 * (transport/session.ts); implemented over WebRTC data channels (peerjs.ts), in memory (memory.ts) and on a
 * BroadcastChannel (lan.ts).
 */
import type { TransportError } from "./errors.js";
import type { MediaCalls } from "./mediaCalls.js";
import type { Scheduler } from "./scheduler.js";

/** An open, reliable, ordered link to one peer. */
export interface Link {
  readonly remotePeerId: string;
  /** Queues one frame; false when the link is already closed. */
  send(frame: Uint8Array): boolean;
  /**
   * Queues one frame on the link's unordered channel without retransmission (P2P NetStream `dataReliable = false`),
   * when the transport has one; it may be lost or overtake earlier frames. False when the link is closed.
   */
  sendUnreliable?(frame: Uint8Array): boolean;
  /** Whether `sendUnreliable` has its unordered channel now (it falls back to `send` until then). */
  readonly unreliableReady?: boolean;
  /** Closes the link; the handler's `linkClosed` follows on both sides. */
  close(): void;
}

/** Callbacks from the links to their owner (one owner per session). */
export interface LinkHandler {
  /** A link is open, whether this peer or the other one asked for it. */
  linkOpened(link: Link): void;
  frame(link: Link, frame: Uint8Array): void;
  linkClosed(link: Link): void;
  /** `connect(peerId)` did not lead to a link (kind `link-failed`). */
  connectFailed(peerId: string, error: TransportError): void;
}

/** One peer's links to others. */
export interface Links {
  /** This peer's ID (64 lowercase hex digits). */
  readonly peerId: string;
  readonly scheduler: Scheduler;
  setHandler(handler: LinkHandler): void;
  /**
   * Opens a link to `peerId` unless one is open or opening; `linkOpened` or `connectFailed` follows, always (a
   * transport gives up after its own bounded time).
   */
  connect(peerId: string): void;
  /** WebRTC audio/video calls to other peers, where the transport has them (absent in memory and on the LAN). */
  readonly media?: MediaCalls;
}

/**
 * Conditions of a path between two peers: the memory network's paths, and the optional conditions the WebRTC links
 * impose on themselves for benchmarks (peerjs.ts). Order is always kept, as on a reliable, ordered channel.
 */
export interface LinkConditions {
  /** One-way delay, ms. */
  readonly latencyMs: number;
  /** Extra random delay in [0, jitterMs), ms. */
  readonly jitterMs: number;
  /**
   * Probability a frame is lost. The memory network drops it; a WebRTC link, being reliable, delivers it late
   * instead (one retransmission: twice the latency plus jitter more), holding up the frames behind it.
   */
  readonly loss: number;
}
