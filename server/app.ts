/**
 * `flashmesh serve` as a library. {@link createFlashmeshApp} is the server as an Express app to mount on an existing
 * HTTP(S) server (the way PeerJS's `ExpressPeerServer` is): PeerJS signalling (`/peerjs`) carrying the flashmesh
 * rendezvous, `/health`, `/metrics`, and optionally the player page and a static folder. {@link startServer} makes
 * its own HTTP or HTTPS server around it and listens.
 */
import { readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createSecureServer } from "node:https";
import type { AddressInfo } from "node:net";
import express, { type Express } from "express";
import { ExpressPeerServer } from "peer";
import type { IncomingMessage } from "node:http";
import { WebSocketServer, type ServerOptions as WsServerOptions, type WebSocket } from "ws";
import { AddressBook } from "./addresses.js";
import { Applications, workerScriptOf } from "./apps/applications.js";
import { clientAddress } from "./clientAddress.js";
import { Cluster } from "./cluster.js";
import { guardedSocketClass, type GuardContext, type GuardedSocket } from "./guardedSocket.js";
import { GroupRegistry } from "./groups.js";
import { createLogger, type Logger } from "./log.js";
import { ServerMetrics } from "./metrics.js";
import { resolveOptions, type ServerOptions, type ServerOptionsInput } from "./options.js";
import { PeerIdMint, randomHex32, tokenDigest } from "./peerIds.js";
import { Rendezvous } from "./rendezvous.js";
import { mountPlayer } from "./player.js";
import { serveStatic } from "./static.js";
import { packageVersion } from "./version.js";

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

/**
 * The client's IP address ("" when unknown): the socket's, or behind a trusted reverse proxy (`--trust-proxy`) the
 * last X-Forwarded-For hop (clientAddress.ts), so per-address limits and log lines name the real client.
 */
function addressOf(request: IncomingMessage, trustProxy: boolean): string {
  const address = clientAddress(request, trustProxy);
  return address === "unknown" ? "" : address;
}

/** The server as an Express app, with its state. Mount it (`app.use("/p2p", flashmesh)`) before the server listens. */
export interface FlashmeshApp extends Express {
  readonly flashmesh: {
    readonly options: ServerOptions;
    /** The server's peer ID (`NetConnection.farID`). */
    readonly serverId: string;
    /** The salt of its rendezvous keys (`FM-WELCOME.groupSalt`). */
    readonly groupSalt: string;
    readonly registry: GroupRegistry;
    readonly metrics: ServerMetrics;
    /** Bytes of PeerJS signalling held for peers that are not connected. */
    readonly queuedSignalBytes: number;
    /** The other nodes of this deployment (`--redis`), or null. */
    readonly cluster: Cluster | null;
    /** Stops the rendezvous and closes every client connection (the HTTP server stays the caller's). */
    closeConnections(): WebSocket[];
    /** Stops the server-side applications (`--apps`): their onAppStop runs, bounded by the application timeout. */
    stopApplications(): Promise<void>;
  };
}

/**
 * Checks settings that would otherwise fail later or silently: a static folder that is not there, half a TLS pair.
 * Throws an Error with a message for the user.
 */
