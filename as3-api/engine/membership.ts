/**
 * The members one member knows of in a group, kept sorted by ring position, and which of them it wants as
 * neighbours: its ring successors and predecessors (so the ring closes and directed routing ends at the right
 * member) plus the first member at or after each "finger" self + 2^52/2^k, which puts any member O(log N) hops away,
 * as in Chord. Everything a heartbeat asks is answered by binary search on the sorted ring, so a simulation of
 * thousands of members stays cheap.
 */
import { convertPeerIDToGroupAddress, ringIndexOf } from "../wire/identity.js";
import { clockwise, positionOf, RING } from "./ring.js";

/** A member known by peer ID, with its group address and ring position. */
export interface KnownMember {
  readonly peerId: string;
  readonly address: string;
  readonly position: number;
}

/** Tuning of membership. */
export interface MembershipOptions {
  /** Successors and predecessors wanted on each side. Default 2. */
  readonly ringNeighbours: number;
  /** Members remembered at most (the wanted ones are always kept). Default 160. */
  readonly maxKnown: number;
}

export const DEFAULT_MEMBERSHIP_OPTIONS: MembershipOptions = Object.freeze({ ringNeighbours: 2, maxKnown: 160 });

/** Recently seen members by peer ID: a member is heard of again and again through member exchange, and each
 * group address costs a SHA-256. Bounded; emptied when full (a simulation of thousands of peers fits). */
const addressCache = new Map<string, KnownMember>();
const ADDRESS_CACHE_LIMIT = 50_000;

/** Makes a {@link KnownMember} from a peer ID. */
export function knownMember(peerId: string): KnownMember {
  let member = addressCache.get(peerId);
  if (member === undefined) {
    if (addressCache.size >= ADDRESS_CACHE_LIMIT) addressCache.clear();
    const address = convertPeerIDToGroupAddress(peerId);
    member = { peerId, address, position: positionOf(address) };
    addressCache.set(peerId, member);
  }
  return member;
}

/**
 * Members known in one group, not counting oneself. A member is *vouched for* when this member heard it first-hand
 * (it connected, the rendezvous or the application named it) or two different neighbours named it; only those count
 * towards the size estimate ({@link around}), so one neighbour's made-up member lists cannot inflate it.
 */
export class Membership {
  readonly members = new Map<string, KnownMember>();
  /** The same members sorted by position. */
  readonly #ring: KnownMember[] = [];
  /** The vouched-for members, sorted by position. */
  readonly #vouchedRing: KnownMember[] = [];
  readonly #vouched = new Set<string>();
  /** Members one neighbour has named so far, with that neighbour. */
  readonly #namedBy = new Map<string, string>();
  /** Bumped on every change, so callers can cache what they derive from the membership. */
  version = 0;

  constructor(
    readonly self: KnownMember,
    private readonly options: MembershipOptions = DEFAULT_MEMBERSHIP_OPTIONS,
    private readonly random: () => number = Math.random,
  ) {}

  get size(): number {
    return this.#ring.length;
  }

  /** How many members are vouched for. */
  get vouchedSize(): number {
    return this.#vouchedRing.length;
  }

  /**
   * Learns of `peerId` (null for oneself): first-hand when `namedBy` is absent, else as named in the member list of
   * the neighbour `namedBy`.
   */
  add(peerId: string, namedBy?: string): KnownMember | null {
    if (peerId === this.self.peerId) return null;
    let member = this.members.get(peerId);
    if (member === undefined) {
      member = knownMember(peerId);
      this.members.set(peerId, member);
      this.#ring.splice(ringIndexOf(this.#ring, member.position), 0, member);
      this.version++;
    }
    if (!this.#vouched.has(peerId)) {
      const first = this.#namedBy.get(peerId);
      if (namedBy === undefined || (first !== undefined && first !== namedBy)) this.#vouch(member);
      else this.#namedBy.set(peerId, namedBy);
    }
    return member;
  }

