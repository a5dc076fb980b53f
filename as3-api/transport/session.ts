/**
 * A session: what `NetConnection.connect("rtmfp…")` opens. Made of three separate parts: {@link Links} to peers,
 * the group {@link Rendezvous}, and, when there is a server, its {@link ServerChannel} (farID, nonces, relay).
 * Opened by the PeerJS transport (a real `flashmesh serve`), the memory network (tests and simulation) and the LAN
 * transport (`connect("rtmfp:")`, no server channel). Failures are {@link TransportError}s.
 */
import type { Amf3Value } from "../wire/rendezvous.js";
import type { TransportError } from "./errors.js";
import type { CallOutcome } from "./rendezvousClient.js";
import type { Rendezvous } from "./groupRendezvous.js";
import type { Links } from "./links.js";
import type { ServerChannel } from "./serverChannel.js";

/** What a NetConnection asks for. */
export interface SessionRequest {
  /** The `flashmesh serve` to use (http, https, ws or wss URL), after URL rewriting. */
  readonly server: string;
  /** The path of the SWF's `rtmfp://host/app…` URL, without the leading slash (Cirrus put developer keys there). */
  readonly app: string;
  /** Extra `connect()` arguments, JSON values only. */
  readonly args: readonly unknown[];
  /** STUN/TURN servers for WebRTC. */
  readonly iceServers: readonly RTCIceServer[];
}

/** Callbacks from a session to its NetConnection. */
export interface SessionHandler {
  /** Another peer relayed to this one (`client.onRelay(from, ...args)`). */
  relayed(from: string, args: unknown[]): void;
  /**
   * The server-side application calls `NetConnection.client[name](...args)` (each argument `{ amf3 }`); `answer`,
   * present when the application wants the outcome, takes the method's return value or why it failed.
   */
  clientCalled?(name: string, args: readonly Amf3Value[], answer: ((outcome: CallOutcome) => void) | null): void;
  /** The server connection is gone (kind `lost`: `NetConnection.Connect.Closed`). */
  lost(error: TransportError): void;
}

/** An open session. */
export interface Session {
  readonly links: Links;
  readonly rendezvous: Rendezvous;
  /** The server channel; null without a server (serverless). */
  readonly server: ServerChannel | null;
  setHandler(handler: SessionHandler): void;
  /** Closes every link and the server connection. */
  close(): void;
}

/** Opens sessions; rejects with a {@link TransportError} (`unreachable`, `bad-server-url`, `unsupported`, `rejected`). */
export type SessionOpener = (request: SessionRequest) => Promise<Session>;
