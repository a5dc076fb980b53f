/**
 * Group membership as the rendezvous sees it: per group ID, the members and their group addresses, kept sorted
 * around the address ring so a joiner can be handed members close to it. The server never sees groupspecs.
 */
import { convertPeerIDToGroupAddress } from "../as3-api/wire/identity.js";

interface Member {
  readonly peerId: string;
  readonly address: string;
  peerToPeer: boolean;
}

/** One group: members by peer ID and, for peer-to-peer members, the ring sorted by group address. */
class Group {
  readonly members = new Map<string, Member>();
  /** Peer-to-peer members sorted by address (lowercase hex of equal length sorts like the numbers). */
  readonly ring: Member[] = [];
}

/** What a join returns. */
export interface JoinResult {
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
      group = new Group();
      groups.set(groupId, group);
    }
    let member = group.members.get(peerId);
    if (member === undefined) {
      member = { peerId, address: convertPeerIDToGroupAddress(peerId), peerToPeer };
      group.members.set(peerId, member);
    } else if (member.peerToPeer !== peerToPeer) {
      removeFromRing(group.ring, member);
      member.peerToPeer = peerToPeer;
    } else if (peerToPeer) {
      removeFromRing(group.ring, member);
    }
    const members = peerToPeer ? this.#bootstrap(group.ring, member.address, count) : [];
    if (peerToPeer) group.ring.splice(ringIndex(group.ring, member.address), 0, member);
    return { members, memberCount: group.members.size };
  }

  /** Removes `peerId` from `groupId`; forgets the group when it empties. */
  leave(groupId: string, peerId: string): void {
    const group = this.groups.get(groupId);
    const member = group?.members.get(peerId);
    if (group === undefined || member === undefined) return;
    group.members.delete(peerId);
    if (member.peerToPeer) removeFromRing(group.ring, member);
    if (group.members.size === 0) (this.groups as Map<string, Group>).delete(groupId);
  }

  /** Members of `groupId` (0 when unknown). */
  memberCount(groupId: string): number {
    return this.groups.get(groupId)?.members.size ?? 0;
  }

  #bootstrap(ring: readonly Member[], address: string, count: number): string[] {
    if (ring.length <= count) return ring.map((member) => member.peerId);
    const chosen = new Set<number>();
    const at = ringIndex(ring, address);
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

/** Index at which `address` would be inserted to keep `ring` sorted. */
function ringIndex(ring: readonly Member[], address: string): number {
  let low = 0;
  let high = ring.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (ring[mid]!.address < address) low = mid + 1;
    else high = mid;
  }
  return low;
}

function removeFromRing(ring: Member[], member: Member): void {
  const at = ringIndex(ring, member.address);
  for (let i = at; i < ring.length && ring[i]!.address === member.address; i++) {
    if (ring[i] === member) {
      ring.splice(i, 1);
      return;
    }
  }
}
