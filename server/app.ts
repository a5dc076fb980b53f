/**
 * `flashmesh serve` as a library: one HTTP server carrying PeerJS signalling (`/peerjs`), the flashmesh rendezvous
 * (on the same WebSocket), `/health`, `/metrics` and the static player folder.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { ExpressPeerServer } from "peer";
import { WebSocketServer, type ServerOptions as WsServerOptions, type WebSocket } from "ws";
import { ServerMessageType, type ErrorPayload } from "../as3-api/wire/rendezvous.js";
import { guardedSocketClass, type GuardContext, type GuardedSocket } from "./guardedSocket.js";
import { GroupRegistry } from "./groups.js";
import { createLogger, type Logger } from "./log.js";
import { ServerMetrics } from "./metrics.js";
import { resolveOptions, type ServerOptions, type ServerOptionsInput } from "./options.js";
import { PeerIdMint, randomHex32 } from "./peerIds.js";
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

/** The `id` query parameter of a PeerJS socket URL. */
function peerIdOf(url: string | undefined): string {
  return new URL(url ?? "", "http://x").searchParams.get("id") ?? "";
}

/** A running server. */
export interface FlashmeshServer {
  readonly options: ServerOptions;
  /** `http://host:port` as bound (the real port when 0 was asked for). */
  readonly url: string;
  readonly port: number;
  /** The server's peer ID (`NetConnection.farID`). */
  readonly serverId: string;
  readonly registry: GroupRegistry;
  readonly metrics: ServerMetrics;
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
  rendezvous = new Rendezvous(options, serverId, registry, metrics, log);
  const rdv = rendezvous;
  const startedAt = Date.now();

  const app = express();
  app.disable("x-powered-by");
  const http: Server = createServer(app);

  const guard: GuardContext = {
    limits: options.limits,
    handle: (socket, message) => rdv.handle(socket, message),
    refused(socket, refusal) {
      metrics.rejected.inc({ reason: refusal.code });
      const payload: ErrorPayload = refusal;
      socket.send(JSON.stringify({ type: ServerMessageType.error, payload }));
    },
    abusive(_socket, refusal) {
      metrics.disconnectedForAbuse.inc();
      log.warn("closing a misbehaving connection", { reason: refusal.code });
    },
  };

  let wss: WebSocketServer | null = null;
  const createWebSocketServer = (wsOptions: WsServerOptions): WebSocketServer => {
    wss = new WebSocketServer({
      ...wsOptions,
      WebSocket: guardedSocketClass(guard),
      maxPayload: HARD_FRAME_LIMIT,
      // Only IDs this server minted may connect: a client cannot pick its place on a group's ring.
      verifyClient: (info: { req: { url?: string | undefined } }) => mint.verify(peerIdOf(info.req.url)),
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
    registry,
    metrics,
    close() {
      closing ??= new Promise<void>((resolve) => {
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
