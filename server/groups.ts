/**
 * Group membership as the rendezvous sees it: per group ID, the members and their group addresses, kept sorted
 * around the address ring so a joiner can be handed members close to it. The server never sees groupspecs.
 */
import { convertPeerIDToGroupAddress, ringIndexOf, ringPositionOf } from "../as3-api/wire/identity.js";

interface Member {
  readonly peerId: string;
  /**
   * The top 52 bits of the member's group address, as an exact integer: enough to order thousands of members on
   * the ring (a tie is a 2^-52 chance and is resolved by peer ID), and a number costs far less than the 64-character
   * address string.
   */
  readonly position: number;
}



/**
 * One group: peer-to-peer members on the ring sorted by position, and the peer IDs of server-only members. No
 * per-member map: a member is found by its position, recomputed from its peer ID; the server holds thousands of
 * members, so each costs one small object.
 */
class Group {
  readonly ring: Member[] = [];

  /** @param id the group ID, kept as the one shared copy of that string ({@link JoinResult.group}). */
  constructor(readonly id: string) {}

  readonly serverOnly = new Set<string>();

  get size(): number {
    return this.ring.length + this.serverOnly.size;
  }

  /** Removes `peerId`; true when it was a member. */
  remove(peerId: string, position: number): boolean {
    const at = findMember(this.ring, peerId, position);
    if (at >= 0) {
      this.ring.splice(at, 1);
      return true;
    }
    return this.serverOnly.delete(peerId);
  }
}

/** What a join returns. */
export interface JoinResult {
  /** The group ID as the registry stores it: members' group lists share this string instead of a copy each. */
  readonly group: string;
  readonly members: string[];
  readonly memberCount: number;
}

/** All groups of one server. */
export class GroupRegistry {
  readonly groups: ReadonlyMap<string, Group> = new Map<string, Group>();
  readonly #random: () => number;

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  /**
   * Adds `peerId` to `groupId` (again: updates its mode) and picks up to `count` bootstrap members: half of them the
   * ring neighbours around the joiner's group address (alternating predecessor and successor), the rest at random,
   * so the overlay both closes its ring and gets long links. Members without peer-to-peer are never handed out and
   * get no bootstrap members.
   */
  join(groupId: string, peerId: string, peerToPeer: boolean, count: number): JoinResult {
    const groups = this.groups as Map<string, Group>;
    let group = groups.get(groupId);
    if (group === undefined) {
      group = new Group(groupId);
      groups.set(groupId, group);
    }
    const position = ringPositionOf(convertPeerIDToGroupAddress(peerId));
    group.remove(peerId, position); // a re-join replaces the earlier membership
    if (!peerToPeer) {
      group.serverOnly.add(peerId);
      return { group: group.id, members: [], memberCount: group.size };
    }
    const members = this.#bootstrap(group.ring, position, count);
    group.ring.splice(ringIndexOf(group.ring, position), 0, { peerId, position });
    return { group: group.id, members, memberCount: group.size };
  }

  /** Removes `peerId` from `groupId`; forgets the group when it empties. */
  leave(groupId: string, peerId: string): void {
    const group = this.groups.get(groupId);
    if (group === undefined || !group.remove(peerId, ringPositionOf(convertPeerIDToGroupAddress(peerId)))) return;
    if (group.size === 0) (this.groups as Map<string, Group>).delete(groupId);
  }

  /** Whether `peerId` is a member of `groupId` without peer-to-peer. */
  isServerOnly(groupId: string, peerId: string): boolean {
    return this.groups.get(groupId)?.serverOnly.has(peerId) ?? false;
  }

  /** Members of `groupId` (0 when unknown). */
  memberCount(groupId: string): number {
    return this.groups.get(groupId)?.size ?? 0;
  }

  #bootstrap(ring: readonly Member[], position: number, count: number): string[] {
    if (ring.length <= count) return ring.map((member) => member.peerId);
    const chosen = new Set<number>();
    const at = ringIndexOf(ring, position);
    const near = Math.ceil(count / 2);
    for (let step = 0; chosen.size < near; step++) {
      // predecessor, successor, second predecessor, second successor, …
      const offset = step % 2 === 0 ? -(step / 2) - 1 : (step - 1) / 2;
      chosen.add((((at + offset) % ring.length) + ring.length) % ring.length);
    }
    while (chosen.size < count) chosen.add(Math.floor(this.#random() * ring.length));
    return [...chosen].map((index) => ring[index]!.peerId);
  }
}

/** Index of the member `peerId` (at `position`) in `ring`, or -1. */
function findMember(ring: readonly Member[], peerId: string, position: number): number {
  for (let i = ringIndexOf(ring, position); i < ring.length && ring[i]!.position === position; i++) {
    if (ring[i]!.peerId === peerId) return i;
  }
  return -1;
}