export function checkOptions(options: ServerOptions): void {
  if (options.staticDir !== null) {
    const info = statSync(options.staticDir, { throwIfNoEntry: false });
    if (info === undefined) throw new Error(`--static ${options.staticDir}: no such folder (use --static none for no static folder)`);
    if (!info.isDirectory()) throw new Error(`--static ${options.staticDir}: not a folder`);
  }
  if ((options.tlsCert === null) !== (options.tlsKey === null)) throw new Error("--tls-cert and --tls-key go together");
  if (options.appsDir !== null) {
    if (!statSync(options.appsDir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--apps ${options.appsDir}: no such folder`);
    if (!statSync(workerScriptOf(options), { throwIfNoEntry: false })?.isFile()) throw new Error(`--apps needs ${workerScriptOf(options)} (npm run build)`);
  }
}

/** A running server. */
export interface FlashmeshServer {
  readonly options: ServerOptions;
  /** `http(s)://host:port` as bound (the real port when 0 was asked for). */
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

/**
 * The flashmesh server as an Express app for `httpServer` (HTTP or HTTPS, the caller's; WebSocket upgrades are taken
 * from it at `<mount path>/peerjs/peerjs`). Like PeerJS's `ExpressPeerServer`, it must be mounted with `app.use` to
 * start. Defaults differ from the command's: no static folder and no player page unless asked for. One node of several
 * (`redis` set) needs its {@link Cluster}, started first: `createFlashmeshApp(http, options, log, await
 * Cluster.start(options, log))`.
 */
export function createFlashmeshApp(http: Server, input: ServerOptionsInput = {}, log: Logger = createLogger(input.logLevel ?? "info"), cluster: Cluster | null = null): FlashmeshApp {
  const resolved = resolveOptions({ staticDir: null, player: false, ...input });
  checkOptions(resolved);
  if (resolved.redis !== null && cluster === null) throw new Error("--redis: start the cluster first (Cluster.start) and hand it to createFlashmeshApp");
  // A node of several takes the cluster's shared server ID, group salt and minting secret.
  const options = cluster === null ? resolved : { ...resolved, serverId: cluster.serverId, groupSalt: cluster.groupSalt };
  const serverId = options.serverId ?? randomHex32();
  const mint = cluster === null ? new PeerIdMint() : new PeerIdMint(cluster.secret);
  const registry = new GroupRegistry();
  let rendezvous: Rendezvous | null = null;
  const metrics = new ServerMetrics({ clients: () => rendezvous?.clientCount ?? 0, groups: () => registry.groups.size });
  const applications = options.appsDir === null ? null : (reach: ConstructorParameters<typeof Applications>[1]) => new Applications(options, reach, log);
  rendezvous = new Rendezvous(options, serverId, registry, metrics, log, mint, cluster, applications);
  const rdv = rendezvous;
  // Other nodes reach this one's clients from here on (startServer waits for the subscription: Cluster.ready).
  cluster?.attach(rdv, metrics);
  const addresses = new AddressBook(options.limits);
  const startedAt = Date.now();
  const version = packageVersion(options.packageRoot);

  const app = express() as unknown as FlashmeshApp;
  app.disable("x-powered-by");
  if (options.trustProxy) app.set("trust proxy", true);

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
      log.warn("closing a misbehaving connection", { reason: refusal.code, address: socket.remoteAddress, peerId: socket.peerId });
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
      log.info("connection refused", { reason, address: addressOf(request, options.trustProxy) });
      done(false, status, reason);
    };
    const byAddress = addresses.refusal(addressOf(request, options.trustProxy));
    if (byAddress !== null) return refuse(429, byAddress, "address");
    const { id, token } = credentialsOf(request.url);
    const verdict = rdv.admitIdentity(id, token);
    if (!verdict.ok) return refuse(401, verdict.reason, "peer-id");
    if (verdict.kind === "claim" && cluster !== null) {
      // A fresh ID: no client on another node may hold it already.
      void cluster.claim(id).then((reason) => (reason === null ? done(true) : refuse(401, reason, "peer-id")));
      return;
    }
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
      socket.remoteAddress = addressOf(request, options.trustProxy);
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
    log.debug("client connected", { peerId: client.getId(), address: socket.remoteAddress });
  });
  peerServer.on("disconnect", (client) => {
    rdv.disconnect(client.getId());
    log.debug("client disconnected", { peerId: client.getId() });
  });
  // ws re-emits the HTTP server's own errors (a port in use) here; those are the listener's to report, once.
  peerServer.on("error", (error) => {
    if (http.listening) log.warn("signalling error", { error: String(error) });
  });

  app.get("/health", (_request, response) => {
    response.json({ status: "ok", version, clients: rdv.clientCount, groups: registry.groups.size, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), serverId });
  });
  app.get("/metrics", (_request, response) => {
    metrics.text().then(
      (text) => response.type(metrics.registry.contentType).send(text),
      (error: unknown) => response.status(500).type("text/plain").send(String(error)),
    );
  });
  // PeerJS computes its WebSocket path from the mount path, known only once this app is mounted itself.
  app.once("mount", () => {
    app.use(PEERJS_PATH, peerServer);
    if (options.player) mountPlayer(app, log, options.packageRoot);
    if (options.staticDir !== null) app.use(serveStatic(options.staticDir));
  });
  Object.defineProperty(app, "flashmesh", {
    value: {
      options,
      serverId,
      groupSalt: rdv.groupSalt,
      registry,
      metrics,
      cluster,
      get queuedSignalBytes() {
        return rdv.queuedSignalBytes;
      },
      closeConnections() {
        rdv.close();
        const sockets = [...(wss?.clients ?? [])];
        for (const socket of sockets) socket.close(GOING_AWAY, "server shutting down");
        return sockets;
      },
      stopApplications: () => rdv.stopApplications(),
    },
  });
  return app;
}

/** Starts a server (HTTPS when given a certificate) and resolves once it listens. */
export async function startServer(input: ServerOptionsInput = {}, log: Logger = createLogger(input.logLevel ?? "info")): Promise<FlashmeshServer> {
  const options = resolveOptions(input);
  checkOptions(options);
  const root = express();
  root.disable("x-powered-by");
  let http: Server;
  if (options.tlsCert !== null && options.tlsKey !== null) {
    const read = (flag: string, path: string): Buffer => {
      try {
        return readFileSync(path);
      } catch (error) {
        throw new Error(`${flag} ${path}: ${(error as Error).message}`);
      }
    };
    http = createSecureServer({ cert: read("--tls-cert", options.tlsCert), key: read("--tls-key", options.tlsKey) }, root) as unknown as Server;
  } else http = createServer(root);
  const cluster = options.redis === null ? null : await Cluster.start(options, log);
  const app = createFlashmeshApp(http, options, log, cluster);
  root.use(app);
  await cluster?.ready;

  try {
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      http.listen(options.port, options.host, () => {
        http.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await cluster?.close();
    throw error;
  }
  const { port } = http.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  const url = `${options.tlsCert === null ? "http" : "https"}://${host}:${port}`;
  const state = app.flashmesh;

  let closing: Promise<void> | null = null;
  return {
    options,
    url,
    port,
    serverId: state.serverId,
    groupSalt: state.groupSalt,
    registry: state.registry,
    metrics: state.metrics,
    get queuedSignalBytes() {
      return state.queuedSignalBytes;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        const sockets = state.closeConnections();
        const clusterClosed = cluster?.close() ?? Promise.resolve();
        http.close(() => void Promise.all([clusterClosed, state.stopApplications()]).then(() => resolve()));
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
