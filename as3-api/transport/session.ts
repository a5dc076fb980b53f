/**
 * A connection to a rendezvous: what `NetConnection.connect("rtmfp://…")` opens. It is a {@link Transport} (links
 * to peers, group rendezvous) plus what Flash exposes of the server connection: farID and the nonces, Cirrus'
 * `relay` call, and notice when the server connection is lost. Implemented by the PeerJS transport (a real
 * `flashmesh serve`), the memory network (tests and simulation) and the LAN transport (`connect("rtmfp:")`).
 */
import type { Transport } from "./transport.js";

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
  /** The server connection is gone (`NetConnection.Connect.Closed`). */
  lost(reason: string): void;
}

/** An open connection to a rendezvous. */
export interface ServerSession extends Transport {
  /** `NetConnection.farID`: the server's peer ID ("" without a server). */
  readonly farId: string;
  /** `NetConnection.nearNonce` / `farNonce`: 64 hex digits each. */
  readonly nearNonce: string;
  readonly farNonce: string;
  setSessionHandler(handler: SessionHandler): void;
  /** Cirrus' `relay(target, ...args)`; `failed` is called with the reason if it cannot be delivered. */
  relay(target: string, args: readonly unknown[], failed: (reason: string) => void): void;
}

/**
 * Why a session did not open. `type` "rejected": the server refused this client (`NetConnection.Connect.Rejected`);
 * "failed": the server could not be reached or did not answer (`NetConnection.Connect.Failed`).
 */
export class SessionError extends Error {
  constructor(
    readonly type: "rejected" | "failed",
    message: string,
  ) {
    super(message);
    this.name = "SessionError";
  }
}

/** Opens sessions; rejects with {@link SessionError}. */
export type SessionOpener = (request: SessionRequest) => Promise<ServerSession>;
