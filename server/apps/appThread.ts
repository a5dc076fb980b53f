/**
 * One server-side application's worker thread, seen from the server's main thread: starting it, its requests with
 * their deadline, and its watchdog. The thread has a heap limit (`appMemoryMb`); a request unanswered for
 * `appTimeoutMs` fails with a timeout; a thread that does not answer the watchdog's ping for `appTimeoutMs` (a loop)
 * is terminated, as is one over its heap limit or one that dies. Nothing of the application runs on the main
 * thread, so none of that reaches the server or the other applications. docs/server-apps.md says why threads.
 */
import { Worker } from "node:worker_threads";
import type { Logger } from "../log.js";
import type { ClientFacts, FromWorker, ToWorker } from "./workerProtocol.js";

/** How a connection attempt ended. */
export type ConnectVerdict = { readonly accepted: true } | { readonly accepted: false; readonly reason: string; readonly application?: Uint8Array };
/** How a call ended. */
export type CallOutcome = { readonly result: Uint8Array } | { readonly error: string };

/** What the thread reports to the applications it belongs to. */
export interface ThreadEvents {
  clientCall(id: string, name: string, args: readonly Uint8Array[], req: number | undefined): void;
  drop(id: string, reason: string): void;
  /** The thread is gone (stopped, stuck, out of memory, crashed): its clients lose their application. */
  ended(thread: AppThread, reason: string): void;
}

interface Request {
  resolve(message: FromWorker): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Settings of a thread. */
export interface ThreadSettings {
  readonly name: string;
  /** The module to import (an absolute path). */
  readonly entry: string;
  /** dist/flashmesh-app-worker.mjs. */
  readonly workerScript: string;
  readonly timeoutMs: number;
  readonly memoryMb: number;
}

/** One application's worker thread. */
export class AppThread {
  readonly name: string;
  /** Resolves once the module imported and onAppStart returned; rejects with why it did not. */
  readonly ready: Promise<void>;
  #worker: Worker;
  readonly #requests = new Map<number, Request>();
  #next = 1;
  /** When the thread last showed its event loop turns; null until it booted (its first message). */
  #lastPong: number | null = null;
  #watchdog: ReturnType<typeof setInterval>;
  #ended: string | null = null;

