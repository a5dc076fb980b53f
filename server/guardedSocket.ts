/**
 * The server's WebSocket class (ws's `WebSocket` option): every incoming message passes the connection's gate before
 * anything else sees it, and is handled inside one try/catch, so a message that makes any handler throw costs only
 * its sender's connection. `FM-*` messages go to the rendezvous, PeerJS signalling between clients to the
 * signalling exchange (server/signalling.ts), and only heartbeats on to the `peer` package. The socket itself carries
 * the gate state and the rendezvous state, so a connection costs a few fields and no extra objects or closures:
 * memory per client is a goal of this server (docs/benchmarks.md).
 */
import { WebSocket, type RawData } from "ws";
import { admit, gateClock, strike, type AdmittedMessage, type GateState, type Refusal } from "./gate.js";
import type { ServerLimits } from "./options.js";
import type { ClientLink } from "./clientLink.js";

/** What the guarded sockets of one server share. */
export interface GuardContext {
  readonly limits: ServerLimits;
  /** Handles an admitted `FM-*` message from `socket`; a refusal is reported back and counted. */
  handle(socket: GuardedSocket, message: AdmittedMessage): Refusal | null;
  /** Forwards an admitted PeerJS signalling message (OFFER, ANSWER, CANDIDATE, LEAVE, EXPIRE). */
  signal(socket: GuardedSocket, message: AdmittedMessage): Refusal | null;
  /** Reports a refusal to the client. */
  refused(socket: GuardedSocket, refusal: Refusal): void;
  /** The client misbehaved too often: count it; the socket closes itself. */
  abusive(socket: GuardedSocket, refusal: Refusal): void;
  /** Handling a message from `socket` threw: log it; the socket closes itself. */
  failed(socket: GuardedSocket, error: unknown): void;
  /** `socket` closed (for the per-address count; no listener closure per socket). */
  closed(socket: GuardedSocket): void;
}

/** A server-side socket with its admission and rendezvous state. */
export interface GuardedSocket extends WebSocket, GateState, Omit<ClientLink, "send" | "terminate" | "readyState" | "bufferedAmount" | "close"> {
  /** The peer ID of the connection (PeerJS's client ID). */
  peerId: string;
  /** The client's IP address, for the per-address limits. */
  remoteAddress: string;
}

/** WebSocket close code for a client closed for misbehaving (RFC 6455 policy violation). */
export const POLICY_VIOLATION = 1008;
/** WebSocket close code for a message the server could not handle (RFC 6455 internal error). */
export const INTERNAL_ERROR = 1011;

/** The PeerJS message types the `peer` package still handles itself. */
const PEERJS_OWN = new Set(["HEARTBEAT"]);

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
    tokenDigest = "";
    remoteAddress = "";

    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (event === "close") context.closed(this);
      if (event !== "message") return super.emit(event, ...args);
      if (this.readyState !== WebSocket.OPEN) return true; // closing: whatever was still in flight is dropped
      try {
        const admission = admit(this, limits, args[0] as RawData, args[1] as boolean);
        if (!admission.ok) return this.#refuse(admission.refusal);
        const { type } = admission.message;
        if (PEERJS_OWN.has(type)) return super.emit(event, ...args);
        const refusal = type.startsWith("FM-") ? context.handle(this, admission.message) : context.signal(this, admission.message);
        if (refusal !== null) this.#refuse(refusal);
      } catch (error) {
        context.failed(this, error);
        this.close(INTERNAL_ERROR, "message could not be handled");
      }
      return true;
    }

    #refuse(refusal: Refusal): true {
      context.refused(this, refusal);
      if (refusal.strike === false || !strike(this, limits)) return true;
      context.abusive(this, refusal);
      this.close(POLICY_VIOLATION, "too many refused messages");
      return true;
    }
  }
  return Guarded;
}
