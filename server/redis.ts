/**
 * The one module that speaks to Redis (ioredis): a command connection for keys, Lua scripts and PUBLISH, and a
 * subscriber connection for this node's channel. Why ioredis (docs/self-hosting.md, "Several nodes"): one package
 * with its types built in and five small dependencies (node-redis pulls its search, JSON, bloom and time-series
 * modules along), and it reconnects and resubscribes by itself. Commands fail at once while Redis is away (no offline
 * queue) and the number in flight is counted, so a node whose Redis is slow or gone holds no unbounded backlog: the
 * cluster (server/cluster.ts) refuses or answers locally instead.
 */
import { createHash } from "node:crypto";
import { Redis } from "ioredis";

/** A value for a command or script argument. */
export type RedisArgument = string | number;

/** How long the first connection may take before start-up gives up. */
const CONNECT_TIMEOUT_MS = 5000;

/** The connections of one node. */
export class RedisLink {
  readonly #commands: Redis;
  readonly #subscriber: Redis;
  readonly #shas = new Map<string, string>();
  readonly #loading = new Map<string, Promise<unknown>>();
  #inFlight = 0;
  #up = false;
  #listeners: ((up: boolean, detail: string) => void)[] = [];

  private constructor(readonly url: string) {
    const options = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Reconnect for ever, at most every 2 s: a node keeps serving its own clients meanwhile.
      retryStrategy: (times: number) => Math.min(100 * times, 2000),
    };
    this.#commands = new Redis(url, options);
    this.#subscriber = new Redis(url, options);
    for (const connection of [this.#commands, this.#subscriber]) {
      connection.on("error", () => undefined); // reported through "close"/"ready" below; ioredis would print it otherwise
    }
    this.#commands.on("ready", () => this.#state(true, "connected"));
    this.#commands.on("close", () => this.#state(false, "connection closed"));
  }

  /**
   * Connects both connections; rejects with a sentence for the user when Redis cannot be reached within a few
   * seconds (a node must not start half a cluster).
   */
  static async connect(url: string): Promise<RedisLink> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`--redis ${url}: not a URL (redis://host:port or rediss://host:port)`);
    }
    if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") throw new Error(`--redis ${url}: the URL must start with redis:// or rediss://`);
    const link = new RedisLink(url);
    const shown = `${parsed.protocol}//${parsed.host}`; // never the password
    try {
      await Promise.race([
        Promise.all([link.#commands.connect(), link.#subscriber.connect()]),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS).unref()),
      ]);
    } catch (error) {
      link.close();
      throw new Error(`cannot reach Redis at ${shown}: ${(error as Error).message}`);
    }
    return link;
  }

  /** Whether the command connection is ready. */
  get up(): boolean {
    return this.#up;
  }

  /** Commands sent and not yet answered. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Calls `listener` when the command connection comes up or goes down. */
  onState(listener: (up: boolean, detail: string) => void): void {
    this.#listeners.push(listener);
  }

  /** One command (`GET`, `SET`, `PUBLISH`…). */
  command(name: string, ...args: RedisArgument[]): Promise<unknown> {
    return this.#count(this.#commands.call(name, ...args));
  }

  /**
   * Runs a Lua script with no KEYS (its keys are built from its arguments) by its SHA-1. A script Redis does not know
   * (first use, or a Redis that restarted) is loaded once, however many calls were waiting for it.
   */
  async script(lua: string, args: readonly RedisArgument[]): Promise<unknown> {
    let sha = this.#shas.get(lua);
    if (sha === undefined) {
      sha = createHash("sha1").update(lua).digest("hex");
      this.#shas.set(lua, sha);
    }
    try {
      return await this.#count(this.#commands.evalsha(sha, 0, ...args));
    } catch (error) {
      if (!String(error).includes("NOSCRIPT")) throw error;
      let loading = this.#loading.get(sha);
      if (loading === undefined) {
        loading = this.#count(this.#commands.script("LOAD", lua)).finally(() => this.#loading.delete(sha));
        this.#loading.set(sha, loading);
      }
      await loading;
      return this.#count(this.#commands.evalsha(sha, 0, ...args));
    }
  }

  /** Subscribes to `channel`; `onMessage` gets each message's text. Resubscribed after a reconnection. */
  async subscribe(channel: string, onMessage: (text: string) => void): Promise<void> {
    this.#subscriber.on("message", (from: string, text: string) => {
      if (from === channel) onMessage(text);
    });
    await this.#subscriber.subscribe(channel);
  }

  /** Closes both connections at once (no QUIT round trip: the node is stopping). */
  close(): void {
    this.#commands.disconnect();
    this.#subscriber.disconnect();
  }

  #count<T>(promise: Promise<T>): Promise<T> {
    this.#inFlight++;
    return promise.finally(() => this.#inFlight--);
  }

  #state(up: boolean, detail: string): void {
    if (up === this.#up) return;
    this.#up = up;
    for (const listener of this.#listeners) listener(up, detail);
  }
}
