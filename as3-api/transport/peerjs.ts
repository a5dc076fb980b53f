/**
 * The WebRTC transport: PeerJS data channels signalled through `flashmesh serve`, whose rendezvous protocol rides
 * the same PeerJS socket. The only module that imports `peerjs`. Links are reliable, ordered data channels carrying
 * raw frame bytes; when two peers dial each other at once, the connection opened by the lower peer ID wins.
 */
import * as peerjsModule from "peerjs";
import type { DataConnection, Peer } from "peerjs";
import type { RendezvousMessage, WelcomePayload } from "../wire/rendezvous.js";
import { RendezvousClient, RendezvousError, type SignallingSocket } from "./rendezvousClient.js";
import { realScheduler, type Scheduler } from "./scheduler.js";
import { SessionError, type ServerSession, type SessionHandler, type SessionRequest } from "./session.js";
import type { Link, RendezvousResult, TransportHandler } from "./transport.js";

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

/**
 * The `Peer` class. Bundlers see peerjs' ES module (named exports); Node's ESM loader sees its CommonJS build, whose
 * names only appear on `default`. Reading it either way lets `import "flashmesh"` load in Node, where there is no
 * WebRTC to use it with.
 */
const PeerClass: typeof Peer = (peerjsModule as { Peer?: typeof Peer }).Peer ?? (peerjsModule as unknown as { default: { Peer: typeof Peer } }).default.Peer;

/** How long a relay's failure is waited for: the server answers only failures. */
const RELAY_ANSWER_MS = 30_000;

/** A peer on the WebRTC mesh. Create with {@link openPeerJSTransport}. */
export class PeerJSTransport implements ServerSession {
  readonly scheduler: Scheduler = realScheduler;
  #handler: TransportHandler | null = null;
  #sessionHandler: SessionHandler | null = null;
  readonly #relays = new Map<number, { failed: (reason: string) => void; timer: ReturnType<typeof setTimeout> }>();
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
    rendezvous.onRelay = (from, args) => this.#sessionHandler?.relayed(from, args);
    rendezvous.onError = (error) => {
      const relay = error.req === undefined ? undefined : this.#relays.get(error.req);
      if (relay === undefined) return;
      clearTimeout(relay.timer);
      this.#relays.delete(error.req!);
      relay.failed(`${error.code}: ${error.message}`);
    };
    const lost = (): void => {
      if (!this.#closed) this.#sessionHandler?.lost("the connection to the rendezvous server was lost");
    };
    peer.on("disconnected", lost);
    peer.on("close", lost);
  }

  get peerId(): string {
    return this.peer.id;
  }

  get farId(): string {
    return this.welcome.serverId;
  }

  get nearNonce(): string {
    return this.welcome.nearNonce;
  }

  get farNonce(): string {
    return this.welcome.farNonce;
  }

  setSessionHandler(handler: SessionHandler): void {
    this.#sessionHandler = handler;
  }

  relay(target: string, args: readonly unknown[], failed: (reason: string) => void): void {
    if (this.#closed || this.peer.disconnected) return failed("not connected to the rendezvous server");
    const req = this.rendezvous.relay(target, args);
    this.#relays.set(req, { failed, timer: setTimeout(() => this.#relays.delete(req), RELAY_ANSWER_MS) });
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
      (error: Error) => done({ ok: false, reason: error.message, refused: error instanceof RendezvousError && error.type !== "timeout" && error.type !== "closed" }),
    );
  }

  rendezvousLeave(groupId: string): void {
    if (!this.peer.disconnected) this.rendezvous.leave(groupId);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#dialing.values()) clearTimeout(timer);
    for (const relay of this.#relays.values()) clearTimeout(relay.timer);
    this.#relays.clear();
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
  const peer = new PeerClass({
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

/**
 * Opens a {@link ServerSession} on the `flashmesh serve` at `request.server` (http/https/ws/wss URL; a path prefix
 * is kept, PeerJS is under it at `/peerjs`). Rejects with {@link SessionError}: "rejected" when the server refused
 * this client (FM-REJECTED), "failed" for everything else (unreachable, not a flashmesh server, timeout).
 */
export async function openPeerJSSession(request: SessionRequest): Promise<PeerJSTransport> {
  let url: URL;
  try {
    url = new URL(request.server);
  } catch {
    throw new SessionError("failed", `not a server URL: ${request.server}`);
  }
  const secure = url.protocol === "https:" || url.protocol === "wss:";
  if (!secure && url.protocol !== "http:" && url.protocol !== "ws:") throw new SessionError("failed", `unsupported server URL scheme ${url.protocol}`);
  const port = url.port === "" ? (secure ? 443 : 80) : Number(url.port);
  try {
    return await openPeerJSTransport({
      host: url.hostname,
      port,
      secure,
      path: `${url.pathname.replace(/\/+$/, "")}/peerjs`,
      app: request.app,
      args: request.args,
      iceServers: [...request.iceServers],
    });
  } catch (error) {
    const type = error instanceof PeerJSTransportError && error.type === "rejected" ? "rejected" : "failed";
    throw new SessionError(type, (error as Error).message);
  }
}
