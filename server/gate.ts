/**
 * Admission of every message a client sends, before PeerJS or the rendezvous sees it: size, rate (token bucket),
 * JSON shape and known type. Refusals count as strikes; too many strikes in a window and the connection goes.
 */
import { ClientMessageType, PEERJS_CLIENT_MESSAGE_TYPES, RendezvousErrorCode } from "../as3-api/wire/rendezvous.js";
import type { ServerLimits } from "./options.js";

const KNOWN_TYPES = new Set<string>([...PEERJS_CLIENT_MESSAGE_TYPES, ...Object.values(ClientMessageType)]);

/** Why a message was refused, as sent back in `FM-ERROR`. */
export interface Refusal {
  readonly code: RendezvousErrorCode;
  readonly message: string;
  readonly req?: number;
}

/** A message that passed the gate. */
export interface AdmittedMessage {
  readonly type: string;
  readonly payload?: unknown;
}

export type Admission = { readonly ok: true; readonly message: AdmittedMessage } | { readonly ok: false; readonly refusal: Refusal };

/** Per-connection admission state. */
export class ConnectionGate {
  readonly #limits: ServerLimits;
  readonly #now: () => number;
  #tokens: number;
  #refilledAt: number;
  #strikes = 0;
  #strikeWindowStart: number;

  constructor(limits: ServerLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
    this.#tokens = limits.messageBurst;
    this.#refilledAt = now();
    this.#strikeWindowStart = this.#refilledAt;
  }

  /** Checks one raw WebSocket message. */
  admit(data: Buffer | ArrayBuffer | Buffer[] | string, isBinary: boolean): Admission {
    const now = this.#now();
    this.#tokens = Math.min(this.#limits.messageBurst, this.#tokens + ((now - this.#refilledAt) * this.#limits.messagesPerSecond) / 1000);
    this.#refilledAt = now;
    if (this.#tokens < 1) return refuse(RendezvousErrorCode.rateLimited, `more than ${this.#limits.messagesPerSecond} messages per second`);
    this.#tokens -= 1;

    const size = typeof data === "string" ? Buffer.byteLength(data) : Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : data.byteLength;
    if (size > this.#limits.maxMessageBytes) return refuse(RendezvousErrorCode.tooLarge, `message of ${size} bytes exceeds ${this.#limits.maxMessageBytes}`);
    if (isBinary) return refuse(RendezvousErrorCode.badMessage, "binary messages are not part of the protocol");
    const text = typeof data === "string" ? data : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data as ArrayBuffer)]).toString("utf8");
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return refuse(RendezvousErrorCode.badJson, "message is not JSON");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || typeof (parsed as { type?: unknown }).type !== "string") {
      return refuse(RendezvousErrorCode.badMessage, "message must be an object with a string type");
    }
    const message = parsed as AdmittedMessage;
    if (!KNOWN_TYPES.has(message.type)) return refuse(RendezvousErrorCode.unknownType, `unknown message type ${JSON.stringify(message.type.slice(0, 40))}`);
    return { ok: true, message };
  }

  /** Records a refusal; true when the connection has now misbehaved too often and must be closed. */
  strike(): boolean {
    const now = this.#now();
    if (now - this.#strikeWindowStart > this.#limits.strikeWindowMs) {
      this.#strikeWindowStart = now;
      this.#strikes = 0;
    }
    this.#strikes++;
    return this.#strikes > this.#limits.maxStrikes;
  }
}

function refuse(code: RendezvousErrorCode, message: string): Admission {
  return { ok: false, refusal: { code, message } };
}
