/**
 * The messages nodes of one cluster send each other on Redis (each node listens on its own channel,
 * `flashmesh:to:<node>`): a relay for one of its clients, the failure of a relay its client sent, and PeerJS
 * signalling for one of its clients. Encoded as JSON; {@link parseBusMessage} checks everything that arrives (size
 * and nesting before parsing, then every field), because whatever can publish on Redis can send anything: a bad
 * message is refused with a reason, never acted upon.
 */
import { PEERJS_CLIENT_MESSAGE_TYPES, RendezvousErrorCode } from "../as3-api/wire/rendezvous.js";
import { jsonDepthWithin } from "./jsonDepth.js";

/** A relay for a client of the receiving node (`FM-RELAY` sent on another node). */
export interface BusRelay {
  readonly k: "relay";
  /** The sending node, for a failure's answer. */
  readonly node: string;
  readonly from: string;
  readonly req: number;
  readonly to: string;
  readonly args: readonly unknown[];
}

/** A relay sent by a client of the receiving node could not be delivered on the target's node. */
export interface BusRelayError {
  readonly k: "relay-error";
  readonly to: string;
  readonly req: number;
  readonly code: RendezvousErrorCode;
  readonly message: string;
}

/** PeerJS signalling (`{ type, src, dst, payload }` as text) for a client of the receiving node. */
export interface BusSignal {
  readonly k: "signal";
  readonly to: string;
  /** The message as the recipient's socket gets it. */
  readonly text: string;
  /** Its PeerJS type and sender, read from `text` by the parser. */
  readonly type: string;
  readonly src: string;
}

export type BusMessage = BusRelay | BusRelayError | BusSignal;

/** What the parser needs to know of the server's limits. */
export interface BusLimits {
  /** A client message's limit: a bus message carries at most one, with a little envelope. */
  readonly maxMessageBytes: number;
  readonly maxJsonDepth: number;
}

/** Room for the envelope around a client's message (node ID, keys, escaping of a text inside a text). */
const ENVELOPE_BYTES = 4096;
/** Escaping can double a text's length; a client message travels at most once per bus message. */
export const busMessageLimit = (limits: BusLimits): number => 2 * limits.maxMessageBytes + ENVELOPE_BYTES;

const PEER_ID = /^[0-9a-f]{64}$/;
/** Node IDs: 16 hex digits (server/cluster.ts). */
export const NODE_ID = /^[0-9a-f]{16}$/;
const CODES = new Set<string>(Object.values(RendezvousErrorCode));
const SIGNAL_TYPES = new Set(PEERJS_CLIENT_MESSAGE_TYPES.filter((type) => type !== "HEARTBEAT"));

/** The text of a bus message. */
export function encodeBusMessage(message: BusRelay | BusRelayError | Omit<BusSignal, "type" | "src">): string {
  return JSON.stringify(message);
}

/** A parsed message, or why it was refused. */
export type BusParse = { readonly ok: true; readonly message: BusMessage } | { readonly ok: false; readonly reason: string };

/** Parses and checks one message from the bus. Never throws. */
export function parseBusMessage(text: string, limits: BusLimits): BusParse {
  const fail = (reason: string): BusParse => ({ ok: false, reason });
  if (typeof text !== "string") return fail("not text");
  if (text.length > busMessageLimit(limits)) return fail(`${text.length} characters, over the limit of ${busMessageLimit(limits)}`);
  // A relay's arguments are a client's message one level down.
  if (!jsonDepthWithin(text, limits.maxJsonDepth + 1)) return fail(`nested deeper than ${limits.maxJsonDepth + 1} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail("not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("not an object");
  const m = value as Record<string, unknown>;
  const peer = (key: string): boolean => typeof m[key] === "string" && PEER_ID.test(m[key] as string);
  const req = Number.isSafeInteger(m["req"]);
  switch (m["k"]) {
    case "relay":
      if (typeof m["node"] !== "string" || !NODE_ID.test(m["node"])) return fail("relay without a node ID");
      if (!peer("from") || !peer("to") || !req || !Array.isArray(m["args"])) return fail("relay needs from, to (peer IDs), req (integer) and args (array)");
      return { ok: true, message: { k: "relay", node: m["node"], from: m["from"] as string, to: m["to"] as string, req: m["req"] as number, args: m["args"] } };
    case "relay-error":
      if (!peer("to") || !req || typeof m["code"] !== "string" || !CODES.has(m["code"]) || typeof m["message"] !== "string" || m["message"].length > 500) {
        return fail("relay-error needs to (peer ID), req (integer), code (a rendezvous error code) and message (short text)");
      }
      return { ok: true, message: { k: "relay-error", to: m["to"] as string, req: m["req"] as number, code: m["code"] as RendezvousErrorCode, message: m["message"] } };
    case "signal": {
      if (!peer("to") || typeof m["text"] !== "string") return fail("signal needs to (peer ID) and text");
      let inner: unknown;
      try {
        inner = JSON.parse(m["text"]);
      } catch {
        return fail("signal text is not JSON");
      }
      const s = inner as Record<string, unknown> | null;
      if (typeof s !== "object" || s === null || Array.isArray(s)) return fail("signal text is not an object");
      if (typeof s["type"] !== "string" || !SIGNAL_TYPES.has(s["type"])) return fail("signal text has no PeerJS signalling type");
      if (typeof s["src"] !== "string" || !PEER_ID.test(s["src"]) || s["dst"] !== m["to"]) return fail("signal text needs src (peer ID) and dst (the recipient)");
      return { ok: true, message: { k: "signal", to: m["to"] as string, text: m["text"], type: s["type"], src: s["src"] } };
    }
    default:
      return fail(`unknown kind ${JSON.stringify(String(m["k"]).slice(0, 20))}`);
  }
}
