/**
 * Settings of `flashmesh serve`, with their documented defaults (docs/rendezvous-protocol.md, "Limits").
 */
import { fileURLToPath } from "node:url";
import type { LogFormat, LogLevel } from "./log.js";

/** Per-connection and server-wide limits. */
export interface ServerLimits {
  /** Largest client message, in bytes of JSON text. Default 16 KiB (relay arguments included). */
  readonly maxMessageBytes: number;
  /** Sustained messages per second per connection (PeerJS signalling included). Default 100. */
  readonly messagesPerSecond: number;
  /** Burst allowance above the sustained rate. Default 200 (a member connecting to many neighbours at once). */
  readonly messageBurst: number;
  /** Groups one connection may be a member of at once. Default 32. */
  readonly maxGroupsPerClient: number;
  /** Connected clients in total. Default 20,000. */
  readonly maxClients: number;
  /** Refused messages tolerated per strike window before the connection is closed. Default 10. */
  readonly maxStrikes: number;
  /** Length of the strike window in milliseconds. Default 10,000. */
  readonly strikeWindowMs: number;
  /** Deepest nesting of arrays and objects in a client message, envelope included. Default 32. */
  readonly maxJsonDepth: number;
  /** Unsent bytes for one client above which relays to it are refused (`peer-busy`). Default 256 KiB. */
  readonly outboundSoftBytes: number;
  /** Unsent bytes for one client above which it is closed as a slow reader. Default 1 MiB. */
  readonly outboundHardBytes: number;
  /** PeerJS signalling messages held for one peer that is not connected (yet). Default 32. */
  readonly queuedSignalsPerPeer: number;
  /** Bytes of signalling held for absent peers, server-wide. Default 1 MiB. */
  readonly queuedSignalBytes: number;
  /** How long signalling is held for an absent peer before the sender gets EXPIRE, ms. Default 5,000. */
  readonly queuedSignalMs: number;
  /** WebSocket connections from one IP address at once. Default 100. */
  readonly maxClientsPerAddress: number;
  /** Connections from one address closed for abuse within the strike window ×6 before the address is refused. Default 3. */
  readonly abuseCutsBeforeBackoff: number;
  /** First refusal period for such an address, ms; it doubles on each further cut, up to 10 minutes. Default 10,000. */
  readonly abuseBackoffMs: number;
  /** A departed client's peer ID stays bound to its token this long (it may resume), then is retired, ms. Default 60,000. */
  readonly peerIdGraceMs: number;
  /**
   * A server-side application's hook or method unanswered this long fails (the caller hears a timeout), and an
   * application whose thread does not answer the watchdog's ping this long (a loop) is stopped, ms. Default 5,000.
   */
  readonly appTimeoutMs: number;
  /** Heap of one server-side application's thread (V8's old generation), MiB; over it the application is stopped. Default 128. */
  readonly appMemoryMb: number;
  /** `nc.call`s of one connection its application has not answered yet. Default 16. */
  readonly maxCallsPerClient: number;
}

