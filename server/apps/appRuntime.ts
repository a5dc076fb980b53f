/**
 * What a server-side application's module sees, inside its worker thread: the `application` object and one `Client`
 * per connection, shaped after Flash Media Server's Server-Side ActionScript (`application.onConnect`,
 * `application.acceptConnection`, `application.broadcastMsg`, `application.clients`, `Client.call`, `client.id`,
 * `client.ip`, `client.farID`, `client.nearID`). Values are plain JavaScript as wire/amf3 decodes them. The hooks
 * come from the module's exports or, FMS style, from properties the module sets on `application`.
 * docs/server-apps.md documents all of it.
 */
import type { ClientFacts } from "./workerProtocol.js";

/** FMS's responder object for `client.call`: `onResult(value)` and `onStatus(info)`, both optional. */
export interface CallResponder {
  onResult?(value: unknown): void;
  onStatus?(info: { code: string; level: string; description: string }): void;
}

/** What the runtime needs from the thread it runs in. */
export interface RuntimeChannel {
  /** Sends `client[name](...args)` to the client; `req` when an answer is wanted. False when `args` cannot be sent. */
  clientCall(id: string, name: string, args: readonly unknown[], req: number | undefined): boolean;
  /** Closes a client's connection. */
  drop(id: string, reason: string): void;
  /** Settles a pending connection (acceptConnection / rejectConnection). */
  settle(client: Client, accepted: boolean, application: unknown, reason: string): void;
}

/** Calls the client has not answered yet, per client. */
const MAX_PENDING_CLIENT_CALLS = 64;

/** One connection, as the application sees it (FMS's `Client`). Applications may add their own properties and methods. */
export class Client {
  /** A unique ID: the client's peer ID. */
  readonly id: string;
  /** The client's IP address ("" when unknown). */
  readonly ip: string;
  /** The client's peer ID (the far end of the connection, seen from the server). */
  readonly farID: string;
  /** The server's peer ID. */
  readonly nearID: string;
  readonly farNonce: string;
  readonly nearNonce: string;
  /** The path of the client's `rtmfp://host/<path>` URL. */
  readonly uri: string;
  readonly protocol = "rtmfp";
  /** Index signature for the application's own properties and methods. */
  [property: string]: unknown;

  constructor(facts: ClientFacts, channel: RuntimeChannel, responders: ClientResponders) {
    this.id = facts.id;
    this.ip = facts.ip;
    this.farID = facts.id;
    this.nearID = facts.nearID;
    this.farNonce = facts.farNonce;
    this.nearNonce = facts.nearNonce;
    this.uri = facts.uri;
    Object.defineProperty(this, INTERNALS, { value: { channel, responders }, enumerable: false });
  }

  /**
   * FMS `Client.call(methodName, [resultObj, [p1, …]])`: runs `NetConnection.client[methodName](p1, …)` in the SWF.
   * `responder.onResult` gets its return value, `responder.onStatus` a NetConnection.Call.Failed info when it fails.
   * False when the call could not be sent (arguments AMF3 cannot hold, too many unanswered calls, client gone).
   */
  call(methodName: string, responder?: CallResponder | null, ...args: unknown[]): boolean {
    const { channel, responders } = (this as unknown as Record<symbol, { channel: RuntimeChannel; responders: ClientResponders }>)[INTERNALS]!;
    let req: number | undefined;
    if (responder !== null && responder !== undefined) {
      req = responders.add(this.id, responder);
      if (req === undefined) return false;
    }
    const sent = channel.clientCall(this.id, String(methodName), args, req);
    if (!sent && req !== undefined) responders.take(req);
    return sent;
  }
}

const INTERNALS = Symbol("client internals");

/** Responders of `client.call`s waiting for the client's answer. */
export class ClientResponders {
  readonly #pending = new Map<number, { id: string; responder: CallResponder; timer: ReturnType<typeof setTimeout> }>();
  #next = 1;

  constructor(private readonly timeoutMs: number) {}

