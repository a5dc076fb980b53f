/**
 * One connection's groups, shared by the NetGroup and the multicast NetStreams made with the same groupspec (as in
 * Flash, where both stand on one group membership): the overlay is joined by whichever comes first and left when the
 * last one closes. At most one NetGroup per group and connection (a second one fails, docs/flash-net.md). A
 * multicast NetStream uses the overlay's multicast service (engine/streams/MulticastGroup.ts).
 */
import type { GroupOptions, GroupOverlay, MeshNode, MulticastGroup } from "../../engine/index.js";
import type { TransportError } from "../../transport/index.js";
import { groupTagOf } from "../../wire/frames.js";
import type { GroupspecOptions } from "../../wire/groupspec/options.js";
import { passwordMatches, postingKey } from "../../wire/postAuthorization.js";
import { publishKey } from "../../wire/publishAuthorization.js";

/** How a join ended. */
export type JoinOutcome = { readonly ok: true } | { readonly ok: false; readonly error: TransportError };

/** One holder's hold on a group. */
export interface GroupLease {
  readonly overlay: GroupOverlay;
  /** The group's multicast streams (null when the groupspec does not enable multicast). */
  readonly multicast: MulticastGroup | null;
  /** Calls `callback` once the rendezvous answered the join (at once when it already did, or when there is none). */
  whenJoined(callback: (outcome: JoinOutcome) => void): void;
  /** Lets go; the group is left when nobody holds it. */
  release(): void;
}

interface Entry {
  readonly overlay: GroupOverlay;
  readonly multicast: MulticastGroup | null;
  netGroups: number;
  holders: number;
  outcome: JoinOutcome | null;
  readonly waiting: ((outcome: JoinOutcome) => void)[];
}

/** The engine options of a group, from its groupspec (what NetGroup has always derived). */
export function overlayOptions(spec: GroupspecOptions, groupId: string, serverless: boolean, nearest: boolean): Partial<GroupOptions> {
  const lanDiscovery = spec.ipMulticastAddresses.length > 0 || spec.ipMulticastMemberUpdatesEnabled;
  const password = spec.postingPasswordHash;
  const holdsPassword = password !== null && spec.postingAuthorization !== null && passwordMatches(spec.postingAuthorization, password);
  const publish = spec.publishPasswordHash;
  const holdsPublish = publish !== null && spec.publishAuthorization !== null && passwordMatches(spec.publishAuthorization, publish);
  return {
    receiveMode: nearest ? "nearest" : "exact",
    // IP multicast discovery has no browser equivalent: the rendezvous stands in for the LAN (the BroadcastChannel
    // when serverless, the server otherwise). Serverless, nothing else finds members.
    serverChannel: lanDiscovery || (!serverless && spec.serverChannelEnabled),
    peerToPeerDisabled: spec.peerToPeerDisabled,
    bootstrapPeers: spec.bootstrapPeers,
    postingAuthorization: { required: password !== null, key: holdsPassword ? postingKey(spec.postingAuthorization!, password, groupId) : null },
    objectReplication: spec.objectReplicationEnabled,
    multicast: spec.multicastEnabled,
    publishAuthorization: { required: publish !== null, key: holdsPublish ? publishKey(spec.publishAuthorization!, publish, groupId) : null },
  };
}

/** The groups of one connection's mesh node. */
export class GroupLeases {
  readonly #entries = new Map<string, Entry>();

  constructor(readonly node: MeshNode) {}

  /**
   * Holds group `groupId` for a NetGroup (`netGroup` true) or a multicast NetStream. Null when a NetGroup already
   * holds it (for a NetGroup) or the node cannot join it.
   */
  acquire(groupId: string, spec: GroupspecOptions, netGroup: boolean, serverless: boolean, nearest: boolean): GroupLease | null {
    const tag = groupTagOf(groupId);
    let entry = this.#entries.get(tag);
    if (entry !== undefined && netGroup && entry.netGroups > 0) return null;
    if (entry === undefined) {
      let overlay: GroupOverlay;
      try {
        overlay = this.node.joinGroup(groupId, overlayOptions(spec, groupId, serverless, nearest));
      } catch {
        return null;
      }
      const multicast = spec.multicastEnabled ? overlay.multicast : null;
      const created: Entry = { overlay, multicast, netGroups: 0, holders: 0, outcome: overlay.usesRendezvous ? null : { ok: true }, waiting: [] };
      entry = created;
      this.#entries.set(tag, created);
      overlay.addEventListener("rendezvous", (event) => {
        const result = event.detail;
        created.outcome = result.ok ? { ok: true } : { ok: false, error: result.error };
        for (const callback of created.waiting.splice(0)) callback(created.outcome);
      });
    }
    const held = entry;
    held.holders++;
    if (netGroup) held.netGroups++;
    let released = false;
    return {
      overlay: held.overlay,
      multicast: held.multicast,
      whenJoined: (callback) => {
        if (held.outcome !== null) callback(held.outcome);
        else held.waiting.push(callback);
      },
      release: () => {
        if (released) return;
        released = true;
        held.holders--;
        if (netGroup) held.netGroups--;
        if (held.holders > 0) return;
        this.#entries.delete(tag);
        held.multicast?.close();
        held.overlay.close();
      },
    };
  }

  /** The multicast service of group `groupId` while someone holds it (for tools and specs). */
  multicastOf(groupId: string): MulticastGroup | null {
    return this.#entries.get(groupTagOf(groupId))?.multicast ?? null;
  }

  /** Leaves every group (the connection closed). */
  close(): void {
    this.#entries.clear(); // the node closes the overlays, and their multicast services with them
  }
}
