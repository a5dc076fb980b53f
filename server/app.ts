/**
 * `flashmesh serve` as a library: one HTTP server carrying PeerJS signalling (`/peerjs`), the flashmesh rendezvous
 * (on the same WebSocket), `/health`, `/metrics` and the static player folder.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { ExpressPeerServer } from "peer";
import type { IncomingMessage } from "node:http";
import { WebSocketServer, type ServerOptions as WsServerOptions, type WebSocket } from "ws";
import { AddressBook } from "./addresses.js";
import { guardedSocketClass, type GuardContext, type GuardedSocket } from "./guardedSocket.js";
import { GroupRegistry } from "./groups.js";
import { createLogger, type Logger } from "./log.js";
import { ServerMetrics } from "./metrics.js";
import { resolveOptions, type ServerOptions, type ServerOptionsInput } from "./options.js";
import { PeerIdMint, randomHex32, tokenDigest } from "./peerIds.js";
import { Rendezvous } from "./rendezvous.js";
import { mountPlayer } from "./player.js";
import { serveStatic } from "./static.js";

/** The PeerJS API key clients use (PeerJS requires one; flashmesh's developer keys are checked in FM-HELLO). */
export const PEERJS_KEY = "flashmesh";
/** Where PeerJS signalling is mounted. */
export const PEERJS_PATH = "/peerjs";
/** Going away: the server is shutting down. */
const GOING_AWAY = 1001;
/** The largest frame ws will buffer at all; anything between the message limit and this gets an error reply. */
const HARD_FRAME_LIMIT = 1024 * 1024;

/** How long a resuming client waits for the server to drop the connection it supersedes. */
const SUPERSEDE_WAIT_MS = 2000;

/** The `id` and `token` query parameters of a PeerJS socket URL. */
function credentialsOf(url: string | undefined): { id: string; token: string } {
  const query = new URL(url ?? "", "http://x").searchParams;
  return { id: query.get("id") ?? "", token: query.get("token") ?? "" };
}

/** The remote IP address of a request or socket ("" when unknown). */
function addressOf(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? "";
}

/** A running server. */
export interface FlashmeshServer {
  readonly options: ServerOptions;
  /** `http://host:port` as bound (the real port when 0 was asked for). */
  readonly url: string;
  readonly port: number;
  /** The server's peer ID (`NetConnection.farID`). */
  readonly serverId: string;
  /** The salt of its rendezvous keys (`FM-WELCOME.groupSalt`). */
  readonly groupSalt: string;
  readonly registry: GroupRegistry;
  readonly metrics: ServerMetrics;
  /** Bytes of PeerJS signalling held for peers that are not connected (bounded by `queuedSignalBytes`). */
  readonly queuedSignalBytes: number;
  /** Closes every connection and the port. */
  close(): Promise<void>;
}

