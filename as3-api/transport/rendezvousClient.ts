/**
 * Client side of the rendezvous protocol (as3-api/wire/rendezvous.ts): hello, group join/leave, relay. It speaks
 * over any {@link SignallingSocket}; the PeerJS transport hands it the PeerJS server socket, tests a raw WebSocket.
 */
import {
  ClientMessageType,
  RENDEZVOUS_PROTOCOL_VERSION,
  ServerMessageType,
  type ErrorPayload,
  type JoinedPayload,
  type OnRelayPayload,
  type RejectedPayload,
  type RendezvousMessage,
  type WelcomePayload,
} from "../wire/rendezvous.js";
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

/** Rendezvous protocol client for one signalling connection. */
export class RendezvousClient {
  /** Called for every `relay` that reaches this client (`NetConnection.client.onRelay`). */
  onRelay: ((from: string, args: unknown[]) => void) | null = null;
  /** Called for server errors no pending request claims (relay failures, refused messages). */
  onError: ((error: ErrorPayload) => void) | null = null;

  readonly #socket: SignallingSocket;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending<JoinedPayload>>();
  #hello: Pending<WelcomePayload> | null = null;
  #nextReq = 1;
  readonly #unsubscribe: () => void;

  constructor(socket: SignallingSocket, options: { timeoutMs?: number } = {}) {
    this.#socket = socket;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#unsubscribe = socket.onMessage((message) => this.#receive(message));
  }

  /** Introduces this client: the URL path and extra connect arguments (the server may check a developer key in them). */
  hello(app: string, args: readonly unknown[] = []): Promise<WelcomePayload> {
    return new Promise<WelcomePayload>((resolve, reject) => {
      this.#hello?.reject(new TransportError("unreachable", "a newer FM-HELLO was sent", "superseded"));
      this.#hello = { resolve, reject, timer: this.#timer(() => this.#settleHello(new TransportError("unreachable", "no answer to FM-HELLO", "timeout"))) };
      this.#socket.send({ type: ClientMessageType.hello, payload: { v: RENDEZVOUS_PROTOCOL_VERSION, app, args } });
    });
  }

  /** Joins a group by its group ID; resolves with bootstrap members. */
  join(group: string, peerToPeer = true): Promise<JoinedPayload> {
    const req = this.#nextReq++;
    return new Promise<JoinedPayload>((resolve, reject) => {
      this.#pending.set(req, { resolve, reject, timer: this.#timer(() => this.#settle(req, new TransportError("join-failed", `no answer to FM-JOIN for ${group}`, "timeout"))) });
      this.#socket.send({ type: ClientMessageType.join, payload: { req, group, peerToPeer } });
    });
  }

  /** Leaves a group. */
  leave(group: string): void {
    this.#socket.send({ type: ClientMessageType.leave, payload: { group } });
  }

  /** Cirrus' `relay(target, ...args)`; a failure arrives through {@link onError} with the returned request number. */
  relay(target: string, args: readonly unknown[]): number {
    const req = this.#nextReq++;
    this.#socket.send({ type: ClientMessageType.relay, payload: { req, target, args } });
    return req;
  }

  /** Stops listening and fails whatever is still pending. */
  close(): void {
    this.#unsubscribe();
    this.#settleHello(new TransportError("unreachable", "rendezvous client closed", "closed"));
    for (const req of [...this.#pending.keys()]) this.#settle(req, new TransportError("join-failed", "rendezvous client closed", "closed"));
  }

  #receive(message: RendezvousMessage): void {
    const payload = message.payload as Record<string, unknown> | null | undefined;
    switch (message.type) {
      case ServerMessageType.welcome:
        this.#settleHello(null, payload as unknown as WelcomePayload);
        break;
      case ServerMessageType.rejected:
        this.#settleHello(new TransportError("rejected", (payload as unknown as RejectedPayload | undefined)?.reason ?? "rejected", "rejected"));
        break;
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

  #settle(req: number, error: TransportError | null, joined?: JoinedPayload): void {
    const pending = this.#pending.get(req);
    if (pending === undefined) return;
    this.#pending.delete(req);
    clearTimeout(pending.timer);
    if (error === null) pending.resolve(joined!);
    else pending.reject(error);
  }
}