  constructor(
    private readonly settings: ThreadSettings,
    private readonly events: ThreadEvents,
    private readonly log: Logger,
  ) {
    this.name = settings.name;
    this.#worker = new Worker(settings.workerScript, {
      workerData: { name: settings.name, timeoutMs: settings.timeoutMs },
      resourceLimits: { maxOldGenerationSizeMb: settings.memoryMb, maxYoungGenerationSizeMb: Math.max(4, Math.min(32, settings.memoryMb / 8)) },
      stdout: true,
      stderr: true,
    });
    this.#worker.stdout.on("data", (chunk: Buffer) => this.#console("info", chunk));
    this.#worker.stderr.on("data", (chunk: Buffer) => this.#console("warn", chunk));
    // Booting a thread and importing a module can take a while on a loaded machine; a loop at import is the watchdog's.
    const startMs = Math.max(10_000, settings.timeoutMs);
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`did not start within ${startMs} ms`)), startMs);
      this.#requests.set(0, { resolve: () => resolve(), reject, timer });
    });
    this.ready.catch((error: Error) => this.#end(`failed to start: ${error.message}`));
    this.#worker.on("message", (message: FromWorker) => this.#receive(message));
    this.#worker.on("error", (error: Error & { code?: string }) => {
      this.#end(error.code === "ERR_WORKER_OUT_OF_MEMORY" ? `over its heap limit of ${settings.memoryMb} MiB` : `crashed: ${error.message}`);
    });
    this.#worker.on("exit", (code) => this.#end(`its thread exited (code ${code})`));
    // The watchdog: a thread that stops answering pings is stuck in synchronous code; only terminating it ends that.
    const interval = Math.max(50, Math.floor(settings.timeoutMs / 4));
    this.#watchdog = setInterval(() => {
      if (this.#lastPong !== null && Date.now() - this.#lastPong > settings.timeoutMs) return this.#end(`stuck: no answer for ${settings.timeoutMs} ms (a loop?)`);
      this.#post({ t: "ping", n: -1 });
    }, interval);
    this.#watchdog.unref();
    this.#post({ t: "start", entry: settings.entry, name: settings.name });
  }

  /** Why the thread ended; null while it runs. */
  get ended(): string | null {
    return this.#ended;
  }

  /** Asks the application's onConnect. */
  async connect(client: ClientFacts, args: readonly Uint8Array[]): Promise<ConnectVerdict> {
    const n = this.#next++;
    const reply = await this.#request(n, { t: "connect", n, client, args }, `did not accept or reject the connection within ${this.settings.timeoutMs} ms`);
    if (reply.t !== "verdict") throw new Error("unexpected reply");
    return reply.accepted ? { accepted: true } : { accepted: false, reason: reply.reason, ...(reply.application === undefined ? {} : { application: reply.application }) };
  }

  /** Runs a client method; resolves with its AMF3 result or its error (never rejects). */
  async call(id: string, name: string, args: readonly Uint8Array[]): Promise<CallOutcome> {
    const n = this.#next++;
    try {
      const reply = await this.#request(n, { t: "call", n, id, name, args }, `${name} did not answer within ${this.settings.timeoutMs} ms`);
      if (reply.t !== "result") return { error: "unexpected reply" };
      return reply.result !== undefined ? { result: reply.result } : { error: reply.error ?? "failed" };
    } catch (error) {
      return { error: `the application failed: ${(error as Error).message}` };
    }
  }

  clientResult(id: string, req: number, outcome: CallOutcome): void {
    this.#post({ t: "clientResult", id, req, ...outcome });
  }

  disconnect(id: string): void {
    this.#post({ t: "disconnect", id });
  }

  /** Runs onAppStop (bounded by the timeout), then ends the thread. */
  async stop(): Promise<void> {
    if (this.#ended !== null) return;
    const n = this.#next++;
    await this.#request(n, { t: "stop", n }, "onAppStop did not return").catch(() => undefined);
    this.#end("stopped");
  }

  #request(n: number, message: ToWorker, timeoutText: string): Promise<FromWorker> {
    if (this.#ended !== null) return Promise.reject(new Error(`the application ${this.#ended}`));
    return new Promise<FromWorker>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#requests.delete(n);
        reject(new Error(timeoutText));
      }, this.settings.timeoutMs);
      this.#requests.set(n, { resolve, reject, timer });
      this.#post(message);
    });
  }

  #receive(message: FromWorker): void {
    this.#lastPong = Date.now(); // any message shows the thread's event loop turns
    switch (message.t) {
      case "pong":
        return;
      case "startFailed":
        return this.#settle(0, null, new Error(message.error));
      case "started":
      case "verdict":
      case "result":
      case "stopped":
        return this.#settle(message.n, message);
      case "clientCall":
        return this.events.clientCall(message.id, message.name, message.args, message.req);
      case "drop":
        return this.events.drop(message.id, message.reason);
      case "log":
        return this.log[message.level]("application: " + message.msg.slice(0, 2000), { app: this.name });
    }
  }

  #settle(n: number, message: FromWorker | null, error?: Error): void {
    const request = this.#requests.get(n);
    if (request === undefined) return;
    this.#requests.delete(n);
    clearTimeout(request.timer);
    if (message !== null) request.resolve(message);
    else request.reject(error!);
  }

  #post(message: ToWorker): void {
    if (this.#ended === null) this.#worker.postMessage(message);
  }

  #console(level: "info" | "warn", chunk: Buffer): void {
    for (const line of chunk.toString("utf8").split("\n")) if (line !== "") this.log[level]("application: " + line.slice(0, 2000), { app: this.name });
  }

  #end(reason: string): void {
    if (this.#ended !== null) return;
    this.#ended = reason;
    clearInterval(this.#watchdog);
    for (const [n, request] of [...this.#requests]) {
      this.#requests.delete(n);
      clearTimeout(request.timer);
      request.reject(new Error(reason));
    }
    void this.#worker.terminate();
    if (reason !== "stopped") this.log.warn("application ended", { app: this.name, reason });
    this.events.ended(this, reason);
  }
}
