/**
 * An engine service that lives beside the groups on a {@link MeshNode}: it owns a frame family of its own (byte 0
 * of its frames), shares the node's links (and their rate limit), and keeps the links it needs open. P2P NetStreams
 * (engine/streams/) are one.
 */

/** What a mesh node asks of a service. */
export interface NodeService {
  /** Byte 0 of every frame this service sends and receives. */
  readonly family: number;
  /** A frame of this family from `peerId` (already within that peer's rate limit). */
  receive(peerId: string, bytes: Uint8Array): void;
  linkOpened(peerId: string): void;
  linkClosed(peerId: string): void;
  /** A link this node asked for did not open. */
  connectFailed(peerId: string): void;
  /** Whether this service needs the link to `peerId` kept open. */
  usesPeer(peerId: string): boolean;
  /** The node is closing. */
  close(): void;
}