  /** Remembers `responder`; undefined when the client already has too many unanswered calls. */
  add(id: string, responder: CallResponder): number | undefined {
    let count = 0;
    for (const entry of this.#pending.values()) if (entry.id === id) count++;
    if (count >= MAX_PENDING_CLIENT_CALLS) return undefined;
    const req = this.#next++;
    const timer = setTimeout(() => this.fail(req, `the client did not answer within ${this.timeoutMs} ms`), this.timeoutMs);
    this.#pending.set(req, { id, responder, timer });
    return req;
  }

  take(req: number): CallResponder | undefined {
    const entry = this.#pending.get(req);
    if (entry === undefined) return undefined;
    clearTimeout(entry.timer);
    this.#pending.delete(req);
    return entry.responder;
  }

  /** The answer of `id`'s call `req` (ignored when it is not that client's, or already settled). */
  answered(id: string, req: number, outcome: { value: unknown } | { error: string }): void {
    if (this.#pending.get(req)?.id !== id) return;
    const responder = this.take(req)!;
    if ("value" in outcome) responder.onResult?.(outcome.value);
    else responder.onStatus?.({ code: "NetConnection.Call.Failed", level: "error", description: outcome.error });
  }

  fail(req: number, description: string): void {
    this.take(req)?.onStatus?.({ code: "NetConnection.Call.Failed", level: "error", description });
  }

  /** Fails every call of a client that left. */
  clientGone(id: string): void {
    for (const [req, entry] of [...this.#pending]) if (entry.id === id) this.fail(req, "the client disconnected");
  }
}

/** FMS's `application` object. */
export class Application {
  /** The application's name: its folder's name. */
  readonly name: string;
  /** Connected clients (accepted ones), in connection order. */
  readonly clients: Client[] = [];
  /** Hooks may be set here, FMS style, instead of exported. */
  onAppStart?: (this: Application) => unknown;
  onConnect?: (this: Application, client: Client, ...args: unknown[]) => unknown;
  onDisconnect?: (this: Application, client: Client) => unknown;
  onAppStop?: (this: Application) => unknown;
  [property: string]: unknown;

  constructor(name: string, channel: RuntimeChannel) {
    this.name = name;
    Object.defineProperty(this, INTERNALS, { value: channel, enumerable: false });
  }

  /** Accepts a connection left pending by `onConnect` (which returned nothing). */
  acceptConnection(client: Client): void {
    this.#channel().settle(client, true, undefined, "");
  }

  /** Rejects a pending connection; `info` reaches the SWF as NetConnection.Connect.Rejected's `info.application`. */
  rejectConnection(client: Client, info?: unknown): void {
    this.#channel().settle(client, false, info, "the application rejected the connection");
  }

  /** Calls `methodName(...args)` on every connected client's `NetConnection.client`. */
  broadcastMsg(methodName: string, ...args: unknown[]): void {
    for (const client of [...this.clients]) client.call(methodName, null, ...args);
  }

  /** Closes a client's connection (FMS `application.disconnect`). True when it was connected. */
  disconnect(client: Client): boolean {
    if (!this.clients.includes(client)) return false;
    this.#channel().drop(client.id, "disconnected by the application");
    return true;
  }

  #channel(): RuntimeChannel {
    return (this as unknown as Record<symbol, RuntimeChannel>)[INTERNALS]!;
  }
}

/**
 * Names `nc.call` can never reach on a client: Client's members as shipped (taken when this module loads, so methods
 * an application adds to `Client.prototype` stay callable), Object's, and the connection facts.
 */
const BUILT_IN = new Set<string>([...Object.getOwnPropertyNames(Client.prototype), ...Object.getOwnPropertyNames(Object.prototype), "id", "ip", "farID", "nearID", "farNonce", "nearNonce", "uri", "protocol"]);

/**
 * The function `nc.call(name)` runs for `client`, with its `this`: the client's own property (dotted names walk own
 * properties: `"chat.send"` is `client.chat.send`), else the module's exported `clientMethods`, else one the
 * application added to `Client.prototype`. Null when there is none.
 */
export function clientMethod(client: Client, name: string, exported: Record<string, unknown> | undefined): { fn: Function; self: unknown } | null {
  const path = name.split(".");
  if (BUILT_IN.has(path[0]!)) return null;
  for (const root of [client, exported, Client.prototype]) {
    if (root === undefined) continue;
    let self: unknown = root;
    let value: unknown = root;
    let found = true;
    for (const segment of path) {
      if (typeof value !== "object" && typeof value !== "function") {
        found = false;
        break;
      }
      if (value === null || !Object.hasOwn(value as object, segment)) {
        found = false;
        break;
      }
      self = value;
      value = (value as Record<string, unknown>)[segment];
    }
    if (found && typeof value === "function") return { fn: value, self: path.length > 1 ? self : client };
  }
  return null;
}
