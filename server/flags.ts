/**
 * The settings of `flashmesh serve` as a user gives them: one table of flags, each also readable from an environment
 * variable (`--max-clients` ⇔ `FLASHMESH_MAX_CLIENTS`, and `PORT` for the port) and from a JSON config file
 * (`{ "max-clients": 100 }`). Precedence: command line, then environment, then config file, then the defaults.
 * Every server limit (options.ts `DEFAULT_LIMITS`) gets a flag by its name, so a new limit needs no code here.
 */
import { isLogFormat, isLogLevel, type LogFormat, type LogLevel } from "./log.js";
import { DEFAULT_LIMITS, DEFAULT_OPTIONS, type ServerLimits, type ServerOptionsInput } from "./options.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** What the flags fill in. */
export type ParsedInput = Mutable<Omit<ServerOptionsInput, "limits">> & { limits: Partial<Mutable<ServerLimits>> };

/** One flag: how it is written, read, documented and applied. */
export interface Flag {
  /** Kebab-case name: `--name`, `FLASHMESH_NAME`, config key `name`. */
  readonly name: string;
  /** string: one value; integer: a whole number in [min, max]; boolean: present or true/false; list: repeatable, commas split. */
  readonly kind: "string" | "integer" | "boolean" | "list";
  /** The value's placeholder in the help text. */
  readonly placeholder?: string;
  readonly help: string;
  readonly min?: number;
  readonly max?: number;
  /** More environment variables read (lower precedence than `FLASHMESH_NAME`), e.g. PORT. */
  readonly env?: readonly string[];
  /** Stores the checked value; throws an Error with a message for the user when it is not acceptable. */
  apply(input: ParsedInput, value: string | number | boolean | readonly string[]): void;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Help texts of the limits; a limit missing here is still a flag, with a generic text. */
const LIMIT_HELP: Partial<Record<keyof ServerLimits, string>> = {
  maxClients: "connected clients in total",
  maxMessageBytes: "largest client message, bytes",
  messagesPerSecond: "sustained message rate per connection",
  messageBurst: "burst above that rate",
  maxGroupsPerClient: "groups per connection",
  maxStrikes: "refused messages per strike window before a connection is closed",
  strikeWindowMs: "length of the strike window, ms",
  maxJsonDepth: "deepest nesting of a client message",
  outboundSoftBytes: "unsent bytes for a client above which relays to it are refused",
  outboundHardBytes: "unsent bytes above which a slow reader is closed",
  queuedSignalsPerPeer: "signalling messages queued for a peer not connected yet",
  queuedSignalBytes: "bytes of those queued messages",
  queuedSignalMs: "how long a queued signalling message waits, ms",
  maxClientsPerAddress: "WebSocket connections from one IP address",
  abuseCutsBeforeBackoff: "cuts for abuse before an address is refused for a while",
  abuseBackoffMs: "how long such an address is refused, doubling, ms",
  peerIdGraceMs: "a departed peer's ID stays bound to it (resumable) this long, ms",
  appTimeoutMs: "a server-side application's call unanswered this long fails; a thread stuck this long is stopped, ms",
  appMemoryMb: "heap of one server-side application's thread, MiB",
  maxCallsPerClient: "calls of one connection its application has not answered yet",
};

const kebab = (camel: string): string => camel.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

function urlList(scheme: RegExp, what: string) {
  return (urls: readonly string[]): readonly string[] => {
    for (const url of urls) if (!scheme.test(url)) throw new Error(`${what} URLs start with ${scheme.source.replace(/[\^()\\]/g, "").replace("|", " or ")}, got ${url}`);
    return urls;
  };
}
const stunUrls = urlList(/^(stun|stuns):/, "STUN");
const turnUrls = urlList(/^(turn|turns):/, "TURN");

/** Every flag of `flashmesh serve`, in help order. */
export const FLAGS: readonly Flag[] = [
  { name: "config", kind: "string", placeholder: "<file.json>", help: "read settings from a JSON file (keys are these flag names)", apply: () => undefined },
  { name: "host", kind: "string", placeholder: "<address>", help: `interface to listen on (default ${DEFAULT_OPTIONS.host}: this machine only; 0.0.0.0 for every machine)`, env: ["HOST"], apply: (o, v) => void (o.host = v as string) },
  { name: "port", kind: "integer", placeholder: "<n>", min: 0, max: 65535, help: `TCP port, 0 for any free one (default ${DEFAULT_OPTIONS.port})`, env: ["PORT"], apply: (o, v) => void (o.port = v as number) },
  {
    name: "static",
    kind: "string",
    placeholder: "<dir|none>",
    help: "folder served at / (default: the package's public/, the player page)",
    apply: (o, v) => void (o.staticDir = v === "none" ? null : (v as string)),
  },
  { name: "no-player", kind: "boolean", help: "do not serve the player page's parts (Ruffle, flashmesh.js, demos)", apply: (o, v) => void (o.player = !(v as boolean)) },
  { name: "tls-cert", kind: "string", placeholder: "<file.pem>", help: "certificate chain: serve https and wss (with --tls-key)", apply: (o, v) => void (o.tlsCert = v as string) },
  { name: "tls-key", kind: "string", placeholder: "<file.pem>", help: "private key of that certificate", apply: (o, v) => void (o.tlsKey = v as string) },
  { name: "trust-proxy", kind: "boolean", help: "behind a reverse proxy: client addresses from X-Forwarded-For", apply: (o, v) => void (o.trustProxy = v as boolean) },
  { name: "stun", kind: "list", placeholder: "<url>", help: "STUN server handed to clients, e.g. stun:stun.example.org:3478 (repeatable)", apply: (o, v) => void (o.stun = stunUrls(v as string[])) },
  { name: "turn", kind: "list", placeholder: "<url>", help: "TURN server handed to clients, e.g. turn:turn.example.org:3478 (repeatable)", apply: (o, v) => void (o.turn = turnUrls(v as string[])) },
  { name: "turn-secret", kind: "string", placeholder: "<secret>", help: "coturn's static-auth-secret: per-client time-limited TURN credentials", apply: (o, v) => void (o.turnSecret = v as string) },
  { name: "turn-ttl", kind: "integer", placeholder: "<s>", min: 60, help: `lifetime of a client's TURN credential, seconds (default ${DEFAULT_OPTIONS.turnTtlSeconds})`, apply: (o, v) => void (o.turnTtlSeconds = v as number) },
  {
    name: "redis",
    kind: "string",
    placeholder: "<url>",
    help: "redis://host:port shared by several nodes behind one address: they serve as one (docs/self-hosting.md)",
    env: ["REDIS_URL"],
    apply: (o, v) => {
      if (!/^rediss?:\/\//.test(v as string)) throw new Error("must start with redis:// or rediss://");
      o.redis = v as string;
    },
  },
  { name: "redis-node-ttl-ms", kind: "integer", placeholder: "<n>", min: 500, help: `a node silent in Redis this long is dead: its clients leave their groups (default ${DEFAULT_OPTIONS.redisNodeTtlMs})`, apply: (o, v) => void (o.redisNodeTtlMs = v as number) },
  {
    name: "apps",
    kind: "string",
    placeholder: "<dir>",
    help: "server-side applications: each sub-folder serves rtmfp://host/<sub-folder>/ (docs/server-apps.md)",
    apply: (o, v) => void (o.appsDir = v as string),
  },
  {
    name: "apps-cirrus-fallback",
    kind: "boolean",
    help: "with --apps: URLs naming no application connect as on Cirrus (relay only) instead of NetConnection.Connect.InvalidApp",
    apply: (o, v) => void (o.appsCirrusFallback = v as boolean),
  },
  { name: "allow-key", kind: "list", placeholder: "<key>", help: "accept only these developer keys (repeatable; default: any key)", apply: (o, v) => void (o.allowedKeys = v as string[]) },
  {
    name: "server-id",
    kind: "string",
    placeholder: "<64 hex>",
    help: "the server's peer ID, NetConnection.farID (default: random per start)",
    apply: (o, v) => {
      if (!HEX64.test(v as string)) throw new Error("must be 64 lowercase hex digits");
      o.serverId = v as string;
    },
  },
  {
    name: "group-salt",
    kind: "string",
    placeholder: "<64 hex>",
    help: "salt of rendezvous keys, shared by the servers of one deployment (default: random per start)",
    apply: (o, v) => {
      if (!HEX64.test(v as string)) throw new Error("must be 64 lowercase hex digits");
      o.groupSalt = v as string;
    },
  },
  { name: "bootstrap-count", kind: "integer", placeholder: "<n>", min: 1, help: `members handed to a joiner (default ${DEFAULT_OPTIONS.bootstrapCount})`, apply: (o, v) => void (o.bootstrapCount = v as number) },
  { name: "alive-timeout-ms", kind: "integer", placeholder: "<n>", min: 1000, help: `drop clients silent this long (default ${DEFAULT_OPTIONS.aliveTimeoutMs})`, apply: (o, v) => void (o.aliveTimeoutMs = v as number) },
  ...(Object.keys(DEFAULT_LIMITS) as (keyof ServerLimits)[]).map(
    (key): Flag => ({
      name: kebab(key),
      kind: "integer",
      placeholder: "<n>",
      min: 1,
      help: `${LIMIT_HELP[key] ?? "limit, see docs/rendezvous-protocol.md"} (default ${DEFAULT_LIMITS[key]})`,
      apply: (o, v) => void (o.limits[key] = v as number),
    }),
  ),
  {
    name: "log-level",
    kind: "string",
    placeholder: "<level>",
    help: `debug, info, warn, error or silent (default ${DEFAULT_OPTIONS.logLevel})`,
    apply: (o, v) => {
      if (!isLogLevel(v as string)) throw new Error("must be debug, info, warn, error or silent");
      o.logLevel = v as LogLevel;
    },
  },
  {
    name: "log-format",
    kind: "string",
    placeholder: "<format>",
    help: "json or text (default: text on a terminal, else json)",
    apply: (o, v) => {
      if (!isLogFormat(v as string)) throw new Error("must be json or text");
      o.logFormat = v as LogFormat;
    },
  },
];

const BY_NAME = new Map(FLAGS.map((flag) => [flag.name, flag]));

/** `FLASHMESH_MAX_CLIENTS` for `max-clients`. */
export function environmentName(flag: Flag): string {
  return `FLASHMESH_${flag.name.toUpperCase().replace(/-/g, "_")}`;
}

/** The help text, generated from {@link FLAGS}. */
export function usage(): string {
  const rows = FLAGS.map((flag) => [`--${flag.name}${flag.placeholder === undefined ? "" : ` ${flag.placeholder}`}`, flag.help] as const);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    "Usage: flashmesh serve [options]",
    "       flashmesh --version | --help",
    "",
    ...rows.map(([left, help]) => `  ${left.padEnd(width)}${help}`),
    "",
    "Every option is also an environment variable (--max-clients: FLASHMESH_MAX_CLIENTS; PORT and HOST too) and a",
    'key of the --config file ({"max-clients": 100}). Command line beats environment beats config file.',
    "",
  ].join("\n");
}

/** A value as one source gave it: text (command line, environment) or JSON (config file). */
type Raw = string | number | boolean | readonly unknown[] | null | object;

function convert(flag: Flag, raw: readonly Raw[], where: string): string | number | boolean | readonly string[] {
  const fail = (why: string): never => {
    throw new Error(`${where} ${why}`);
  };
  const text = (value: Raw): string => (typeof value === "string" ? value : typeof value === "number" ? String(value) : fail(`needs a text value, got ${JSON.stringify(value)}`));
  const last = raw[raw.length - 1]!;
  switch (flag.kind) {
    case "boolean": {
      if (typeof last === "boolean") return last;
      const value = typeof last === "string" ? last.toLowerCase() : "";
      if (["", "1", "true", "yes", "on"].includes(value)) return true;
      if (["0", "false", "no", "off"].includes(value)) return false;
      return fail(`needs true or false, got ${JSON.stringify(last)}`);
    }
    case "integer": {
      const value = typeof last === "number" ? last : typeof last === "string" && last.trim() !== "" ? Number(last) : NaN;
      const min = flag.min ?? 0;
      if (!Number.isSafeInteger(value) || value < min) fail(`needs an integer ≥ ${min}, got ${JSON.stringify(last)}`);
      if (flag.max !== undefined && value > flag.max) fail(`must be at most ${flag.max}`);
      return value;
    }
    case "list": {
      const items = raw.flatMap((value) => (Array.isArray(value) ? value.map((item: Raw) => text(item)) : text(value).split(",")));
      return items.map((item) => item.trim()).filter((item) => item !== "");
    }
    case "string": {
      const value = text(last);
      if (value === "") fail("needs a value");
      return value;
    }
  }
}

/** Values per flag from one source. */
type Source = { readonly where: (flag: Flag) => string; readonly values: Map<Flag, Raw[]> };

function commandLine(args: readonly string[]): Source {
  const values = new Map<Flag, Raw[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${arg}`);
    const equals = arg.indexOf("=");
    const name = arg.slice(2, equals < 0 ? undefined : equals);
    const flag = BY_NAME.get(name);
    if (flag === undefined) throw new Error(`unknown option --${name}`);
    let value: string;
    if (equals >= 0) value = arg.slice(equals + 1);
    else if (flag.kind === "boolean") value = "true";
    else {
      const next = args[i + 1];
      if (next === undefined || (next.startsWith("--") && next.length > 2)) throw new Error(`--${name} needs a value`);
      value = next;
      i++;
    }
    values.set(flag, [...(values.get(flag) ?? []), value]);
  }
  return { where: (flag) => `--${flag.name}`, values };
}

function environment(env: Readonly<Record<string, string | undefined>>): Source {
  const values = new Map<Flag, Raw[]>();
  const names = new Map<Flag, string>();
  for (const flag of FLAGS) {
    for (const name of [environmentName(flag), ...(flag.env ?? [])]) {
      const value = env[name];
      if (value === undefined || value === "") continue;
      values.set(flag, [value]);
      names.set(flag, name);
      break;
    }
  }
  return { where: (flag) => names.get(flag) ?? environmentName(flag), values };
}

function configFile(path: string, readFile: (path: string) => string): Source {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new Error(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`the config file ${path} is not JSON: ${(error as Error).message}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new Error(`the config file ${path} must hold one JSON object`);
  const values = new Map<Flag, Raw[]>();
  for (const [key, value] of Object.entries(json)) {
    const flag = BY_NAME.get(key);
    if (flag === undefined || flag.name === "config") throw new Error(`the config file ${path}: unknown setting "${key}"`);
    values.set(flag, [value as Raw]);
  }
  return { where: (flag) => `${path}: "${flag.name}"`, values };
}

/** Where settings come from besides the command line (injectable for tests). */
export interface SettingSources {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly readFile?: (path: string) => string;
}

/**
 * Reads `serve` settings from the command line, the environment and the config file; throws an Error with a message
 * for the user on bad input (naming the flag, variable or file it came from).
 */
export function parseServeSettings(args: readonly string[], { env = {}, readFile = () => { throw new Error("no file system"); } }: SettingSources = {}): ParsedInput {
  const cli = commandLine(args);
  const environ = environment(env);
  const configFlag = BY_NAME.get("config")!;
  const configPath = cli.values.get(configFlag)?.at(-1) ?? environ.values.get(configFlag)?.[0];
  const sources = [cli, environ, ...(typeof configPath === "string" ? [configFile(configPath, readFile)] : [])];
  const input: ParsedInput = { limits: {} };
  for (const flag of FLAGS) {
    if (flag.name === "config") continue;
    const source = sources.find((candidate) => candidate.values.has(flag));
    if (source === undefined) continue;
    const where = source.where(flag);
    try {
      flag.apply(input, convert(flag, source.values.get(flag)!, where));
    } catch (error) {
      const message = (error as Error).message;
      throw new Error(message.startsWith(where) ? message : `${where} ${message}`);
    }
  }
  return input;
}
