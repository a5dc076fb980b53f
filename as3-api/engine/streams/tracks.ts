/**
 * One multicast stream as this member holds it (a {@link Track}: fragments, neighbours' availability, what is
 * missing and fetched) and the local ends of it: a {@link LocalPublication} (this member publishes) and a
 * {@link LocalPlayer} (this member plays). Availability bitmaps are read and marked here.
 */
import type { StreamAnnouncement } from "../../wire/frames.js";
import { newMeters, type MulticastTuning, type PlayerListener, type StreamMeters } from "./multicastTypes.js";

/** One fragment: a message of the stream, numbered from 1, with its stream time and publish-password tag. */
export interface Fragment {
  readonly seq: number;
  readonly time: number;
  readonly payload: Uint8Array;
  readonly tag: Uint8Array;
}

/** A neighbour's availability: fragment numbers from `first`, one bit each. */
export interface Availability {
  readonly first: number;
  readonly bits: Uint8Array;
}

/** What the local ends call on the group service that made them (MulticastGroup). */
export interface TrackOwner {
  now(): number;
  publishFragment(publication: LocalPublication, seq: number, time: number, payload: Uint8Array): void;
  unpublish(publication: LocalPublication): void;
  stopPlaying(player: LocalPlayer): void;
}

/** One stream as this member knows it. */
export class Track {
  /** Fragments held (only while this member takes part). */
  readonly fragments = new Map<number, Fragment>();
  /** Highest fragment number known to exist (claims of neighbours' availability count, up to a limit past `held`: MulticastGroup.ts). */
  highest = 0;
  /** Highest fragment number this member held (a fragment that passed every check), which nobody can inflate. */
  held = 0;
  /** Newest fragment's stream time held, ms. */
  newestTime = 0;
  /** Neighbours taking part, with what they hold: `first` and a bitmap from it. */
  readonly peers = new Map<string, { first: number; bits: Uint8Array }>();
  readonly missingSince = new Map<number, number>();
  /** seq → when fetched, from whom last, and whom it was asked of (a peer that does not answer is asked last). */
  readonly fetched = new Map<number, { at: number; last: string; from: Set<string> }>();
  lastAnnounced: number;
  publication: LocalPublication | null = null;
  readonly players = new Set<LocalPlayer>();
  meters: StreamMeters | null = null;

  constructor(
    public announcement: StreamAnnouncement,
    now: number,
  ) {
    this.lastAnnounced = now;
  }

  get participating(): boolean {
    return this.publication !== null || this.players.size > 0;
  }

  holds(peer: { first: number; bits: Uint8Array } | undefined, seq: number): boolean {
    if (peer === undefined || seq < peer.first) return false;
    const bit = seq - peer.first;
    return bit < peer.bits.length * 8 && (peer.bits[bit >> 3]! & (1 << (bit & 7))) !== 0;
  }
}

/** A stream this member publishes. */
export class LocalPublication {
  #seq = 0;
  #closed = false;
  readonly startedAt: number;

  constructor(
    readonly group: TrackOwner,
    readonly track: Track,
    readonly tuning: MulticastTuning,
  ) {
    this.startedAt = group.now();
  }

  get meters(): StreamMeters {
    return this.track.meters!;
  }

  get name(): string {
    return this.track.announcement.name;
  }

  /** Publishes one message (AMF3 bytes) as the next fragment. */
  send(payload: Uint8Array): void {
    if (this.#closed) return;
    this.group.publishFragment(this, ++this.#seq, Math.max(0, this.group.now() - this.startedAt), payload);
  }

  /** Ends the stream: the group hears it unpublished. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.group.unpublish(this);
  }
}

/** A stream this member plays (by name). */
export class LocalPlayer {
  /** The stream followed now, if any. */
  track: Track | null = null;
  /** Next fragment number to hand over (null until the stream is followed). */
  next: number | null = null;
  /** Stream time of the last fragment handed over, ms. */
  lastTime = 0;
  /** Meters kept across publishers. */
  readonly meters: StreamMeters;
  closed = false;

  constructor(
    readonly group: TrackOwner,
    readonly name: string,
    readonly tuning: MulticastTuning,
    readonly listener: PlayerListener,
  ) {
    this.meters = newMeters(group.now());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.group.stopPlaying(this);
  }
}

/** The last fragment number an availability marks, or `first - 1` when it marks none. */
export function lastBit(first: number, bits: Uint8Array): number {
  for (let i = bits.length * 8 - 1; i >= 0; i--) if ((bits[i >> 3]! & (1 << (i & 7))) !== 0) return first + i;
  return first - 1;
}

/** A copy of an availability with `seq` marked held (when it falls inside the bitmap). */
export function withBit(have: { first: number; bits: Uint8Array }, seq: number): { first: number; bits: Uint8Array } {
  const bit = seq - have.first;
  if (bit < 0 || bit >= 4096) return have;
  const bits = new Uint8Array(Math.max(have.bits.length, (bit >> 3) + 1));
  bits.set(have.bits);
  bits[bit >> 3]! |= 1 << (bit & 7);
  return { first: have.first, bits };
}