/** Everything `flashmesh serve` can be told. */
export interface ServerOptions {
  /** Interface to listen on. Default 127.0.0.1. */
  readonly host: string;
  /** TCP port; 0 picks a free one. Default 8080. */
  readonly port: number;
  /** Folder served at `/` (the player page), or null for none. Default: the package's `public/`. */
  readonly staticDir: string | null;
  /** Serve the player page's parts: Ruffle, flashmesh.js, the page bundle, the fixtures as demos. Default true. */
  readonly player: boolean;
  /** The package folder those parts come from (dist/, fixtures/, public/). Default: this package. */
  readonly packageRoot: string;
  /** Developer keys accepted (first path segment of the rtmfp URL, or a string connect argument); null = any. */
  readonly allowedKeys: readonly string[] | null;
  /** Bootstrap members returned on join. Default 8: half ring-closest to the joiner, half random. */
  readonly bootstrapCount: number;
  /** A client silent (no PeerJS heartbeat) this long is dropped with its memberships. Default 30,000 ms. */
  readonly aliveTimeoutMs: number;
  /** The server's peer ID (`NetConnection.farID`); random per start when null. */
  readonly serverId: string | null;
  /**
   * Salt of the rendezvous keys (64 hex digits), handed to clients in FM-WELCOME; random per start when null. Servers
   * sharing a deployment (behind one address) must share it, so their clients meet under the same keys.
   */
  readonly groupSalt: string | null;
  readonly logLevel: LogLevel;
  /** Log lines as JSON objects or as text. Default: text when stderr is a terminal, else JSON. */
  readonly logFormat: LogFormat;
  /** PEM certificate chain and private key files: serve https and wss. Both or neither. */
  readonly tlsCert: string | null;
  readonly tlsKey: string | null;
  /** Behind a reverse proxy: read the client's address from X-Forwarded-For (the proxy's own address otherwise). */
  readonly trustProxy: boolean;
  /** STUN server URLs (`stun:host:port`) handed to every client in FM-WELCOME. */
  readonly stun: readonly string[];
  /** TURN server URLs (`turn:host:port?transport=udp`, `turns:…`) handed to every client with credentials. */
  readonly turn: readonly string[];
  /** coturn's `static-auth-secret`: each client gets a time-limited username and credential (TURN REST scheme). */
  readonly turnSecret: string | null;
  /** How long a client's TURN credential stays valid, seconds. Default 86,400 (a day). */
  readonly turnTtlSeconds: number;
  /** Redis URL (`redis://host:port`) shared by the nodes of one deployment (server/cluster.ts); null: one node alone. */
  readonly redis: string | null;
  /** A node that has not refreshed its presence in Redis this long is dead: its clients leave their groups. Default 10,000 ms. */
  readonly redisNodeTtlMs: number;
  /**
   * Folder of server-side applications (docs/server-apps.md): each sub-folder is the application of the URLs
   * `rtmfp://host/<sub-folder>/…`. Null: no applications (Cirrus' behaviour: any path is a developer key).
   */
  readonly appsDir: string | null;
  /**
   * With `appsDir`: a URL whose first segment names no application connects as on Cirrus (groups and relay, every
   * other call Method not found) instead of being refused with NetConnection.Connect.InvalidApp. Default false.
   */
  readonly appsCirrusFallback: boolean;
  readonly limits: ServerLimits;
}

export const DEFAULT_LIMITS: ServerLimits = Object.freeze({
  maxMessageBytes: 16 * 1024,
  messagesPerSecond: 100,
  messageBurst: 200,
  maxGroupsPerClient: 32,
  maxClients: 20_000,
  maxStrikes: 10,
  strikeWindowMs: 10_000,
  maxJsonDepth: 32,
  outboundSoftBytes: 256 * 1024,
  outboundHardBytes: 1024 * 1024,
  queuedSignalsPerPeer: 32,
  queuedSignalBytes: 1024 * 1024,
  queuedSignalMs: 5_000,
  maxClientsPerAddress: 100,
  abuseCutsBeforeBackoff: 3,
  abuseBackoffMs: 10_000,
  peerIdGraceMs: 60_000,
  appTimeoutMs: 5_000,
  appMemoryMb: 128,
  maxCallsPerClient: 16,
});

export const DEFAULT_OPTIONS: ServerOptions = Object.freeze({
  host: "127.0.0.1",
  port: 8080,
  staticDir: fileURLToPath(new URL("../public", import.meta.url)),
  player: true,
  packageRoot: fileURLToPath(new URL("..", import.meta.url)),
  allowedKeys: null,
  bootstrapCount: 8,
  aliveTimeoutMs: 30_000,
  serverId: null,
  groupSalt: null,
  logLevel: "info",
  logFormat: process.stderr.isTTY === true ? "text" : "json",
  tlsCert: null,
  tlsKey: null,
  trustProxy: false,
  stun: [],
  turn: [],
  turnSecret: null,
  turnTtlSeconds: 86_400,
  redis: null,
  redisNodeTtlMs: 10_000,
  appsDir: null,
  appsCirrusFallback: false,
  limits: DEFAULT_LIMITS,
});

/** Options with partial overrides (limits merged field by field). */
export type ServerOptionsInput = Partial<Omit<ServerOptions, "limits">> & { readonly limits?: Partial<ServerLimits> };

/** Fills in defaults. */
export function resolveOptions(input: ServerOptionsInput = {}): ServerOptions {
  const defined = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_OPTIONS, ...defined, limits: { ...DEFAULT_LIMITS, ...input.limits } };
}