/** Starts a server and resolves once it listens. */
export async function startServer(input: ServerOptionsInput = {}, log: Logger = createLogger(input.logLevel ?? "info")): Promise<FlashmeshServer> {
  const options = resolveOptions(input);
  const serverId = options.serverId ?? randomHex32();
  const mint = new PeerIdMint();
  const registry = new GroupRegistry();
  let rendezvous: Rendezvous | null = null;
  const metrics = new ServerMetrics({ clients: () => rendezvous?.clientCount ?? 0, groups: () => registry.groups.size });
  rendezvous = new Rendezvous(options, serverId, registry, metrics, log, mint);
  const rdv = rendezvous;
  const addresses = new AddressBook(options.limits);
  const startedAt = Date.now();

  const app = express();
  app.disable("x-powered-by");
  const http: Server = createServer(app);

  const guard: GuardContext = {
    limits: options.limits,
    handle: (socket, message) => rdv.handle(socket, message),
    signal: (socket, message) => rdv.signal(socket, message),
    refused(socket, refusal) {
      metrics.rejected.inc({ reason: refusal.code });
      rdv.refuse(socket, refusal);
    },
    abusive(socket, refusal) {
      metrics.disconnectedForAbuse.inc();
      log.warn("closing a misbehaving connection", { reason: refusal.code });
      if (addresses.abusive(socket.remoteAddress)) log.warn("refusing an address for a while after repeated abuse", { address: socket.remoteAddress });
    },
    closed(socket) {
      if (socket.remoteAddress !== "") addresses.closed(socket.remoteAddress);
    },
    failed(socket, error) {
      metrics.failedMessages.inc();
      log.error("a message could not be handled; closing its sender", { peerId: socket.peerId, error: String(error).slice(0, 200) });
    },
  };

  /**
   * Admission of a WebSocket upgrade: its address (connections per address, abuse back-off) and its peer ID (minted
   * here, and claimable or bound to the presented token: server/identities.ts).
   */
  const verifyUpgrade = (request: IncomingMessage, done: (ok: boolean, status?: number, message?: string) => void): void => {
    const refuse = (status: number, reason: string, label: string): void => {
      metrics.refusedConnections.inc({ reason: label });
      log.info("connection refused", { reason });
      done(false, status, reason);
    };
    const byAddress = addresses.refusal(addressOf(request));
    if (byAddress !== null) return refuse(429, byAddress, "address");
    const { id, token } = credentialsOf(request.url);
    const verdict = rdv.admitIdentity(id, token);
    if (!verdict.ok) return refuse(401, verdict.reason, "peer-id");
    if (verdict.kind !== "supersede") return done(true);
    // The owner reconnects before its old socket was seen to die: drop that one first, then let the new one in.
    verdict.live.terminate();
    const deadline = Date.now() + SUPERSEDE_WAIT_MS;
    const wait = (): void => {
      if (rdv.client(id) !== verdict.live) done(true);
      else if (Date.now() > deadline) refuse(409, "peer ID still in use", "peer-id");
      else setTimeout(wait, 10);
    };
    wait();
  };

  let wss: WebSocketServer | null = null;
  const createWebSocketServer = (wsOptions: WsServerOptions): WebSocketServer => {
    wss = new WebSocketServer({
      ...wsOptions,
      WebSocket: guardedSocketClass(guard),
      maxPayload: HARD_FRAME_LIMIT,
      // Only IDs this server minted may connect (a client cannot pick its place on a group's ring), each bound to its owner.
      verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, status?: number, message?: string) => void) => verifyUpgrade(info.req, done),
    });
    wss.on("connection", (socket: GuardedSocket, request: IncomingMessage) => {
      socket.remoteAddress = addressOf(request);
      addresses.opened(socket.remoteAddress);
    });
    return wss;
  };

  const peerServer = ExpressPeerServer(http, {
    path: "/",
    key: PEERJS_KEY,
    generateClientId: mint.mint,
    alive_timeout: options.aliveTimeoutMs,
    concurrent_limit: options.limits.maxClients,
    allow_discovery: false,
    createWebSocketServer,
  });
  peerServer.on("connection", (client) => {
    const socket = client.getSocket() as GuardedSocket | null;
    if (socket === null) return;
    socket.peerId = client.getId(); // from here on the socket may speak the rendezvous protocol
    socket.tokenDigest = tokenDigest(client.getToken());
    rdv.connect(socket);
    log.debug("client connected", { peerId: client.getId() });
  });
  peerServer.on("disconnect", (client) => {
    rdv.disconnect(client.getId());
    log.debug("client disconnected", { peerId: client.getId() });
  });
  peerServer.on("error", (error) => log.warn("signalling error", { error: String(error) }));

  app.get("/health", (_request, response) => {
    response.json({ status: "ok", clients: rdv.clientCount, groups: registry.groups.size, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), serverId });
  });
  app.get("/metrics", (_request, response) => {
    metrics.text().then(
      (text) => response.type(metrics.registry.contentType).send(text),
      (error: unknown) => response.status(500).type("text/plain").send(String(error)),
    );
  });
  app.use(PEERJS_PATH, peerServer);
  if (options.player) mountPlayer(app, log, options.packageRoot);
  if (options.staticDir !== null) app.use(serveStatic(options.staticDir));

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port, options.host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  log.info("flashmesh serve listening", { url: `http://${host}:${port}`, serverId });

  let closing: Promise<void> | null = null;
  return {
    options,
    url: `http://${host}:${port}`,
    port,
    serverId,
    groupSalt: rdv.groupSalt,
    registry,
    metrics,
    get queuedSignalBytes() {
      return rdv.queuedSignalBytes;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        rdv.close();
        const sockets = wss?.clients ?? new Set<WebSocket>();
        for (const socket of sockets) socket.close(GOING_AWAY, "server shutting down");
        http.close(() => resolve());
        http.closeAllConnections();
        // Sockets that do not finish their closing handshake are cut after a moment.
        setTimeout(() => {
          for (const socket of sockets) socket.terminate();
        }, 1000).unref();
      });
      return closing;
    },
  };
}
