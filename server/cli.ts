/**
 * The `flashmesh` command. `flashmesh serve [options]` runs the rendezvous server until SIGINT/SIGTERM.
 */
import { startServer } from "./app.js";
import { createLogger, isLogLevel } from "./log.js";
import { DEFAULT_LIMITS, DEFAULT_OPTIONS, type ServerLimits, type ServerOptionsInput } from "./options.js";

const USAGE = `Usage: flashmesh serve [options]

  --host <address>             interface to listen on (default ${DEFAULT_OPTIONS.host})
  --port <n>                   TCP port, 0 for any free one (default ${DEFAULT_OPTIONS.port})
  --static <dir|none>          folder served at / (default: the package's public/, the player page)
  --no-player                  do not serve the player page's parts (Ruffle, flashmesh.js, demos)
  --allow-key <key>            accept only these developer keys (repeatable; default: any key)
  --server-id <64 hex>         the server's peer ID, NetConnection.farID (default: random per start)
  --bootstrap-count <n>        members handed to a joiner (default ${DEFAULT_OPTIONS.bootstrapCount})
  --alive-timeout-ms <n>       drop clients silent this long (default ${DEFAULT_OPTIONS.aliveTimeoutMs})
  --max-clients <n>            connected clients in total (default ${DEFAULT_LIMITS.maxClients})
  --max-message-bytes <n>      largest client message (default ${DEFAULT_LIMITS.maxMessageBytes})
  --messages-per-second <n>    sustained message rate per connection (default ${DEFAULT_LIMITS.messagesPerSecond})
  --message-burst <n>          burst above that rate (default ${DEFAULT_LIMITS.messageBurst})
  --max-groups-per-client <n>  groups per connection (default ${DEFAULT_LIMITS.maxGroupsPerClient})
  --max-clients-per-address <n>  WebSocket connections from one IP address (default ${DEFAULT_LIMITS.maxClientsPerAddress})
  --abuse-backoff-ms <n>       refuse an address cut for abuse ${DEFAULT_LIMITS.abuseCutsBeforeBackoff} times this long, doubling (default ${DEFAULT_LIMITS.abuseBackoffMs})
  --outbound-soft-bytes <n>    unsent bytes for a client above which relays to it are refused (default ${DEFAULT_LIMITS.outboundSoftBytes})
  --outbound-hard-bytes <n>    unsent bytes above which a slow reader is closed (default ${DEFAULT_LIMITS.outboundHardBytes})
  --peer-id-grace-ms <n>       a departed peer's ID stays bound to it (resumable) this long (default ${DEFAULT_LIMITS.peerIdGraceMs})
  --group-salt <64 hex>        salt of rendezvous keys, shared by the servers of one deployment (default: random per start)
  --log-level <level>          debug, info, warn, error or silent (default ${DEFAULT_OPTIONS.logLevel})
`;

const LIMIT_FLAGS: Record<string, keyof ServerLimits> = {
  "--max-clients": "maxClients",
  "--max-message-bytes": "maxMessageBytes",
  "--messages-per-second": "messagesPerSecond",
  "--message-burst": "messageBurst",
  "--max-groups-per-client": "maxGroupsPerClient",
  "--max-clients-per-address": "maxClientsPerAddress",
  "--abuse-backoff-ms": "abuseBackoffMs",
  "--outbound-soft-bytes": "outboundSoftBytes",
  "--outbound-hard-bytes": "outboundHardBytes",
  "--peer-id-grace-ms": "peerIdGraceMs",
};

/** Parses `serve` arguments; throws an Error with a message for the user on bad input. */
export function parseServeArguments(args: readonly string[]): ServerOptionsInput {
  const options: { -readonly [K in keyof ServerOptionsInput]: ServerOptionsInput[K] } = {};
  const limits: Partial<Record<keyof ServerLimits, number>> = {};
  const keys: string[] = [];
  const integer = (flag: string, text: string | undefined, min: number): number => {
    const value = Number(text);
    if (text === undefined || !Number.isSafeInteger(value) || value < min) throw new Error(`${flag} needs an integer ≥ ${min}, got ${text ?? "nothing"}`);
    return value;
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const value = args[i + 1];
    const takeValue = (): string => {
      if (value === undefined) throw new Error(`${flag} needs a value`);
      i++;
      return value;
    };
    if (flag in LIMIT_FLAGS) {
      limits[LIMIT_FLAGS[flag]!] = integer(flag, takeValue(), 1);
      continue;
    }
    switch (flag) {
      case "--host": options.host = takeValue(); break;
      case "--port": options.port = integer(flag, takeValue(), 0); if (options.port > 65535) throw new Error("--port must be at most 65535"); break;
      case "--static": { const dir = takeValue(); options.staticDir = dir === "none" ? null : dir; break; }
      case "--no-player": options.player = false; break;
      case "--allow-key": keys.push(takeValue()); break;
      case "--server-id": {
        const id = takeValue();
        if (!/^[0-9a-f]{64}$/.test(id)) throw new Error("--server-id must be 64 lowercase hex digits");
        options.serverId = id;
        break;
      }
      case "--group-salt": {
        const salt = takeValue();
        if (!/^[0-9a-f]{64}$/.test(salt)) throw new Error("--group-salt must be 64 lowercase hex digits");
        options.groupSalt = salt;
        break;
      }
      case "--bootstrap-count": options.bootstrapCount = integer(flag, takeValue(), 1); break;
      case "--alive-timeout-ms": options.aliveTimeoutMs = integer(flag, takeValue(), 1000); break;
      case "--log-level": {
        const level = takeValue();
        if (!isLogLevel(level)) throw new Error(`--log-level must be debug, info, warn, error or silent, got ${level}`);
        options.logLevel = level;
        break;
      }
      default: throw new Error(`unknown option ${flag}`);
    }
  }
  if (keys.length > 0) options.allowedKeys = keys;
  return { ...options, limits };
}

/** Entry point: `flashmesh <command> [options]`. Returns the process exit code when it does not keep running. */
export async function main(argv: readonly string[]): Promise<number | null> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || rest.includes("--help")) {
    process.stdout.write(USAGE);
    return command === undefined ? 1 : 0;
  }
  if (command !== "serve") {
    process.stderr.write(`flashmesh: unknown command ${command}\n\n${USAGE}`);
    return 1;
  }
  let input: ServerOptionsInput;
  try {
    input = parseServeArguments(rest);
  } catch (error) {
    process.stderr.write(`flashmesh serve: ${(error as Error).message}\n\n${USAGE}`);
    return 1;
  }
  const log = createLogger(input.logLevel ?? DEFAULT_OPTIONS.logLevel);
  let server;
  try {
    server = await startServer(input, log);
  } catch (error) {
    process.stderr.write(`flashmesh serve: could not start: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`flashmesh serve: ${server.url}/  (health: ${server.url}/health)\n`);
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
