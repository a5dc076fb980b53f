/**
 * Media calls over PeerJS (`peer.call`, `peer.on("call")`): each call is its own RTCPeerConnection signalled
 * through `flashmesh serve`, like the links. Types only from peerjs: the Peer instance comes from peerjs.ts, the
 * package's one importer.
 */
import type { MediaConnection, Peer } from "peerjs";
import type { MediaCall, MediaCalls, MediaKind } from "./mediaCalls.js";

class PeerJSMediaCall implements MediaCall {
  onStream: ((stream: MediaStream) => void) | null = null;
  onClose: (() => void) | null = null;
  #closed = false;
  /** The caller's senders by kind, captured when the call is made (a replaced track leaves `sender.track` null). */
  readonly #senders = new Map<MediaKind, RTCRtpSender>();

  constructor(
    readonly connection: MediaConnection,
    readonly metadata: Readonly<Record<string, string>>,
  ) {
    connection.on("stream", (stream) => {
      if (!this.#closed) this.onStream?.(stream);
    });
    connection.on("close", () => this.#ended());
    connection.on("error", () => {
      connection.close();
      this.#ended();
    });
    const pc = connection.peerConnection as RTCPeerConnection | null | undefined;
    for (const sender of pc?.getSenders() ?? []) {
      const kind = sender.track?.kind;
      if (kind === "audio" || kind === "video") this.#senders.set(kind, sender);
    }
  }

  get remotePeerId(): string {
    return this.connection.peer;
  }

  get peerConnection(): RTCPeerConnection | null {
    return this.#closed ? null : ((this.connection.peerConnection as RTCPeerConnection | null | undefined) ?? null);
  }

  answer(): void {
    if (!this.#closed) this.connection.answer();
  }

  async replaceTrack(kind: MediaKind, track: MediaStreamTrack | null): Promise<boolean> {
    const sender = this.#senders.get(kind);
    if (sender === undefined || this.#closed) return false;
    if (sender.track === track) return true;
    try {
      await sender.replaceTrack(track);
      return true;
    } catch {
      return false; // the call closed meanwhile
    }
  }

  async setMaxBitrate(kind: MediaKind, bitsPerSecond: number): Promise<void> {
    const sender = this.#senders.get(kind);
    if (sender === undefined || this.#closed) return;
    const parameters = sender.getParameters();
    if (parameters.encodings === undefined || parameters.encodings.length === 0) return; // not negotiated yet
    for (const encoding of parameters.encodings) {
      if (bitsPerSecond > 0) encoding.maxBitrate = bitsPerSecond;
      else delete encoding.maxBitrate;
    }
    try {
      await sender.setParameters(parameters);
    } catch {
      // Renegotiation under way or the call closed: the next change applies it.
    }
  }

  close(): void {
    if (this.#closed) return;
    this.connection.close();
    this.#ended();
  }

  #ended(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.onClose?.();
  }
}

/** The media calls of one PeerJS peer. */
export class PeerJSMediaCalls implements MediaCalls {
  onCall: ((call: MediaCall) => void) | null = null;

  constructor(readonly peer: Peer) {
    peer.on("call", (connection) => {
      const metadata = readMetadata(connection.metadata);
      const call = new PeerJSMediaCall(connection, metadata);
      if (this.onCall === null) return call.close();
      this.onCall(call);
    });
  }

  call(peerId: string, stream: MediaStream, metadata: Readonly<Record<string, string>>): MediaCall {
    return new PeerJSMediaCall(this.peer.call(peerId, stream, { metadata: { ...metadata } }), metadata);
  }
}

/** A call's metadata as strings only (it crossed the network: anything else is dropped). */
function readMetadata(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (typeof value !== "object" || value === null) return result;
  for (const [key, entry] of Object.entries(value)) if (typeof entry === "string" && entry.length <= 256) result[key] = entry;
  return result;
}
