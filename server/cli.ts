/**
 * The `flashmesh` command. `flashmesh serve [options]` runs the rendezvous server until SIGINT/SIGTERM. Settings come
 * from flags, environment variables and a config file (flags.ts). Start-up speaks in plain lines on stdout (the first
 * one carries the URL); once listening, events go to the logger on stderr (JSON, or text on a terminal).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startServer } from "./app.js";
import { parseServeSettings, usage, type ParsedInput } from "./flags.js";
import { iceWarnings } from "./ice.js";
import { createLogger, type Logger } from "./log.js";
import { resolveOptions, type ServerOptions } from "./options.js";
import { packageVersion } from "./version.js";

const PACKAGE_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Parses `serve` arguments alone (no environment, no config file); throws an Error with a message for the user. */
export function parseServeArguments(args: readonly string[]): ParsedInput {
  return parseServeSettings(args);
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);

/** The lines printed once the server listens, the URL in the first. */
export function startupLines(options: ServerOptions, url: string, version: string): string[] {
  const lines = [`flashmesh serve ${version} listening on ${url}/  (health: ${url}/health)`];
  if (LOCAL_HOSTS.has(options.host)) lines.push(`only this machine can connect (--host ${options.host}); use --host 0.0.0.0 to accept other machines`);
  if (options.stun.length === 0 && options.turn.length === 0) lines.push("no STUN/TURN servers: peers on one machine or LAN connect, peers behind different NATs need --stun and --turn");
  else {
    const turn = options.turn.length === 0 ? "" : `, ${options.turn.length} TURN (${options.turnSecret === null ? "no credential" : `credentials per client, valid ${options.turnTtlSeconds} s`})`;
    lines.push(`ICE servers handed to clients: ${options.stun.length} STUN${turn}`);
  }
  if (options.redis !== null) {
    const redis = new URL(options.redis);
    lines.push(`one node of several: peer IDs, groups, relay and signalling shared through Redis at ${redis.protocol}//${redis.host} (a node silent ${options.redisNodeTtlMs} ms is dead)`);
  }
  return lines;
}

/** A clear sentence for an error that stopped the server from listening. */
function startError(error: Error & { code?: string }, options: ServerOptions): string {
  if (error.code === "EADDRINUSE") return `port ${options.port} on ${options.host} is already in use (another flashmesh serve?); choose another with --port`;
  if (error.code === "EACCES") return `no permission to listen on port ${options.port} (ports below 1024 need privileges; use a higher one behind a reverse proxy)`;
  if (error.code === "EADDRNOTAVAIL") return `${options.host} is not an address of this machine (--host)`;
  return error.message;
}

/**
 * A logger that speaks plain start-up lines (`flashmesh serve: warning: …`) until `started()`, then writes the
 * runtime log format.
 */
function startupLogger(runtime: Logger, quiet: (level: "info" | "warn" | "error") => boolean): { log: Logger; started(): void } {
  let running = false;
  const line = (level: "info" | "warn" | "error") => (msg: string, fields?: Record<string, unknown>): void => {
    if (running) return runtime[level](msg, fields);
    if (quiet(level)) return;
    const detail = fields === undefined || Object.keys(fields).length === 0 ? "" : ` (${Object.entries(fields).map(([key, value]) => `${key} ${String(value)}`).join(", ")})`;
    process.stderr.write(`flashmesh serve: ${level === "info" ? "" : `${level}: `}${msg}${detail}\n`);
  };
  return {
    log: { debug: (msg, fields) => running && runtime.debug(msg, fields), info: line("info"), warn: line("warn"), error: line("error") },
    started: () => void (running = true),
  };
}

/** Entry point: `flashmesh <command> [options]`. Returns the process exit code when it does not keep running. */
export async function main(argv: readonly string[]): Promise<number | null> {
  const [command, ...rest] = argv;
  if (command === "--version" || command === "-v" || command === "version") {
    process.stdout.write(`${packageVersion(PACKAGE_ROOT)}\n`);
    return 0;
  }
  if (command === "--help" || command === "-h" || command === "help" || rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(usage());
    return 0;
  }
  if (command === undefined) {
    process.stderr.write(`flashmesh: a command is missing; the only one is serve (flashmesh serve --help)\n\n${usage()}`);
    return 1;
  }
  if (command !== "serve") {
    process.stderr.write(`flashmesh: unknown command ${command}; the only one is serve (flashmesh serve --help)\n`);
    return 1;
  }
  let options: ServerOptions;
  try {
    options = resolveOptions(parseServeSettings(rest, { env: process.env, readFile: (path) => readFileSync(path, "utf8") }));
  } catch (error) {
    process.stderr.write(`flashmesh serve: ${(error as Error).message}\n(flashmesh serve --help lists every option)\n`);
    return 1;
  }
  const rank = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
  const { log, started } = startupLogger(createLogger(options.logLevel, undefined, options.logFormat), (level) => rank[level] < rank[options.logLevel]);
  for (const warning of iceWarnings(options)) log.warn(warning);
  let server;
  try {
    server = await startServer(options, log);
  } catch (error) {
    process.stderr.write(`flashmesh serve: could not start: ${startError(error as Error & { code?: string }, options)}\n`);
    return 1;
  }
  process.stdout.write(startupLines(options, server.url, packageVersion(options.packageRoot)).map((line, index) => `${index === 0 ? "" : "flashmesh serve: "}${line}\n`).join(""));
  started();
  log.info("listening", { url: server.url, serverId: server.serverId });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) process.exit(1); // a second signal: stop waiting
    stopping = true;
    log.info("shutting down", { signal });
    void server.close().then(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  return null;
}
