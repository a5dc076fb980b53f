/**
 * The server's WebSocket class (ws's `WebSocket` option): every incoming message passes the connection's gate before
 * PeerJS or the rendezvous sees it. The socket itself carries the gate state and the rendezvous state, so a
 * connection costs a few fields and no extra objects or closures: memory per client is a goal of this server
 * (docs/benchmarks.md).
 */
import { WebSocket, type RawData } from "ws";
import { admit, gateClock, strike, type AdmittedMessage, type GateState, type Refusal } from "./gate.js";
import type { ServerLimits } from "./options.js";
import type { ClientLink } from "./rendezvous.js";

/** What the guarded sockets of one server share. */
export interface GuardContext {
  readonly limits: ServerLimits;
  /** Handles an admitted `FM-*` message from `socket`; a refusal is reported back and counted. */
  handle(socket: GuardedSocket, message: AdmittedMessage): Refusal | null;
  /** Reports a refusal to the client. */
  refused(socket: GuardedSocket, refusal: Refusal): void;
  /** The client misbehaved too often: count it; the socket closes itself. */
  abusive(socket: GuardedSocket, refusal: Refusal): void;
}

/** A server-side socket with its admission and rendezvous state. */
export interface GuardedSocket extends WebSocket, GateState, Omit<ClientLink, "close" | "send"> {
  /** The peer ID of the connection (PeerJS's client ID). */
  peerId: string;
}

/** WebSocket close code for a client closed for misbehaving (RFC 6455 policy violation). */
export const POLICY_VIOLATION = 1008;

/** A WebSocket class for one server, bound to `context`. */
export function guardedSocketClass(context: GuardContext): typeof WebSocket {
  const { limits } = context;
  class Guarded extends WebSocket implements GuardedSocket {
    peerId = "";
    milliTokens = limits.messageBurst * 1000;
    refilledAt = gateClock();
    strikes = 0;
    strikeWindowStart = this.refilledAt;
    welcomed = false;
    groups: string[] = [];

    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (event !== "message") return super.emit(event, ...args);
      if (this.readyState !== WebSocket.OPEN) return true; // closing: whatever was still in flight is dropped
      const admission = admit(this, limits, args[0] as RawData, args[1] as boolean);
      const refusal = !admission.ok ? admission.refusal : admission.message.type.startsWith("FM-") ? context.handle(this, admission.message) : undefined;
      if (refusal === undefined) return super.emit(event, ...args); // PeerJS signalling goes on to PeerJS
      if (refusal !== null) this.#refuse(refusal);
      return true;
    }

    #refuse(refusal: Refusal): void {
      context.refused(this, refusal);
      if (!strike(this, limits)) return;
      context.abusive(this, refusal);
      this.close(POLICY_VIOLATION, "too many refused messages");
    }
  }
  return Guarded;
}
