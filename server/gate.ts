/**
 * Admission of every message a client sends, before PeerJS or the rendezvous sees it: size, rate (token bucket),
 * nesting depth (measured before parsing, server/jsonDepth.ts), JSON shape and known type. Refusals count as strikes; too many strikes in a window and the connection goes.
 * Plain functions over a {@link GateState}, so a connection's state can live on its socket.
 */
import { ClientMessageType, PEERJS_CLIENT_MESSAGE_TYPES, RendezvousErrorCode } from "../as3-api/wire/rendezvous.js";
import { jsonDepthWithin } from "./jsonDepth.js";
import type { ServerLimits } from "./options.js";

const KNOWN_TYPES = new Set<string>([...PEERJS_CLIENT_MESSAGE_TYPES, ...Object.values(ClientMessageType)]);

/** Why a message was refused, as sent back in `FM-ERROR`. */
export interface Refusal {
  readonly code: RendezvousErrorCode;
  readonly message: string;
  readonly req?: number;
  /**
   * False for answers that are no one's fault (a relay to a peer that just left, or whose buffer is full): they are
   * reported but do not count towards closing the connection. Default true.
   */
  readonly strike?: boolean;
}

/** A message that passed the gate. */
export interface AdmittedMessage {
  readonly type: string;
  readonly payload?: unknown;
}

export type Admission = { readonly ok: true; readonly message: AdmittedMessage } | { readonly ok: false; readonly refusal: Refusal };

/**
 * Per-connection admission state. The server's socket class carries these fields itself (no object per
 * connection).
 */
export interface GateState {
  /** Bucket content in thousandths of a message, so every field stays a small integer (cheap to store in V8). */
  milliTokens: number;
  /** {@link gateClock} time of the last refill. */
  refilledAt: number;
  strikes: number;
  strikeWindowStart: number;
}

const EPOCH = Date.now();

/** Milliseconds since this module loaded: small integers for connection timestamps. */
export function gateClock(): number {
  return Date.now() - EPOCH;
}

/** Checks one raw WebSocket message against the limits, spending one message from `state`'s bucket. */
export function admit(state: GateState, limits: ServerLimits, data: Buffer | ArrayBuffer | Buffer[] | string, isBinary: boolean, now: number = gateClock()): Admission {
  // elapsed ms × messages per second = thousandths of a message earned
  state.milliTokens = Math.min(limits.messageBurst * 1000, state.milliTokens + (now - state.refilledAt) * limits.messagesPerSecond);
  state.refilledAt = now;
  if (state.milliTokens < 1000) return refuse(RendezvousErrorCode.rateLimited, `more than ${limits.messagesPerSecond} messages per second`);
  state.milliTokens -= 1000;

  const size = typeof data === "string" ? Buffer.byteLength(data) : Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : data.byteLength;
  if (size > limits.maxMessageBytes) return refuse(RendezvousErrorCode.tooLarge, `message of ${size} bytes exceeds ${limits.maxMessageBytes}`);
  if (isBinary) return refuse(RendezvousErrorCode.badMessage, "binary messages are not part of the protocol");
  const text = typeof data === "string" ? data : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data as ArrayBuffer)]).toString("utf8");
  if (!jsonDepthWithin(text, limits.maxJsonDepth)) return refuse(RendezvousErrorCode.tooDeep, `JSON nested deeper than ${limits.maxJsonDepth} levels`);
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
export function strike(state: GateState, limits: ServerLimits, now: number = gateClock()): boolean {
  if (now - state.strikeWindowStart > limits.strikeWindowMs) {
    state.strikeWindowStart = now;
    state.strikes = 0;
  }
  state.strikes++;
  return state.strikes > limits.maxStrikes;
}

function refuse(code: RendezvousErrorCode, message: string): Admission {
  return { ok: false, refusal: { code, message } };
}
