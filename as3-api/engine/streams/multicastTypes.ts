/**
 * The vocabulary the multicast service (MulticastGroup.ts) and its local ends (tracks.ts) share: a stream's tuning
 * and its defaults, what a local player hears, the meters of NetStreamMulticastInfo and the sizes they count, the
 * counters of dropped input, and what a stream message is.
 */
import type { MulticastFrame } from "../../wire/frames.js";
import { decodeMediaMessage, isMediaMessage } from "../../wire/mediaMessages.js";
import { amf3Value, UNDECODABLE } from "../amf3Payload.js";
import { RateMeter } from "./rate.js";

/** Tuning of one multicast stream, ms (NetStream's multicast* properties are seconds). */
export interface MulticastTuning {
  windowMs: number;
  relayMarginMs: number;
  fetchPeriodMs: number;
  availabilityPeriodMs: number;
  availabilitySendToAll: boolean;
  pushNeighborLimit: number;
}

/** librtmfp's defaults (docs/netstream.md), for a stream whose tuning nobody set. */
export const DEFAULT_TUNING: MulticastTuning = { windowMs: 8000, relayMarginMs: 2000, fetchPeriodMs: 2500, availabilityPeriodMs: 100, availabilitySendToAll: false, pushNeighborLimit: 4 };

/**
 * Whether `payload` is what NetStream.send() makes (AMF3 of `[handler name, ...args]`) or a well-formed media message
 * (an encoded audio or video chunk, wire/mediaMessages.ts). A fragment that is neither is dropped before it takes its
 * number's place, so a forged one cannot block the real one.
 */
export function isStreamMessage(payload: Uint8Array): boolean {
  if (isMediaMessage(payload)) {
    try {
      decodeMediaMessage(payload);
      return true;
    } catch {
      return false;
    }
  }
  const message = amf3Value({ bytes: payload });
  return message !== UNDECODABLE && Array.isArray(message) && typeof message[0] === "string";
}

/** Counters of dropped input. */
export interface MulticastStats {
  /** Announcements or fragments without a valid publish-password tag. */
  unauthorized: number;
  /** Fragments of streams nobody announced, or numbered far outside the window. */
  strayFragments: number;
  duplicateFragments: number;
  /** Fragments whose payload is neither a message nor a well-formed media message. */
  malformedFragments: number;
}

/** Measured figures of one stream (NetStreamMulticastInfo). */
export interface StreamMeters {
  readonly sendData: RateMeter;
  readonly sendControl: RateMeter;
  readonly receiveData: RateMeter;
  readonly receiveControl: RateMeter;
  readonly pushedToPeers: RateMeter;
  readonly requestedByPeers: RateMeter;
  readonly pushedFromPeers: RateMeter;
  readonly requestedFromPeers: RateMeter;
}

/** Fresh meters for a stream, starting at `now`. */
export function newMeters(now: number): StreamMeters {
  return {
    sendData: new RateMeter(now),
    sendControl: new RateMeter(now),
    receiveData: new RateMeter(now),
    receiveControl: new RateMeter(now),
    pushedToPeers: new RateMeter(now),
    requestedByPeers: new RateMeter(now),
    pushedFromPeers: new RateMeter(now),
    requestedFromPeers: new RateMeter(now),
  };
}

/** What a local player hears. */
export interface PlayerListener {
  /** A live stream of the player's name is now followed (first time, or a new publisher: `reset`). */
  publishNotify(reset: boolean): void;
  unpublishNotify(): void;
  /**
   * One fragment, in publish order. `seq` is its number: one past the previous fragment's unless fragments were given
   * up in between (they left the window) or the stream changed (after `publishNotify(true)`), which media needs to
   * know (a video decoder then waits for a key frame).
   */
  data(payload: Uint8Array, timeMs: number, seq: number): void;
}

/** Bytes of a multicast frame on the wire (for the meters; the overlay does not pass sizes to services). */
export function frameSize(frame: MulticastFrame): number {
  const header = 10 + 8;
  switch (frame.type) {
    case "announce": return 11 + frame.streams.reduce((sum, s) => sum + 8 + 32 + 1 + 4 + 2 + s.name.length + s.tag.length, 0);
    case "fragment": return header + 9 + frame.tag.length + frame.payload.length;
    case "have": return header + 6 + frame.bits.length;
    case "fetch": return header + 2 + 4 * frame.seqs.length;
  }
}
