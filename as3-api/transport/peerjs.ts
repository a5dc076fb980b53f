/**
 * The WebRTC transport: PeerJS data channels signalled through `flashmesh serve`, whose rendezvous protocol rides
 * the same PeerJS socket. The only module that imports `peerjs`, and only when a session opens (a dynamic import), so
 * a page or bundle that never opens a WebRTC session never loads it. Links are reliable, ordered data channels carrying
 * raw frame bytes; when two peers dial each other at once, the connection opened by the lower peer ID wins, and frames
 * either side already sent on the other one still arrive.
 */
import type { DataConnection, Peer } from "peerjs";
import type { Amf3Value, RendezvousMessage, WelcomePayload } from "../wire/rendezvous.js";
import { asTransportError, TransportError } from "./errors.js";
import { PeerJSMediaCalls } from "./peerjsMedia.js";
import { describeIceFailure, ICE_FAILURE, watchIceErrors } from "./iceDiagnosis.js";
import type { Rendezvous, RendezvousResult } from "./groupRendezvous.js";
import type { Link, LinkConditions, LinkHandler, Links } from "./links.js";
import { RendezvousClient, type CallOutcome, type SignallingSocket } from "./rendezvousClient.js";
import { realScheduler, type Scheduler } from "./scheduler.js";
import type { ServerChannel } from "./serverChannel.js";
import type { Session, SessionHandler, SessionRequest } from "./session.js";

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
  /**
   * For benchmarks: delay, jitter and loss every link imposes on the frames it sends, applied where they enter the
   * data channel (bench:mesh). Default none.
   */
  readonly linkConditions?: LinkConditions;
}

/**
 * The SCTP stream of each link's unordered, unreliable channel (P2P NetStream `dataReliable = false`). Both sides
 * create it as a negotiated channel on PeerJS' own RTCPeerConnection, so it needs no signalling; PeerJS' channel
 * takes the lowest free stream IDs, far below this one.
 */
const UNRELIABLE_CHANNEL_ID = 1001;

/**
 * How long the losing connection of crossed dials stays open, ms: until the other side has surely seen the winning
 * one open too and stopped sending on the loser (both open within moments of each other; under load, seconds).
 */
const RETIRED_LINK_MS = 10_000;

class DataLink implements Link {
  /**
   * Lost crossed dials (both peers dialled at once): no longer this peer's link to the other, kept open a while for
   * frames already on their way (PeerJSTransport.#retire).
   */
  retired = false;
  /** When the last delayed frame enters the channel (performance.now() time): later frames never overtake it. */
  #lastEntry = 0;
  /** The unordered channel, once created (null where the connection has none to offer). */
  readonly #unreliable: RTCDataChannel | null;

  constructor(
    readonly connection: DataConnection,
    readonly remotePeerId: string,
    /** The peer that opened this connection. */
    readonly initiator: string,
    readonly conditions: LinkConditions | null,
    received: (bytes: Uint8Array) => void,
  ) {
    let channel: RTCDataChannel | null = null;
    try {
      channel = connection.peerConnection.createDataChannel("flashmesh-unreliable", { negotiated: true, id: UNRELIABLE_CHANNEL_ID, ordered: false, maxRetransmits: 0 });
      channel.binaryType = "arraybuffer";
      channel.onmessage = (event: MessageEvent) => {
        if (event.data instanceof ArrayBuffer) received(new Uint8Array(event.data));
      };
    } catch {
      channel = null; // frames then go on the reliable channel
    }
    this.#unreliable = channel;
  }

