/** A running redis-server of a test or benchmark run. */
export interface RedisProcess {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** What it printed, for a failing spec's message. */
  log(): string;
  stop(): Promise<void>;
}

/** Whether redis-server is installed (scripts/system-deps.mjs installs it as root). */
export function hasRedisServer(): boolean;

/** Starts redis-server on 127.0.0.1 at `port` (default: a free one) and resolves once it accepts connections. */
export function startRedisServer(options?: { timeoutMs?: number; port?: number }): Promise<RedisProcess>;
