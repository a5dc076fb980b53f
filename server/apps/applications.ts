/**
 * The server-side applications of `flashmesh serve --apps DIR` (docs/server-apps.md): which application a
 * connection belongs to (the first segment of its `rtmfp://host/<app>/…` path, a sub-folder of DIR), one worker
 * thread per application started on its first connection ({@link AppThread}), and the calls between clients and
 * their application. The rendezvous (server/rendezvous.ts) calls in here through {@link ApplicationHost}.
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { encodeAmf3 } from "../../as3-api/wire/amf3.js";
import { amf3ValueOf, bytesOfAmf3Value, isAmf3Value } from "../../as3-api/wire/appCalls.js";
import type { CallPayload, ClientCallPayload, ClientResultPayload, RejectedPayload, ResultPayload } from "../../as3-api/wire/rendezvous.js";
import type { Logger } from "../log.js";
import type { ServerOptions } from "../options.js";
import { AppThread } from "./appThread.js";
import type { ClientFacts } from "./workerProtocol.js";

/**
 * A connection's admission: welcomed (into an application, or, with `--apps-cirrus-fallback`, as on Cirrus into
 * none), or refused with the FM-REJECTED payload.
 */
export type Admission = { readonly accepted: true } | { readonly accepted: false; readonly rejected: RejectedPayload };

/** What the rendezvous needs of the applications. */
export interface ApplicationHost {
  /** Asks the application named by `path` to accept a client; `args` are the connect arguments as sent. */
  admit(facts: ClientFacts, path: string, args: readonly unknown[]): Promise<Admission>;
  /** Runs an `FM-CALL`; resolves with the `FM-RESULT`. Null when the client has too many calls unanswered. */
  call(id: string, call: CallPayload): Promise<ResultPayload> | null;
  /** A client's `FM-CLIENTRESULT`. */
  clientResult(id: string, result: ClientResultPayload): void;
  /** A client left (its onDisconnect runs). */
  disconnect(id: string): void;
  /** Stops every application (onAppStop), bounded by the timeout. */
  close(): Promise<void>;
}

/** How the applications reach clients. */
export interface ClientReach {
  /** Sends an `FM-CLIENTCALL` to a client. */
  clientCall(id: string, call: ClientCallPayload): void;
  /** Closes a client's connection (its application disconnected it, or ended). */
  drop(id: string, reason: string): void;
}

const APP_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** The module a folder's application is, in this order. */
const ENTRIES = ["main.mjs", "main.js", "index.mjs", "index.js"];
/** After an application failed to start, connections to it are refused this long before it is tried again. */
const RESTART_DELAY_MS = 2_000;

/** The worker thread's entry: the package's dist/flashmesh-app-worker.mjs (scripts/build.mjs). */
export function workerScriptOf(options: ServerOptions): string {
  return join(options.packageRoot, "dist", "flashmesh-app-worker.mjs");
}

/** The server's applications. */
export class Applications implements ApplicationHost {
  readonly #dir: string;
  readonly #threads = new Map<string, AppThread>();
  /** Applications that failed to start, with why and since when. */
  readonly #failed = new Map<string, { reason: string; at: number }>();
  /** Each accepted client's thread. */
  readonly #clientThreads = new Map<string, AppThread>();
  readonly #callsInFlight = new Map<string, number>();
  /** Clients whose connection an application is deciding, by the application's name (it may call them once it accepted). */
  readonly #deciding = new Map<string, string>();
  #closed = false;

  constructor(
    private readonly options: ServerOptions,
    private readonly reach: ClientReach,
    private readonly log: Logger,
    private readonly workerScript = workerScriptOf(options),
  ) {
    this.#dir = resolve(options.appsDir ?? ".");
  }

  /** The module of application `name`, or null when DIR has no such application. */
  entryOf(name: string): string | null {
    if (!APP_NAME.test(name)) return null;
    const folder = join(this.#dir, name);
    if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) return null;
    const entry = ENTRIES.map((file) => join(folder, file)).find((path) => existsSync(path));
    return entry ?? null;
  }

