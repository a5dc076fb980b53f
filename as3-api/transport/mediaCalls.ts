/**
 * Media calls: WebRTC audio/video between two peers, beside the links that carry frames. What P2P NetStreams with a
 * camera or microphone attached use (engine/media/). Only the WebRTC transport has them (peerjsMedia.ts); the
 * memory network and the serverless BroadcastChannel transport carry no media.
 */

/** The two kinds of media track. */
export type MediaKind = "audio" | "video";

/** One call: the caller sends tracks, the callee receives them (it answers without tracks of its own). */
export interface MediaCall {
  readonly remotePeerId: string;
  /** What the caller attached to the call (strings only), so the callee knows what it is for. */
  readonly metadata: Readonly<Record<string, string>>;
  /** The callee accepts the call; its `onStream` follows when the tracks arrive. */
  answer(): void;
  /**
   * The caller swaps what one of its senders sends (null: nothing, without renegotiating); false when the call has
   * no sender of that kind (it was made without such a track).
   */
  replaceTrack(kind: MediaKind, track: MediaStreamTrack | null): Promise<boolean>;
  /** The caller caps a sender's bitrate (bits per second; 0: no cap). */
  setMaxBitrate(kind: MediaKind, bitsPerSecond: number): Promise<void>;
  /** The callee: the caller's stream, once its tracks arrived (the same object each time). */
  onStream: ((stream: MediaStream) => void) | null;
  /** The call ended (either side closed it, or its connection failed); told once. */
  onClose: (() => void) | null;
  /** The call's RTCPeerConnection (statistics), null once closed. */
  readonly peerConnection: RTCPeerConnection | null;
  close(): void;
}

/** A session's media calls. */
export interface MediaCalls {
  /** Calls `peerId` with `stream`'s tracks. */
  call(peerId: string, stream: MediaStream, metadata: Readonly<Record<string, string>>): MediaCall;
  /** Told of every incoming call; it answers or closes it. */
  onCall: ((call: MediaCall) => void) | null;
}
