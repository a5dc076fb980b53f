/**
 * What Flash exposes of a connection to a server, beside links and rendezvous: farID and the nonces, and Cirrus'
 * `relay` call. Optional part of a {@link Session} (transport/session.ts): a serverless session has none.
 */
import type { TransportError } from "./errors.js";

/** The server connection of a session. */
export interface ServerChannel {
  /** `NetConnection.farID`: the server's peer ID. */
  readonly farId: string;
  /** `NetConnection.nearNonce` / `farNonce`: 64 hex digits each. */
  readonly nearNonce: string;
  readonly farNonce: string;
  /** Cirrus' `relay(target, ...args)`; `failed` is called (kind `relay-failed`) if it cannot be delivered. */
  relay(target: string, args: readonly unknown[], failed: (error: TransportError) => void): void;
}
