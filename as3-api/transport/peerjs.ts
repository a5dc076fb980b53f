/**
 * The WebRTC transport: PeerJS data channels signalled through `flashmesh serve`, whose rendezvous protocol rides
 * the same PeerJS socket. The only module that imports `peerjs`. Links are reliable, ordered data channels carrying
 * raw frame bytes; when two peers dial each other at once, the connection opened by the lower peer ID wins.
 */
import { Peer, type DataConnection } from "peerjs";
import type { RendezvousMessage, WelcomePayload } from "../wire/rendezvous.js";
import { RendezvousClient, type SignallingSocket } from "./rendezvousClient.js";
import { realScheduler, type Scheduler } from "./scheduler.js";
import type { Link, RendezvousResult, Transport, TransportHandler } from "./transport.js";

/** Where the rendezvous server is and what to tell it. */
export interface PeerJSTransportOptions {
  /** `flashmesh serve` address. */
  readonly host: string;
  readonly port: number;
  readonly secure?: boolean;
  /** PeerJS mount path. Default "/peerjs". */
  readonly path?: string;
  /** PeerJS key. Default "flashmesh". */
  readonly key?: string;
  /** STUN/TURN servers; empty by default (tests and LAN use). */
  readonly iceServers?: RTCIceServer[];
  /** The `rtmfp://host/app…` path and extra connect arguments, for FM-HELLO (developer keys). */
  readonly app?: string;
  readonly args?: readonly unknown[];
  /** Give up opening a link after this long, ms. Default 15,000. */
  readonly connectTimeoutMs?: number;
}

/**
 * Why the transport could not open: `type` is PeerJS's error type ("network", "server-error", "socket-error", …)
 * or the rendezvous' ("rejected", "timeout").
 */
export class PeerJSTransportError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = "PeerJSTransportError";
  }
}

class DataLink implements Link {
  constructor(
    readonly connection: DataConnection,
    readonly remotePeerId: string,
    /** The peer that opened this connection. */
    readonly initiator: string,
  ) {}

  send(frame: Uint8Array): boolean {
    if (!this.connection.open) return false;
    void this.connection.send(frame);
    return true;
  }

  close(): void {
    // A moment for frames just sent (a LEAVE) to go out before the channel closes.
    setTimeout(() => this.connection.close(), 200);
  }
}

/** A peer on the WebRTC mesh. Create with {@link openPeerJSTransport}. */
export class PeerJSTransport implements Transport {
  readonly scheduler: Scheduler = realScheduler;
  #handler: TransportHandler | null = null;
  readonly #links = new Map<string, DataLink>();
  readonly #dialing = new Map<string, ReturnType<typeof setTimeout>>();
  #closed = false;

  constructor(
    readonly peer: Peer,
    readonly rendezvous: RendezvousClient,
    /** What FM-WELCOME said: farID (`serverId`) and the nonces. */
    readonly welcome: WelcomePayload,
    private readonly connectTimeoutMs: number,
  ) {
    peer.on("connection", (connection) => this.#adopt(connection, false));
  }

  get peerId(): string {
    return this.peer.id;
  }

  setHandler(handler: TransportHandler): void {
    this.#handler = handler;
  }

  connect(peerId: string): void {
    if (this.#closed || this.#links.has(peerId) || this.#dialing.has(peerId) || peerId === this.peerId) return;
    const connection = this.peer.connect(peerId, { reliable: true, serialization: "raw" });
    this.#dialing.set(
      peerId,
      setTimeout(() => {
        this.#dialing.delete(peerId);
        if (!this.#links.has(peerId)) {
          connection.close();
          this.#handler?.connectFailed(peerId, "timeout");
        }
      }, this.connectTimeoutMs),
    );
    this.#adopt(connection, true);
  }

  rendezvousJoin(groupId: string, peerToPeer: boolean, done: (result: RendezvousResult) => void): void {
    this.rendezvous.join(groupId, peerToPeer).then(
      (joined) => done({ ok: true, members: joined.members, memberCount: joined.memberCount }),
      (error: Error) => done({ ok: false, reason: error.message }),
    );
  }

  rendezvousLeave(groupId: string): void {
    if (!this.peer.disconnected) this.rendezvous.leave(groupId);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#dialing.values()) clearTimeout(timer);
    this.rendezvous.close();
    this.peer.destroy();
  }

  #adopt(connection: DataConnection, dialed: boolean): void {
    const remote = connection.peer;
    connection.on("open", () => {
      const timer = this.#dialing.get(remote);
      if (dialed && timer !== undefined) {
        clearTimeout(timer);
        this.#dialing.delete(remote);
      }
      const initiator = dialed ? this.peerId : remote;
      const existing = this.#links.get(remote);
      if (existing !== undefined) {
        // Both dialled: keep the connection the lower peer ID opened, on both sides alike.
        if (initiator >= existing.initiator) return connection.close();
        this.#links.delete(remote);
        existing.connection.close();
      }
      const link = new DataLink(connection, remote, initiator);
      this.#links.set(remote, link);
      connection.on("data", (data) => {
        if (this.#links.get(remote) !== link) return;
        const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data instanceof Uint8Array ? data : null;
        if (bytes !== null) this.#handler?.frame(link, bytes);
      });
      connection.on("close", () => this.#closedLink(link));
      connection.on("error", () => this.#closedLink(link));
      this.#handler?.linkOpened(link);
    });
    connection.on("error", () => {
      if (!connection.open && dialed && this.#dialing.has(remote)) {
        clearTimeout(this.#dialing.get(remote));
        this.#dialing.delete(remote);
        this.#handler?.connectFailed(remote, "error");
      }
    });
  }

  #closedLink(link: DataLink): void {
    if (this.#links.get(link.remotePeerId) !== link) return;
    this.#links.delete(link.remotePeerId);
    this.#handler?.linkClosed(link);
  }
}

/** The PeerJS server socket of `peer` as the rendezvous protocol's {@link SignallingSocket}. */
export function peerSignalling(peer: Peer): SignallingSocket {
  return {
    send: (message) => peer.socket.send(message),
    onMessage: (listener) => {
      const handler = (message: RendezvousMessage): void => listener(message);
      peer.socket.on("message", handler);
      return () => peer.socket.off("message", handler);
    },
  };
}

/**
 * Opens a PeerJS peer on `flashmesh serve` (the server mints the peer ID), says FM-HELLO, and resolves once
 * welcomed. Rejects with {@link PeerJSTransportError} when the server is unreachable or refuses.
 */
export function openPeerJSTransport(options: PeerJSTransportOptions): Promise<PeerJSTransport> {
  const peer = new Peer({
    host: options.host,
    port: options.port,
    secure: options.secure ?? false,
    path: options.path ?? "/peerjs",
    key: options.key ?? "flashmesh",
    config: { iceServers: options.iceServers ?? [] },
    debug: 0,
  });
  return new Promise<PeerJSTransport>((resolve, reject) => {
    const fail = (error: unknown): void => {
      peer.destroy();
      const type = (error as { type?: string }).type ?? "network";
      reject(new PeerJSTransportError(type, (error as Error).message ?? String(error)));
    };
    peer.once("error", fail);
    peer.once("open", () => {
      peer.off("error", fail);
      const rendezvous = new RendezvousClient(peerSignalling(peer));
      rendezvous.hello(options.app ?? "", options.args ?? []).then(
        (welcome) => resolve(new PeerJSTransport(peer, rendezvous, welcome, options.connectTimeoutMs ?? 15_000)),
        fail,
      );
    });
  });
}