  #vouch(member: KnownMember): void {
    this.#vouched.add(member.peerId);
    this.#namedBy.delete(member.peerId);
    this.#vouchedRing.splice(ringIndexOf(this.#vouchedRing, member.position), 0, member);
  }

  forget(peerId: string): void {
    const member = this.members.get(peerId);
    if (member === undefined) return;
    this.members.delete(peerId);
    removeFrom(this.#ring, member);
    if (this.#vouched.delete(peerId)) removeFrom(this.#vouchedRing, member);
    this.#namedBy.delete(peerId);
    this.version++;
  }

  /** The `count` members after oneself going up the ring, nearest first. */
  successors(count: number): KnownMember[] {
    const out: KnownMember[] = [];
    const start = this.#indexOf(this.self.position + 1);
    for (let i = 0; i < Math.min(count, this.#ring.length); i++) out.push(this.#ring[(start + i) % this.#ring.length]!);
    return out;
  }

  /** The `count` members before oneself going down the ring, nearest first. */
  predecessors(count: number): KnownMember[] {
    const out: KnownMember[] = [];
    const start = this.#indexOf(this.self.position) - 1;
    const length = this.#ring.length;
    for (let i = 0; i < Math.min(count, length); i++) out.push(this.#ring[(((start - i) % length) + length) % length]!);
    return out;
  }

  /** The first member at or after `position` going up the ring. */
  firstFrom(position: number): KnownMember | null {
    if (this.#ring.length === 0) return null;
    return this.#ring[this.#indexOf(position) % this.#ring.length]!;
  }

  /**
   * The members this one wants as neighbours: `ringNeighbours` successors and predecessors, and for each finger
   * k = 1 … ceil(log2(estimate)) the first member at or after self + RING/2^k.
   */
  wanted(estimate: number): Set<string> {
    const wanted = new Set<string>();
    for (const member of this.successors(this.options.ringNeighbours)) wanted.add(member.peerId);
    for (const member of this.predecessors(this.options.ringNeighbours)) wanted.add(member.peerId);
    const fingers = Math.min(30, Math.ceil(Math.log2(Math.max(2, estimate))));
    for (let k = 1; k <= fingers; k++) {
      const finger = this.firstFrom((this.self.position + RING / 2 ** k) % RING);
      if (finger !== null) wanted.add(finger.peerId);
    }
    return wanted;
  }

  /** Up to `count` members nearest to `position` (either side), then up to `extra` random others; oneself included. */
  sampleFor(position: number, count: number, extra: number, exclude: string): string[] {
    const chosen = new Set<string>();
    const ring = this.#ring;
    const length = ring.length;
    let up = this.#indexOf(position);
    let down = up - 1;
    let selfTaken = this.self.peerId === exclude;
    const take = (member: KnownMember): void => {
      if (member.peerId !== exclude) chosen.add(member.peerId);
    };
    for (let steps = 0; chosen.size < count && steps < length + 1; steps++) {
      const above = length > 0 ? ring[((up % length) + length) % length]! : null;
      const below = length > 0 ? ring[((down % length) + length) % length]! : null;
      const distanceUp = above === null ? Infinity : clockwise(position, above.position);
      const distanceDown = below === null ? Infinity : clockwise(below.position, position);
      const selfDistance = Math.min(clockwise(position, this.self.position), clockwise(this.self.position, position));
      if (!selfTaken && selfDistance <= Math.min(distanceUp, distanceDown)) {
        chosen.add(this.self.peerId);
        selfTaken = true;
        continue;
      }
      if (above === null || below === null) break;
      if (distanceUp <= distanceDown) take(above), up++;
      else take(below), down--;
    }
    if (!selfTaken && chosen.size < count) chosen.add(this.self.peerId);
    for (let i = 0; i < extra * 2 && chosen.size < count + extra && length > 0; i++) take(ring[Math.floor(this.random() * length)]!);
    return [...chosen];
  }

  /** Forgets random members beyond the cap, never one in `keep`. */
  trim(keep: ReadonlySet<string>): void {
    for (let attempts = 0; this.members.size > this.options.maxKnown && attempts < 4 * this.options.maxKnown; attempts++) {
      const victim = this.#ring[Math.floor(this.random() * this.#ring.length)]!;
      if (!keep.has(victim.peerId)) this.forget(victim.peerId);
    }
  }

  /**
   * Positions of the `count` nearest members on each side (for the size estimate): vouched-for members only, or
   * (`vouched` false) every member known.
   */
  around(count: number, vouched = true): { before: number[]; after: number[] } {
    const ring = vouched ? this.#vouchedRing : this.#ring;
    const length = ring.length;
    const start = ringIndexOf(ring, this.self.position);
    const before: number[] = [];
    const after: number[] = [];
    for (let i = 0; i < Math.min(count, length); i++) {
      after.push(ring[(ringIndexOf(ring, this.self.position + 1) + i) % length]!.position);
      before.push(ring[(((start - 1 - i) % length) + length) % length]!.position);
    }
    return { before, after };
  }

  /** Index of the first ring member at or after `position`, in [0, length]. */
  #indexOf(position: number): number {
    return ringIndexOf(this.#ring, position);
  }
}

/** Removes `member` from the sorted `ring`. */
function removeFrom(ring: KnownMember[], member: KnownMember): void {
  for (let i = ringIndexOf(ring, member.position); i < ring.length; i++) {
    if (ring[i] === member) {
      ring.splice(i, 1);
      return;
    }
  }
}