  send(frame: Uint8Array): boolean {
    if (!this.connection.open) return false;
    const conditions = this.conditions;
    if (conditions === null) {
      void this.connection.send(frame);
      return true;
    }
    // A reliable channel turns loss into delay: a lost frame is retransmitted after about a round trip.
    let delay = conditions.latencyMs + Math.random() * conditions.jitterMs;
    if (Math.random() < conditions.loss) delay += 2 * conditions.latencyMs + conditions.jitterMs;
    const now = performance.now();
    this.#lastEntry = Math.max(this.#lastEntry, now + delay);
    setTimeout(() => {
      if (this.connection.open) void this.connection.send(frame);
    }, this.#lastEntry - now);
    return true;
  }

  get unreliableReady(): boolean {
    return this.#unreliable?.readyState === "open";
  }

  sendUnreliable(frame: Uint8Array): boolean {
    if (!this.connection.open) return false;
    const channel = this.#unreliable;
    // Until the negotiated channel is open (a moment after the link), the reliable one carries the frame.
    if (channel === null || channel.readyState !== "open") return this.send(frame);
    try {
      channel.send(frame as Uint8Array<ArrayBuffer>);
    } catch {
      return this.send(frame);
    }
    return true;
  }

  close(): void {
    // A moment for frames just sent (a LEAVE) to go out before the channel closes.
    setTimeout(() => {
      this.#unreliable?.close();
      this.connection.close();
    }, 200);
  }
}

/**
 * The `Peer` class, loaded on first use: peerjs and webrtc-adapter are most of a bundle's size, and only a WebRTC
 * session needs them. Bundlers see peerjs' ES module (named exports); Node's ESM loader sees its CommonJS build, whose
 * names only appear on `default`; either is read.
 */
async function loadPeerClass(): Promise<typeof Peer> {
  const peerjsModule: unknown = await import("peerjs");
  return (peerjsModule as { Peer?: typeof Peer }).Peer ?? (peerjsModule as { default: { Peer: typeof Peer } }).default.Peer;
}

/** Server-side application calls held for a session nobody took yet (right after the welcome). */
const MAX_EARLY_CALLS = 64;

/** How long a relay's failure is waited for: the server answers only failures. */
const RELAY_ANSWER_MS = 30_000;

/**
 * A peer on the WebRTC mesh: a session whose links are PeerJS data channels and whose rendezvous and server channel
 * ride the PeerJS socket. Create with {@link openPeerJSTransport}.
 */
export class PeerJSTransport implements Session, Links, Rendezvous, ServerChannel {
  readonly scheduler: Scheduler = realScheduler;
  #handler: LinkHandler | null = null;
  #sessionHandler: SessionHandler | null = null;
  readonly #relays = new Map<number, { failed: (error: TransportError) => void; timer: ReturnType<typeof setTimeout> }>();
  readonly #links = new Map<string, DataLink>();
  readonly #earlyCalls: { name: string; args: readonly Amf3Value[]; answer: ((outcome: CallOutcome) => void) | null }[] = [];
  readonly #dialing = new Map<string, ReturnType<typeof setTimeout>>();
  #closed = false;
  #resuming = false;
  /** Audio/video calls to peers (P2P NetStreams with a camera or microphone), on the same PeerJS peer. */
  readonly media: PeerJSMediaCalls;