  async admit(facts: ClientFacts, path: string, args: readonly unknown[]): Promise<Admission> {
    const name = path.split("/").find((segment) => segment !== "") ?? "";
    const entry = this.#closed ? null : this.entryOf(name);
    if (entry === null && this.options.appsCirrusFallback) return { accepted: true };
    if (entry === null) return { accepted: false, rejected: { code: "invalid-app", reason: name === "" ? "the URL names no application (rtmfp://host/<app>/)" : `no application ${JSON.stringify(name.slice(0, 64))} on this server` } };
    const failed = this.#failed.get(name);
    if (failed !== undefined && Date.now() - failed.at < RESTART_DELAY_MS) return rejected(`the application ${name} ${failed.reason}`);
    let thread = this.#threads.get(name);
    if (thread === undefined || thread.ended !== null) {
      thread = new AppThread({ name, entry, workerScript: this.workerScript, timeoutMs: this.options.limits.appTimeoutMs, memoryMb: this.options.limits.appMemoryMb }, this.#events(name), this.log);
      this.#threads.set(name, thread);
      this.log.info("application starting", { app: name });
    }
    try {
      await thread.ready;
    } catch (error) {
      this.#failed.set(name, { reason: thread.ended ?? (error as Error).message, at: Date.now() });
      return rejected(`the application ${name} ${thread.ended ?? (error as Error).message}`);
    }
    this.#failed.delete(name);
    let values: Uint8Array[];
    try {
      values = args.map(connectArgumentBytes);
    } catch (error) {
      return rejected(`connect arguments: ${(error as Error).message}`);
    }
    this.#deciding.set(facts.id, name);
    try {
      const verdict = await thread.connect(facts, values);
      if (!verdict.accepted) return { accepted: false, rejected: { code: "rejected", reason: verdict.reason, ...(verdict.application === undefined ? {} : { application: amf3ValueOf(verdict.application) }) } };
    } catch (error) {
      thread.disconnect(facts.id); // a late acceptance must not leave the client in application.clients
      return rejected(`the application ${name} ${(error as Error).message}`);
    } finally {
      this.#deciding.delete(facts.id);
    }
    this.#clientThreads.set(facts.id, thread);
    return { accepted: true };
  }

  call(id: string, call: CallPayload): Promise<ResultPayload> | null {
    const thread = this.#clientThreads.get(id);
    if (thread === undefined) return Promise.resolve({ req: call.req, error: `Method not found (${call.name}).` });
    const inFlight = this.#callsInFlight.get(id) ?? 0;
    if (inFlight >= this.options.limits.maxCallsPerClient) return null;
    this.#callsInFlight.set(id, inFlight + 1);
    return thread.call(id, call.name, call.args.map(bytesOfAmf3Value)).then((outcome) => {
      const left = (this.#callsInFlight.get(id) ?? 1) - 1;
      if (left <= 0) this.#callsInFlight.delete(id);
      else this.#callsInFlight.set(id, left);
      return "result" in outcome ? { req: call.req, result: amf3ValueOf(outcome.result) } : { req: call.req, error: outcome.error };
    });
  }

  clientResult(id: string, result: ClientResultPayload): void {
    const thread = this.#clientThreads.get(id);
    if (thread === undefined) return;
    thread.clientResult(id, result.req, result.result !== undefined ? { result: bytesOfAmf3Value(result.result) } : { error: result.error ?? "failed" });
  }

  disconnect(id: string): void {
    const thread = this.#clientThreads.get(id);
    if (thread === undefined) return;
    this.#clientThreads.delete(id);
    this.#callsInFlight.delete(id);
    thread.disconnect(id);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#threads.values()].map((thread) => thread.stop()));
    this.#threads.clear();
  }

  #events(name: string) {
    return {
      clientCall: (id: string, method: string, args: readonly Uint8Array[], req: number | undefined): void => {
        if (this.#clientThreads.get(id)?.name !== name && this.#deciding.get(id) !== name) return;
        this.reach.clientCall(id, { name: method, args: args.map(amf3ValueOf), ...(req === undefined ? {} : { req }) });
      },
      drop: (id: string, reason: string): void => {
        if (this.#clientThreads.get(id)?.name === name) this.reach.drop(id, reason);
      },
      ended: (thread: AppThread, reason: string): void => {
        if (this.#threads.get(name) === thread) this.#threads.delete(name);
        // Its clients lose their application: FMS closed the connections of an application that unloaded.
        for (const [id, owner] of [...this.#clientThreads]) {
          if (owner !== thread) continue;
          this.#clientThreads.delete(id);
          this.#callsInFlight.delete(id);
          if (reason !== "stopped") this.reach.drop(id, `the application ${name} ${reason}`);
        }
      },
    };
  }
}

function rejected(reason: string): Admission {
  return { accepted: false, rejected: { code: "rejected", reason } };
}

/**
 * A connect argument as AMF3 bytes: the `{ amf3 }` form flashmesh clients send for every argument but strings, or a
 * plain JSON value (a string, or what an older client sent) encoded here.
 */
function connectArgumentBytes(arg: unknown): Uint8Array {
  if (isAmf3Value(arg)) return bytesOfAmf3Value(arg);
  if (typeof arg === "object" && arg !== null && "amf3" in arg) throw new Error("an { amf3 } argument is not base64");
  return encodeAmf3(arg);
}
