/**
 * The one place that turns application values into AMF3 bytes and back, for the engine and the flash classes above
 * it. Messages travel through the engine as {@link Amf3Payload}: the AMF3 bytes (what goes on the wire and what a
 * post's messageID hashes) plus, when someone already has it, the decoded value, so nothing is encoded or decoded
 * twice. A SWF's values can arrive as AMF3 bytes (no value yet); a TypeScript caller's as a value (encoded here once).
 */
import { AmfError, decodeAmf3, encodeAmf3, type AmfLimits } from "../wire/amf3.js";

export { AmfError, DEFAULT_AMF_LIMITS, type AmfLimits } from "../wire/amf3.js";

/** An AMF3-serialized message, with its decoded value when that is known (`value` absent: not decoded yet). */
export interface Amf3Payload {
  readonly bytes: Uint8Array;
  readonly value?: unknown;
}

/** A payload of `value`. Throws {@link AmfError} for what AMF3 cannot hold (functions, symbols, bigints). */
export function amf3PayloadOf(value: unknown): Amf3Payload {
  return { bytes: encodeAmf3(value) };
}

/** What {@link amf3Value} gives for bytes that are not one valid AMF3 value within the limits. */
export const UNDECODABLE: unique symbol = Symbol("undecodable AMF3");

/**
 * The payload's value: the one it carries, else its bytes decoded within `limits` (a fresh copy each call, as a
 * receiver gets in Flash), or {@link UNDECODABLE}.
 */
export function amf3Value(payload: Amf3Payload, limits?: AmfLimits): unknown {
  if ("value" in payload) return payload.value;
  try {
    return decodeAmf3(payload.bytes, limits);
  } catch (error) {
    if (!(error instanceof AmfError)) throw error;
    return UNDECODABLE;
  }
}
