/**
 * What Flash exposes of a connection to a server, beside links and rendezvous: farID and the nonces, and Cirrus'
 * `relay` call. Optional part of a {@link Session} (transport/session.ts): a serverless session has none.
 */
import type { Amf3Value } from "../wire/rendezvous.js";
import type { TransportError } from "./errors.js";
import type { CallOutcome } from "./rendezvousClient.js";

/** The server connection of a session. */
export interface ServerChannel {
  /** `NetConnection.farID`: the server's peer ID. */
  readonly farId: string;
  /** `NetConnection.nearNonce` / `farNonce`: 64 hex digits each. */
  readonly nearNonce: string;
  readonly farNonce: string;
  /** Cirrus' `relay(target, ...args)`; `failed` is called (kind `relay-failed`) if it cannot be delivered. */
  relay(target: string, args: readonly unknown[], failed: (error: TransportError) => void): void;
  /**
   * `nc.call(name, …)` to the server-side application; `done` gets the result or why it failed. Absent: this server
   * takes no calls (the memory network), and every call but relay fails with Method not found.
   */
  call?(name: string, args: readonly Amf3Value[], done: (outcome: CallOutcome) => void): void;
}
