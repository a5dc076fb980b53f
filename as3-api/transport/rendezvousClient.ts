/**
 * Client side of the rendezvous protocol (as3-api/wire/rendezvous.ts): hello, group join/leave, relay. It speaks
 * over any {@link SignallingSocket}; the PeerJS transport hands it the PeerJS server socket, tests a raw WebSocket.
 */
import { parseClientCall, parseRejected, parseResult } from "../wire/appCalls.js";
import {
  ClientMessageType,
  RENDEZVOUS_PROTOCOL_VERSION,
  ServerMessageType,
  type ErrorPayload,
  type JoinedPayload,
  type Amf3Value,
  type ClientCallPayload,
  type OnRelayPayload,
  type RendezvousMessage,
  type WelcomePayload,
} from "../wire/rendezvous.js";
import { rendezvousKeyOf } from "../wire/rendezvousKey.js";
import { TransportError } from "./errors.js";

/** The signalling connection the protocol rides on. */
export interface SignallingSocket {
  send(message: RendezvousMessage): void;
  /** Subscribes to every server message; returns the unsubscribe function. */
  onMessage(listener: (message: RendezvousMessage) => void): () => void;
}

interface Pending<T> {
  resolve(value: T): void;
  reject(error: TransportError): void;
  timer: ReturnType<typeof setTimeout>;
}

/** How a call to the server-side application ended: its result, or why it failed (NetConnection.Call.Failed). */
export type CallOutcome = { readonly result: Amf3Value } | { readonly error: string };

/** Rendezvous protocol client for one signalling connection. */
export class RendezvousClient {
  /** Called for every `relay` that reaches this client (`NetConnection.client.onRelay`). */
  onRelay: ((from: string, args: unknown[]) => void) | null = null;
  /** Called for server errors no pending request claims (relay failures, refused messages). */
  onError: ((error: ErrorPayload) => void) | null = null;
  /** Called for every `FM-CLIENTCALL` (a server-side application calls `NetConnection.client[name]`). */
  onClientCall: ((call: ClientCallPayload) => void) | null = null;

  readonly #socket: SignallingSocket;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending<JoinedPayload>>();
  readonly #calls = new Map<number, { done(outcome: CallOutcome): void; timer: ReturnType<typeof setTimeout> }>();
  readonly #callTimeoutMs: number;
  #hello: Pending<WelcomePayload> | null = null;
  /** The latest FM-WELCOME: the group salt and the current resume token. */
  #welcome: WelcomePayload | null = null;
  #introduction: { app: string; args: readonly unknown[] } = { app: "", args: [] };
  /** Rendezvous keys by group ID (a key costs a slow KDF: docs/security.md). */
  readonly #keys = new Map<string, Promise<string>>();
  #nextReq = 1;
  readonly #unsubscribe: () => void;

  constructor(socket: SignallingSocket, options: { timeoutMs?: number; callTimeoutMs?: number } = {}) {
    this.#socket = socket;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#callTimeoutMs = options.callTimeoutMs ?? 60_000;
    this.#unsubscribe = socket.onMessage((message) => this.#receive(message));
  }

  /** Introduces this client: the URL path and extra connect arguments (the server may check a developer key in them). */
  hello(app: string, args: readonly unknown[] = []): Promise<WelcomePayload> {
    this.#introduction = { app, args };
    return new Promise<WelcomePayload>((resolve, reject) => {
      this.#hello?.reject(new TransportError("unreachable", "a newer FM-HELLO was sent", "superseded"));
      this.#hello = { resolve, reject, timer: this.#timer(() => this.#settleHello(new TransportError("unreachable", "no answer to FM-HELLO", "timeout"))) };
      this.#socket.send({ type: ClientMessageType.hello, payload: { v: RENDEZVOUS_PROTOCOL_VERSION, app, args } });
    });
  }

  /** Says the last FM-HELLO again, after reconnecting under the same peer ID: the welcome brings a fresh resume token. */
  resume(): Promise<WelcomePayload> {
    return this.hello(this.#introduction.app, this.#introduction.args);
  }

  /**
   * The secret token that reconnects this client under its peer ID (PeerJS's `token`), from the latest welcome; null
   * before the first.
   */
  get resumeToken(): string | null {
    return this.#welcome?.resumeToken ?? null;
  }

  /**
   * Joins a group by its group ID (the server is told only its rendezvous key); resolves with bootstrap members and
   * `group` as given.
   */
  join(group: string, peerToPeer = true): Promise<JoinedPayload> {
    const req = this.#nextReq++;
    return new Promise<JoinedPayload>((resolve, reject) => {
      const answered = (joined: JoinedPayload): void => resolve({ ...joined, group });
      this.#pending.set(req, { resolve: answered, reject, timer: this.#timer(() => this.#settle(req, new TransportError("join-failed", `no answer to FM-JOIN for ${group}`, "timeout"))) });
      this.#keyOf(group).then(
        (key) => {
          if (this.#pending.has(req)) this.#socket.send({ type: ClientMessageType.join, payload: { req, group: key, peerToPeer } });
        },
        (error: Error) => this.#settle(req, error instanceof TransportError ? error : new TransportError("join-failed", error.message, "bad-message")),
      );
    });
  }

  /** Leaves a group. */
  leave(group: string): void {
    this.#keyOf(group).then(
      (key) => this.#socket.send({ type: ClientMessageType.leave, payload: { group: key } }),
      () => undefined, // never joined under a key: nothing to leave
    );
  }

