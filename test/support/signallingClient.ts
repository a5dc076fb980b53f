/**
 * A raw WebSocket client of `flashmesh serve` for Node specs and benchmarks: it speaks the PeerJS socket protocol
 * itself (id from `/peerjs/<key>/id`, OPEN, HEARTBEAT), so specs can send anything, well-formed or not.
 */
import { randomBytes } from "node:crypto";
import WebSocket from "ws";
import type { RendezvousMessage } from "../../as3-api/wire/rendezvous.js";
import type { SignallingSocket } from "../../as3-api/transport/rendezvousClient.js";

/** Options of {@link SignallingTestClient.open}. */
export interface OpenOptions {
  /** Use this peer ID instead of asking the server for one. */
  readonly id?: string;
  /** Send PeerJS heartbeats at this interval (ms); 0 sends none. Default 1000. */
  readonly heartbeatMs?: number;
  /** PeerJS's `token` (the secret that binds the ID); random by default. */
  readonly token?: string;
}

/** One client connection; buffers every server message until a spec asks for it. */
export class SignallingTestClient implements SignallingSocket {
  readonly #inbox: RendezvousMessage[] = [];
  readonly #waiters: { type: string; resolve: (message: RendezvousMessage) => void }[] = [];
  readonly #listeners = new Set<(message: RendezvousMessage) => void>();
  readonly closed: Promise<{ code: number; reason: string }>;
  #heartbeat: ReturnType<typeof setInterval> | null = null;

  private constructor(
    readonly id: string,
    readonly socket: WebSocket,
    /** The PeerJS token this connection was opened with. */
    readonly token: string,
  ) {
    this.closed = new Promise((resolve) => socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    socket.on("message", (data) => {
      let message: RendezvousMessage;
      try {
        message = JSON.parse(data.toString()) as RendezvousMessage;
      } catch {
        return;
      }
      for (const listener of this.#listeners) listener(message);
      const waiter = this.#waiters.findIndex((entry) => entry.type === message.type);
      if (waiter >= 0) this.#waiters.splice(waiter, 1)[0]!.resolve(message);
      else this.#inbox.push(message);
    });
    this.closed.then(() => this.#stopHeartbeat());
  }

  /** Connects to the server at `baseUrl` (http://host:port) and waits for PeerJS's OPEN. */
  static async open(baseUrl: string, options: OpenOptions = {}): Promise<SignallingTestClient> {
    const id = options.id ?? (await (await fetch(`${baseUrl}/peerjs/flashmesh/id`)).text());
    const token = options.token ?? randomBytes(8).toString("hex");
    const socket = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/peerjs/peerjs?key=flashmesh&id=${id}&token=${token}`);
    const client = new SignallingTestClient(id, socket, token);
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.once("unexpected-response", (_request, response) => reject(new Error(`upgrade refused: HTTP ${response.statusCode}`)));
      socket.once("open", () => resolve());
    });
    const refused = client.next("ERROR").then((message) => {
      throw new Error(`refused: ${(message.payload as { msg?: string } | undefined)?.msg ?? "ERROR"}`);
    });
    refused.catch(() => undefined); // only observed through the race below
    await Promise.race([client.next("OPEN"), refused]);
    const every = options.heartbeatMs ?? 1000;
    if (every > 0) client.#heartbeat = setInterval(() => client.send({ type: "HEARTBEAT", payload: undefined }), every);
    return client;
  }

  send(message: RendezvousMessage): void {
    this.sendRaw(JSON.stringify(message));
  }

  /** Sends text or bytes exactly as given. */
  sendRaw(data: string | Buffer): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(data);
  }

  onMessage(listener: (message: RendezvousMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The next (buffered or future) message of `type`. */
  next(type: string, timeoutMs = 5000): Promise<RendezvousMessage> {
    const buffered = this.#inbox.findIndex((message) => message.type === type);
    if (buffered >= 0) return Promise.resolve(this.#inbox.splice(buffered, 1)[0]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms (inbox: ${this.#inbox.map((m) => m.type).join(", ")})`)), timeoutMs);
      this.#waiters.push({ type, resolve: (message) => (clearTimeout(timer), resolve(message)) });
    });
  }

  /** Messages received and not yet taken. */
  get inbox(): readonly RendezvousMessage[] {
    return this.#inbox;
  }

  /** Stops reading from the socket (the server's data for it piles up), or reads again. */
  setReading(reading: boolean): void {
    if (reading) this.socket.resume();
    else this.socket.pause();
  }

  /** Stops heartbeats only: the server should then consider this client dead. */
  goSilent(): void {
    this.#stopHeartbeat();
  }

  close(): void {
    this.#stopHeartbeat();
    this.socket.close();
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat !== null) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
  }
}
