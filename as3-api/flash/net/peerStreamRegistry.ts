/**
 * One NetConnection's peer-to-peer NetStreams, as its streams need to see them: the DIRECT_CONNECTIONS publishers
 * by name (a subscriber's request goes to the one publishing its name), the subscriber NetStreams no publisher took
 * yet (`NetConnection.unconnectedPeerStreams`), and the peer streams connected now, which
 * `maxPeerConnections` limits.
 */
import type { DirectStreams } from "../../engine/index.js";

/** The registry of one connection; `S` is NetStream (kept generic so this file needs no NetStream import). */
export class PeerStreamRegistry<S> {
  /** DIRECT_CONNECTIONS publishers by the name they publish. */
  readonly publishers = new Map<string, S>();
  /** Subscribers whose name no publisher of this connection publishes yet, in arrival order. */
  readonly unconnected: S[] = [];
  /** Peer streams connected now: accepted subscribers of this connection's publishers and its own players. */
  readonly connected = new Set<S>();

  constructor(readonly direct: DirectStreams) {}

  /** Removes `stream` from the unconnected list (no-op when absent). */
  dropUnconnected(stream: S): void {
    const at = this.unconnected.indexOf(stream);
    if (at >= 0) this.unconnected.splice(at, 1);
  }
}