  /** Cirrus' `relay(target, ...args)`; a failure arrives through {@link onError} with the returned request number. */
  relay(target: string, args: readonly unknown[]): number {
    const req = this.#nextReq++;
    this.#socket.send({ type: ClientMessageType.relay, payload: { req, target, args } });
    return req;
  }

  /**
   * `nc.call(name, responder, ...args)` to the server-side application (`FM-CALL`); `done` gets its result or why
   * it failed (the server's refusal, or no answer within the call timeout).
   */
  call(name: string, args: readonly Amf3Value[], done: (outcome: CallOutcome) => void): void {
    const req = this.#nextReq++;
    const timer = setTimeout(() => this.#settleCall(req, { error: `the server did not answer ${name} within ${this.#callTimeoutMs} ms` }), this.#callTimeoutMs);
    this.#calls.set(req, { done, timer });
    this.#socket.send({ type: ClientMessageType.call, payload: { req, name, args } });
  }

  /** Answers an `FM-CLIENTCALL` that had a `req`. */
  clientResult(req: number, outcome: CallOutcome): void {
    this.#socket.send({ type: ClientMessageType.clientResult, payload: { req, ...outcome } });
  }

  /** Stops listening and fails whatever is still pending. */
  close(): void {
    this.#unsubscribe();
    for (const req of [...this.#calls.keys()]) this.#settleCall(req, { error: "the connection to the server closed" });
    this.#settleHello(new TransportError("unreachable", "rendezvous client closed", "closed"));
    for (const req of [...this.#pending.keys()]) this.#settle(req, new TransportError("join-failed", "rendezvous client closed", "closed"));
  }

  #keyOf(group: string): Promise<string> {
    const salt = this.#welcome?.groupSalt;
    if (salt === undefined) return Promise.reject(new TransportError("join-failed", "FM-JOIN before FM-WELCOME", "hello-first"));
    let key = this.#keys.get(group);
    if (key === undefined) {
      key = rendezvousKeyOf(group, salt);
      this.#keys.set(group, key);
    }
    return key;
  }

  #receive(message: RendezvousMessage): void {
    const payload = message.payload as Record<string, unknown> | null | undefined;
    switch (message.type) {
      case ServerMessageType.welcome: {
        const welcome = payload as unknown as WelcomePayload;
        if (welcome.groupSalt !== this.#welcome?.groupSalt) this.#keys.clear();
        this.#welcome = welcome;
        this.#settleHello(null, welcome);
        break;
      }
      case ServerMessageType.rejected: {
        const rejected = parseRejected(payload);
        if (!rejected.ok) this.#settleHello(new TransportError("rejected", "rejected", "rejected"));
        else {
          const { reason, code, application } = rejected.value;
          this.#settleHello(new TransportError(code === "invalid-app" ? "invalid-app" : "rejected", reason, code ?? "rejected", application === undefined ? {} : { application }));
        }
        break;
      }
      case ServerMessageType.result: {
        const result = parseResult(payload);
        if (result.ok) this.#settleCall(result.value.req, result.value.result !== undefined ? { result: result.value.result } : { error: result.value.error ?? "failed" });
        break;
      }
      case ServerMessageType.clientCall: {
        const call = parseClientCall(payload);
        if (call.ok) this.onClientCall?.(call.value);
        else if (typeof payload?.["req"] === "number") this.clientResult(payload["req"], { error: call.error });
        break;
      }
      case ServerMessageType.joined: {
        const joined = payload as unknown as JoinedPayload;
        this.#settle(joined.req, null, joined);
        break;
      }
      case ServerMessageType.onRelay: {
        const relay = payload as unknown as OnRelayPayload;
        this.onRelay?.(relay.from, [...relay.args]);
        break;
      }
      case ServerMessageType.error: {
        const error = payload as unknown as ErrorPayload;
        if (error.req !== undefined && this.#pending.has(error.req)) this.#settle(error.req, new TransportError("join-refused", error.message, error.code));
        else if (error.req !== undefined && this.#calls.has(error.req)) this.#settleCall(error.req, { error: `${error.code}: ${error.message}` });
        else if (error.code === "hello-first" && this.#hello !== null) this.#settleHello(new TransportError("unreachable", error.message, error.code));
        else this.onError?.(error);
        break;
      }
      default:
        break; // PeerJS's own messages
    }
  }

  #timer(onTimeout: () => void): ReturnType<typeof setTimeout> {
    return setTimeout(onTimeout, this.#timeoutMs);
  }

  #settleHello(error: TransportError | null, welcome?: WelcomePayload): void {
    const pending = this.#hello;
    if (pending === null) return;
    this.#hello = null;
    clearTimeout(pending.timer);
    if (error === null) pending.resolve(welcome!);
    else pending.reject(error);
  }

  #settleCall(req: number, outcome: CallOutcome): void {
    const call = this.#calls.get(req);
    if (call === undefined) return;
    this.#calls.delete(req);
    clearTimeout(call.timer);
    call.done(outcome);
  }

  #settle(req: number, error: TransportError | null, joined?: JoinedPayload): void {
    const pending = this.#pending.get(req);
    if (pending === undefined) return;
    this.#pending.delete(req);
    clearTimeout(pending.timer);
    if (error === null) pending.resolve(joined!);
    else pending.reject(error);
  }
}
