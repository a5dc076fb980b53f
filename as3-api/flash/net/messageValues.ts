/**
 * Application values on their way into and out of flashmesh: the one place that decides between a JavaScript value
 * and AMF3 bytes. Flash serializes whatever a SWF hands to `NetGroup.post`, `sendToNearest`, `sendToNeighbor` or
 * `NetConnection.call("relay", …)` as AMF3; flashmesh does the same with `as3-api/wire/amf3` for TypeScript callers,
 * and takes a SWF's own AMF3 (an {@link Amf3Bytes}, from the Ruffle shim) as it is. Receivers registered with
 * {@link receiveMessagesAsBytes} (the shim's objects) get the bytes as they arrived; everyone else gets the decoded
 * value. So a SWF and a TypeScript peer in one group exchange the same bytes both ways.
 */
import { amf3PayloadOf, type Amf3Payload } from "../../engine/index.js";
import { AmfError, Amf3Bytes, decodeAmf3, encodeAmf3 } from "../../wire/amf3.js";

/** Objects (NetGroup, NetConnection) whose messages are delivered as {@link Amf3Bytes}. */
const rawReceivers = new WeakSet<object>();

/** What was dropped because it did not decode (a relay whose arguments are not AMF3); group messages count in the engine. */
export const undecodableRelays = { count: 0 };

/** Delivers `target`'s incoming messages as the bytes they arrived as (the Ruffle shim: the SWF decodes them itself). */
export function receiveMessagesAsBytes(target: object): void {
  rawReceivers.add(target);
}

/**
 * A message as the engine carries it: a SWF's bytes as they are (with their value, decoded once here: a payload that
 * does not decode throws AmfError, since every receiver would drop it and the sender learns now instead), else the
 * value serialized (AmfError when AMF3 cannot hold it).
 */
export function messagePayload(message: unknown): Amf3Payload {
  if (!(message instanceof Amf3Bytes)) return amf3PayloadOf(message);
  return { bytes: message.bytes, value: decodeAmf3(message.bytes) };
}

/** The AMF3 bytes of a message (see {@link messagePayload}). */
export function messageBytes(message: unknown): Uint8Array {
  return message instanceof Amf3Bytes ? messagePayload(message).bytes : encodeAmf3(message);
}

/** The message `target` gets for `payload` (already decoded as `decoded` by whoever checked it). */
export function deliveredMessage(target: object, payload: Uint8Array, decoded: unknown): unknown {
  return rawReceivers.has(target) ? new Amf3Bytes(payload) : decoded;
}

/** The JavaScript value of an argument (a payload is decoded; a payload that does not decode throws AmfError). */
export function plainValue(value: unknown): unknown {
  return value instanceof Amf3Bytes ? decodeAmf3(value.bytes) : value;
}

/**
 * Relay arguments for the rendezvous server, which carries JSON: each one as `{ amf3: "<base64 of its AMF3>" }`, so
 * a relayed Date, NaN or typed object arrives as Flash's relay delivered it.
 */
export function relayArgumentsOut(args: readonly unknown[]): unknown[] {
  return args.map((arg) => ({ amf3: toBase64(messageBytes(arg)) }));
}

/**
 * What a `NetConnection.client` method returns to say it does not exist after all (the Ruffle shim's client, which
 * stands for the SWF's and learns only by asking it): the NetConnection answers the server's call Method not found.
 */
export const CLIENT_METHOD_MISSING: unique symbol = Symbol("flashmesh: no such client method");

/** A value for the server (a client method's return value) in the `{ amf3 }` form. Throws AmfError as messageBytes. */
export function callResultOut(value: unknown): { amf3: string } {
  return { amf3: toBase64(messageBytes(value)) };
}

/**
 * Relay arguments as `target`'s client gets them. Arguments in the AMF3 form are decoded (or kept as bytes for a
 * raw receiver); other JSON values pass as they are. Null when one does not decode: the relay is dropped (and
 * counted), never delivered with an argument missing.
 */
export function relayArgumentsIn(target: object, args: readonly unknown[]): unknown[] | null {
  const out: unknown[] = [];
  for (const arg of args) {
    const text = typeof arg === "object" && arg !== null && Object.keys(arg).length === 1 ? (arg as { amf3?: unknown }).amf3 : undefined;
    if (typeof text !== "string") {
      out.push(arg);
      continue;
    }
    try {
      const bytes = fromBase64(text);
      out.push(deliveredMessage(target, bytes, decodeAmf3(bytes)));
    } catch (error) {
      if (!(error instanceof AmfError) && !(error instanceof DOMException) && !(error instanceof globalThis.TypeError)) throw error;
      undecodableRelays.count++;
      return null;
    }
  }
  return out;
}

const CHUNK = 8192;

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let start = 0; start < bytes.length; start += CHUNK) binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK));
  return btoa(binary);
}

/** Throws (DOMException) for text that is not base64. */
function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
