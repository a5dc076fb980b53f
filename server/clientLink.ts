/** What the server's rendezvous parts (rendezvous.ts, appClients.ts, guardedSocket.ts) hold of a connected client. */
import type { OutboundLink } from "./outbound.js";

/**
 * A connected client as the rendezvous sees it: its WebSocket (text frames) with the client's state on it. Kept
 * small, since a server holds thousands: a group list, not a Set (most clients join one group).
 */
export interface ClientLink extends OutboundLink {
  readonly peerId: string;
  welcomed: boolean;
  groups: string[];
  /** Digest of the token that may reconnect under this peer ID: the PeerJS token, then each welcome's resume token. */
  tokenDigest: string;
  /** The client's IP address ("" when unknown), for server-side applications (`client.ip`). */
  readonly remoteAddress?: string;
  close(code?: number, reason?: string): void;
}