  constructor(
    readonly peer: Peer,
    /** The rendezvous protocol's client on the PeerJS socket. */
    readonly client: RendezvousClient,
    /** What FM-WELCOME said: farID (`serverId`) and the nonces. */
    readonly welcome: WelcomePayload,
    private readonly connectTimeoutMs: number,
    private readonly linkConditions: LinkConditions | null = null,
  ) {
    peer.on("connection", (connection) => this.#adopt(connection, false));
    this.media = new PeerJSMediaCalls(peer);
    client.onRelay = (from, args) => this.#sessionHandler?.relayed(from, args);
    client.onError = (error) => {
      const relay = error.req === undefined ? undefined : this.#relays.get(error.req);
      if (relay === undefined) return;
      clearTimeout(relay.timer);
      this.#relays.delete(error.req!);
      relay.failed(new TransportError("relay-failed", `${error.code}: ${error.message}`, error.code));
    };
    client.onClientCall = (call) => {
      const req = call.req;
      const answer = req === undefined ? null : (outcome: CallOutcome): void => void (this.#closed || this.client.clientResult(req, outcome));
      const handler = this.#sessionHandler;
      // A call may come right behind the welcome, before the NetConnection took the session: it waits for it.
      if (handler === null && this.#earlyCalls.length < MAX_EARLY_CALLS) this.#earlyCalls.push({ name: call.name, args: call.args, answer });
      else if (handler?.clientCalled !== undefined) handler.clientCalled(call.name, call.args, answer);
      else answer?.({ error: `Method not found (${call.name}).` });
    };
    const lost = (): void => {
      if (!this.#closed) this.#sessionHandler?.lost(new TransportError("lost", "the connection to the rendezvous server was lost"));
    };
    peer.on("disconnected", () => this.#resume(lost));
    peer.on("close", lost);
  }

  /**
   * The server socket dropped: reconnect once under the same peer ID with the resume token of the last welcome (the
   * server keeps the ID and the group memberships for its grace period; docs/rendezvous-protocol.md, "Peer IDs"), and
   * say FM-HELLO again for a fresh token. Links to peers stay open meanwhile. If that fails, the session is lost.
   */
  #resume(lost: () => void): void {
    const token = this.client.resumeToken;
    if (this.#closed) return;
    if (this.#resuming || token === null || this.peer.destroyed) return lost();
    this.#resuming = true;
    this.peer.options.token = token;
    this.peer.once("open", () => {
      this.client.resume().then(
        () => (this.#resuming = false),
        () => lost(),
      );
    });
    try {
      this.peer.reconnect();
    } catch {
      lost();
    }
  }

  get peerId(): string {
    return this.peer.id;
  }

  /** The links part of this session (this object). */
  get links(): Links {
    return this;
  }

  /** The rendezvous part of this session (this object). */
  get rendezvous(): Rendezvous {
    return this;
  }

  /** The server channel of this session (this object). */
  get server(): ServerChannel {
    return this;
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

  relay(target: string, args: readonly unknown[], failed: (error: TransportError) => void): void {
    if (this.#closed || this.peer.disconnected) return failed(new TransportError("relay-failed", "not connected to the rendezvous server"));
    const req = this.client.relay(target, args);
    this.#relays.set(req, { failed, timer: setTimeout(() => this.#relays.delete(req), RELAY_ANSWER_MS) });
  }

  call(name: string, args: readonly Amf3Value[], done: (outcome: CallOutcome) => void): void {
    if (this.#closed || this.peer.disconnected) return done({ error: "not connected to the rendezvous server" });
    this.client.call(name, args, done);
  }

  /** Sets the links' handler (a LinkHandler) or the session's (a SessionHandler). */
  setHandler(handler: LinkHandler | SessionHandler): void {
    if ("linkOpened" in handler) this.#handler = handler;
    else {
      this.#sessionHandler = handler;
      for (const call of this.#earlyCalls.splice(0)) {
        if (handler.clientCalled !== undefined) handler.clientCalled(call.name, call.args, call.answer);
        else call.answer?.({ error: `Method not found (${call.name}).` });
      }
    }
  }

  connect(peerId: string): void {
    if (this.#closed || this.#links.has(peerId) || this.#dialing.has(peerId) || peerId === this.peerId) return;
    const connection = this.peer.connect(peerId, { reliable: true, serialization: "raw" });
    const iceErrors = watchIceErrors(connection.peerConnection);
    this.#dialing.set(
      peerId,
      setTimeout(() => {
        this.#dialing.delete(peerId);
        if (!this.#links.has(peerId)) this.#dialFailed(connection, iceErrors, true);
      }, this.connectTimeoutMs),
    );
    this.#adopt(connection, true, iceErrors);
  }

  /** Reports a dial that found no path, saying what ICE tried (iceDiagnosis.ts), then closes it. */
  #dialFailed(connection: DataConnection, iceErrors: readonly string[], timedOut: boolean): void {
    const pc = (connection.peerConnection as RTCPeerConnection | null | undefined) ?? null;
    const iceServers = this.peer.options.config?.iceServers ?? [];
    void describeIceFailure(pc, iceServers, iceErrors, timedOut ? this.connectTimeoutMs : null).then((reason) => {
      connection.close();
      if (!this.#closed) this.#handler?.connectFailed(connection.peer, new TransportError("link-failed", reason, ICE_FAILURE));
    });
  }

  join(groupId: string, peerToPeer: boolean, done: (result: RendezvousResult) => void): void {
    this.client.join(groupId, peerToPeer).then(
      (joined) => done({ ok: true, members: joined.members, memberCount: joined.memberCount }),
      (error: unknown) => done({ ok: false, error: asTransportError(error, "join-failed") }),
    );
  }

  leave(groupId: string): void {
    if (!this.peer.disconnected) this.client.leave(groupId);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#dialing.values()) clearTimeout(timer);
    for (const relay of this.#relays.values()) clearTimeout(relay.timer);
    this.#relays.clear();
    this.client.close();
    this.peer.destroy();
  }

  #adopt(connection: DataConnection, dialed: boolean, iceErrors: readonly string[] = []): void {
    const remote = connection.peer;
    connection.on("open", () => {
      const timer = this.#dialing.get(remote);
      if (dialed && timer !== undefined) {
        clearTimeout(timer);
        this.#dialing.delete(remote);
      }
      const initiator = dialed ? this.peerId : remote;
      const link: DataLink = new DataLink(connection, remote, initiator, this.linkConditions, (bytes) => this.#received(link, bytes));
      connection.on("data", (data) => {
        const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data instanceof Uint8Array ? data : null;
        if (bytes !== null) this.#received(link, bytes);
      });
      connection.on("close", () => this.#closedLink(link));
      connection.on("error", () => this.#closedLink(link));
      const existing = this.#links.get(remote);
      if (existing !== undefined) {
        // Both dialled: keep the connection the lower peer ID opened, on both sides alike. The other is retired,
        // not dropped: the other side may have taken it first and sent frames on it, which still count.
        if (initiator >= existing.initiator) return this.#retire(link);
        this.#retire(existing);
      }
      this.#links.set(remote, link);
      this.#handler?.linkOpened(link);
    });
    connection.on("error", () => {
      if (!connection.open && dialed && this.#dialing.has(remote)) {
        clearTimeout(this.#dialing.get(remote));
        this.#dialing.delete(remote);
        this.#dialFailed(connection, iceErrors, false);
      }
    });
  }

  /**
   * Takes `link` out of use after crossed dials: nothing more is sent on it, what still arrives on it goes to the
   * engine as frames of the peer's current link, and it closes once the other side surely switched too. The engine
   * is never told it closed (it only ever knew the current link).
   */
  #retire(link: DataLink): void {
    if (this.#links.get(link.remotePeerId) === link) this.#links.delete(link.remotePeerId);
    link.retired = true;
    setTimeout(() => link.close(), RETIRED_LINK_MS);
  }

  /** A frame that came over `link`: the engine gets it from the peer's current link (dropped when there is none). */
  #received(link: DataLink, bytes: Uint8Array): void {
    const current = this.#links.get(link.remotePeerId);
    if (current === undefined || (current !== link && !link.retired)) return;
    this.#handler?.frame(current, bytes);
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
 * welcomed. Rejects with a {@link TransportError}: "rejected" when the server refuses this client (FM-REJECTED),
 * "unreachable" for everything else (PeerJS' error type, or the rendezvous', in `detail`).
 */
export async function openPeerJSTransport(options: PeerJSTransportOptions): Promise<PeerJSTransport> {
  let PeerClass: typeof Peer;
  try {
    PeerClass = await loadPeerClass();
  } catch (error) {
    // The lazy chunk did not arrive (offline page) or peerjs is not installed: this session cannot open here.
    throw new TransportError("unsupported", `could not load peerjs: ${(error as Error).message ?? String(error)}`);
  }
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
      if (error instanceof TransportError) return reject(error);
      const type = (error as { type?: string }).type ?? "network";
      reject(new TransportError("unreachable", (error as Error).message ?? String(error), type));
    };
    peer.once("error", fail);
    peer.once("open", () => {
      peer.off("error", fail);
      const rendezvous = new RendezvousClient(peerSignalling(peer));
      rendezvous.hello(options.app ?? "", options.args ?? []).then(
        (welcome) => {
          // The server's STUN/TURN servers (TURN with this client's credential), unless the page configured its own.
          const offered = welcome.iceServers ?? [];
          if ((options.iceServers ?? []).length === 0 && offered.length > 0) {
            const iceServers: RTCIceServer[] = offered.map((server) => ({ ...server, urls: typeof server.urls === "string" ? server.urls : [...server.urls] }));
            peer.options.config = { ...peer.options.config, iceServers };
          }
          resolve(new PeerJSTransport(peer, rendezvous, welcome, options.connectTimeoutMs ?? 15_000, options.linkConditions ?? null));
        },
        fail,
      );
    });
  });
}

/**
 * Opens a {@link ServerSession} on the `flashmesh serve` at `request.server` (http/https/ws/wss URL; a path prefix
 * is kept, PeerJS is under it at `/peerjs`). Rejects with a {@link TransportError}: "bad-server-url", "rejected"
 * when the server refused this client (FM-REJECTED), "unreachable" for everything else.
 */
export async function openPeerJSSession(request: SessionRequest): Promise<PeerJSTransport> {
  let url: URL;
  try {
    url = new URL(request.server);
  } catch {
    throw new TransportError("bad-server-url", `not a server URL: ${request.server}`);
  }
  const secure = url.protocol === "https:" || url.protocol === "wss:";
  if (!secure && url.protocol !== "http:" && url.protocol !== "ws:") throw new TransportError("bad-server-url", `unsupported server URL scheme ${url.protocol}`);
  const port = url.port === "" ? (secure ? 443 : 80) : Number(url.port);
  return openPeerJSTransport({
      host: url.hostname,
      port,
      secure,
      path: `${url.pathname.replace(/\/+$/, "")}/peerjs`,
      app: request.app,
      args: request.args,
    iceServers: [...request.iceServers],
  });
}
