/**
 * PeerJS signalling between clients (OFFER, ANSWER, CANDIDATE, LEAVE, EXPIRE), forwarded by flashmesh itself
 * rather than by the `peer` package: its handler stringifies whatever payload arrives, closes the *destination's*
 * socket when that fails (so anyone could cut a victim off by peer ID), and queues messages for absent peers without
 * bound. Here a message is already depth- and size-limited (server/gate.ts), goes through the outbound watermarks
 * (server/outbound.ts), and what waits for an absent peer is bounded per peer and server-wide, and expires.
 */
import { RendezvousErrorCode } from "../as3-api/wire/rendezvous.js";
import type { AdmittedMessage, Refusal } from "./gate.js";
import type { ServerLimits } from "./options.js";

const PEER_ID = /^[0-9a-f]{64}$/;
/** Message types that carry a connection's set-up: their payload must be an object. */
const NEGOTIATION = new Set(["OFFER", "ANSWER", "CANDIDATE"]);
/** Message types that are only notices: never queued for an absent peer. */
const NOTICES = new Set(["LEAVE", "EXPIRE"]);

/** A connected client as signalling sees it. */
export interface SignallingClient {
  readonly peerId: string;
}

/** What the exchange needs from the server. */
export interface SignallingHost<C extends SignallingClient> {
  readonly limits: ServerLimits;
  /** The connected client with this peer ID. */
  client(peerId: string): C | undefined;
  /** Whether this server minted `peerId` (a message for an ID that never existed is refused, not queued). */
  minted(peerId: string): boolean;
  /** Sends `text` to `client` (through the watermarks). */
  send(client: C, text: string): void;
  /**
   * With several nodes (server/cluster.ts): sends `text` to the node where `peerId` is connected; resolves false when
   * no node holds it.
   */
  readonly elsewhere?: (peerId: string, text: string) => Promise<boolean>;
}

interface Queued {
  readonly src: string;
  readonly text: string;
  readonly at: number;
}

/** Forwards PeerJS signalling and holds a little of it for peers about to connect. */
export class SignallingExchange<C extends SignallingClient> {
  readonly #queues = new Map<string, Queued[]>();
  #queuedBytes = 0;
  #sweeper: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly host: SignallingHost<C>) {}

  /** Bytes held for absent peers. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** Forwards one signalling message from `from`; a refusal when it is malformed or names a peer that never existed. */
  forward(from: C, message: AdmittedMessage): Refusal | null {
    const { dst, payload } = message as { dst?: unknown; payload?: unknown };
    if (dst === undefined && message.type === "LEAVE") return null; // PeerJS's "I am leaving": the socket's close says it too
    if (typeof dst !== "string" || !PEER_ID.test(dst)) return bad(`${message.type} needs dst (a peer ID)`);
    if (NEGOTIATION.has(message.type) && (typeof payload !== "object" || payload === null || Array.isArray(payload))) return bad(`${message.type} needs a payload object`);
    const text = JSON.stringify({ type: message.type, src: from.peerId, dst, payload });
    const recipient = this.host.client(dst);
    if (recipient !== undefined) {
      this.host.send(recipient, text);
      return null;
    }
    const elsewhere = this.host.elsewhere;
    if (elsewhere !== undefined && this.host.minted(dst)) {
      // On another node, or on none (about to connect): then held here like any message for an absent peer.
      void elsewhere(dst, text).then((found) => found || this.arrived(from.peerId, dst, message.type, text));
      return null;
    }
    return this.arrived(from.peerId, dst, message.type, text);
  }

  /**
   * Signalling `text` of `type` from `src` for `dst`, from a client of this node or from another node: delivered, or
   * held for a while when `dst` is not connected here.
   */
  arrived(src: string, dst: string, type: string, text: string): Refusal | null {
    const recipient = this.host.client(dst);
    if (recipient !== undefined) {
      this.host.send(recipient, text);
      return null;
    }
    if (NOTICES.has(type)) return null;
    if (!this.host.minted(dst)) return { code: RendezvousErrorCode.unknownPeer, message: `no client ${dst} on this server` };
    this.#hold(src, dst, text);
    return null;
  }

  /** `client` connected: hands it what was held for it. */
  connected(client: C): void {
    const queue = this.#queues.get(client.peerId);
    if (queue === undefined) return;
    this.#drop(client.peerId, queue);
    for (const entry of queue) this.host.send(client, entry.text);
  }

  /** Stops the expiry timer (server shutdown). */
  close(): void {
    if (this.#sweeper !== null) clearInterval(this.#sweeper);
    this.#sweeper = null;
  }

  #hold(src: string, dst: string, text: string): void {
    const { queuedSignalsPerPeer, queuedSignalBytes } = this.host.limits;
    const queue = this.#queues.get(dst) ?? [];
    if (queue.length >= queuedSignalsPerPeer || this.#queuedBytes + text.length > queuedSignalBytes) {
      this.#expire(src, dst); // full: the sender learns at once that the peer is unavailable
      return;
    }
    if (queue.length === 0) this.#queues.set(dst, queue);
    queue.push({ src, text, at: Date.now() });
    this.#queuedBytes += text.length;
    this.#sweeper ??= setInterval(() => this.#sweep(), Math.max(100, Math.floor(this.host.limits.queuedSignalMs / 5)));
    this.#sweeper.unref?.();
  }

  /** Drops what is older than the limit, telling each sender once (PeerJS's EXPIRE, as its server does). */
  #sweep(): void {
    const oldest = Date.now() - this.host.limits.queuedSignalMs;
    for (const [dst, queue] of this.#queues) {
      if (queue[0]!.at > oldest) continue;
      const expired = queue.filter((entry) => entry.at <= oldest);
      const kept = queue.filter((entry) => entry.at > oldest);
      this.#drop(dst, expired);
      if (kept.length > 0) this.#queues.set(dst, kept);
      for (const src of new Set(expired.map((entry) => entry.src))) this.#expire(src, dst);
    }
    if (this.#queues.size === 0) this.close();
  }

  #drop(dst: string, entries: readonly Queued[]): void {
    this.#queues.delete(dst);
    for (const entry of entries) this.#queuedBytes -= entry.text.length;
  }

  #expire(src: string, dst: string): void {
    const sender = this.host.client(src);
    const text = JSON.stringify({ type: "EXPIRE", src: dst, dst: src });
    if (sender !== undefined) this.host.send(sender, text);
    else void this.host.elsewhere?.(src, text); // the sender is on another node
  }
}

function bad(message: string): Refusal {
  return { code: RendezvousErrorCode.badMessage, message };
}
