/**
 * What the group engine needs from a network: links to other peers that carry frames, and a rendezvous to find the
 * first members of a group. Implemented over WebRTC data channels (peerjs.ts) and in memory (memory.ts); the same
 * spec suite runs over both.
 */
import type { Scheduler } from "./scheduler.js";

/** An open, reliable, ordered link to one peer. */
export interface Link {
  readonly remotePeerId: string;
  /** Queues one frame; false when the link is already closed. */
  send(frame: Uint8Array): boolean;
  /** Closes the link; the handler's `linkClosed` follows on both sides. */
  close(): void;
}

/** Callbacks from a transport to its owner (one owner per transport). */
export interface TransportHandler {
  /** A link is open, whether this peer or the other one asked for it. */
  linkOpened(link: Link): void;
  frame(link: Link, frame: Uint8Array): void;
  linkClosed(link: Link): void;
  /** `connect(peerId)` did not lead to a link. */
  connectFailed(peerId: string, reason: string): void;
}

/** What a rendezvous join gave. */
export type RendezvousResult =
  | { readonly ok: true; readonly members: readonly string[]; /** members the rendezvous knows in the group */ readonly memberCount: number }
  | { readonly ok: false; readonly reason: string; /** the rendezvous refused (rather than failed to answer) */ readonly refused: boolean };

/** One peer's access to the network. */
export interface Transport {
  /** This peer's ID (64 lowercase hex digits). */
  readonly peerId: string;
  readonly scheduler: Scheduler;
  setHandler(handler: TransportHandler): void;
  /** Opens a link to `peerId` unless one is open or opening; `linkOpened` or `connectFailed` follows. */
  connect(peerId: string): void;
  /**
   * Joins a group at the rendezvous (`peerToPeer` false: listed but never handed out) and calls `done` with the
   * bootstrap members or the reason it failed. A callback, not a promise, so simulated time stays in step.
   */
  rendezvousJoin(groupId: string, peerToPeer: boolean, done: (result: RendezvousResult) => void): void;
  /** Leaves a group at the rendezvous. */
  rendezvousLeave(groupId: string): void;
  /** Closes every link and the transport. */
  close(): void;
}
