/**
 * Options and event types of a group overlay (engine/GroupOverlay.ts).
 */
import type { RendezvousResult } from "../transport/groupRendezvous.js";
import { DEFAULT_AMF_LIMITS, type AmfLimits } from "./amf3Payload.js";
import { DEFAULT_MEMBERSHIP_OPTIONS, type MembershipOptions } from "./membership.js";
import { DEFAULT_PLUMTREE_OPTIONS, type PlumtreeOptions } from "./Plumtree.js";
import { DEFAULT_REPLICATION_OPTIONS, type ReplicationOptions } from "./replication/Replication.js";

/** How a member accepts directed messages: only for its exact address, or also when nearest. */
export type ReceiveMode = "exact" | "nearest";
/** Outcome of a directed send, as NetGroupSendResult strings. */
export type SendResult = "sent" | "no route" | "error";

/** Options of a group. */
export interface GroupOptions {
  readonly receiveMode: ReceiveMode;
  /** Find members through the rendezvous (groupspec `serverChannelEnabled`). Default true. */
  readonly serverChannel: boolean;
  /** Groupspec `peerToPeerDisabled`: no links at all. Default false. */
  readonly peerToPeerDisabled: boolean;
  /** Peers to try first (groupspec bootstrap peers). */
  readonly bootstrapPeers: readonly string[];
  /** Maintenance period, ms. Default 1,000. */
  readonly heartbeatMs: number;
  /** A neighbour silent this long is dropped, ms. Default 30,000 (pings go out after a third of that). */
  readonly silenceTimeoutMs: number;
  /** Neighbours at most; default log2(estimated members) + 13 (Flash's target) plus 6 of slack. */
  readonly maxNeighbors: number | null;
  readonly membership: MembershipOptions;
  readonly plumtree: PlumtreeOptions;
  readonly amfLimits: AmfLimits;
  /**
   * Posting password (wire/postAuthorization.ts): `required` when the groupspec has a posting password hash; `key`
   * when this member holds the password (its posts are tagged and it checks others' tags).
   */
  readonly postingAuthorization: { readonly required: boolean; readonly key: Uint8Array | null };
  /** Groupspec `objectReplicationEnabled`: object replication (engine/replication/). Default false. */
  readonly objectReplication: boolean;
  readonly replication: ReplicationOptions;
  /** Groupspec `multicastEnabled`: multicast NetStreams (engine/streams/MulticastGroup.ts). Default false. */
  readonly multicast: boolean;
  /**
   * Publish password (wire/publishAuthorization.ts): `required` when the groupspec has a publish password hash; `key`
   * when this member holds the password (it may publish, its fragments are tagged, it checks others' tags).
   */
  readonly publishAuthorization: { readonly required: boolean; readonly key: Uint8Array | null };
  /** Random source (heartbeat jitter, member sampling); default the node's. */
  readonly random: () => number;
}

/** Defaults of every option but `random` (which defaults to the node's). */
export const GROUP_DEFAULTS: Omit<GroupOptions, "random"> & { random: (() => number) | null } = {
  receiveMode: "exact",
  serverChannel: true,
  peerToPeerDisabled: false,
  bootstrapPeers: [],
  heartbeatMs: 1000,
  silenceTimeoutMs: 30_000,
  maxNeighbors: null,
  membership: DEFAULT_MEMBERSHIP_OPTIONS,
  plumtree: DEFAULT_PLUMTREE_OPTIONS,
  amfLimits: DEFAULT_AMF_LIMITS,
  postingAuthorization: { required: false, key: null },
  objectReplication: false,
  replication: DEFAULT_REPLICATION_OPTIONS,
  multicast: false,
  publishAuthorization: { required: false, key: null },
  random: null,
};

/** Event details. */
export interface NeighborDetail { readonly peerId: string; readonly address: string }
/** A post: its value (decoded from its AMF3 bytes), its ID and the links it crossed. */
/** `message` decoded, and `payload`: its AMF3 bytes as they arrived (the Ruffle shim hands those to the SWF). */
export interface PostDetail { readonly message: unknown; readonly payload: Uint8Array; readonly messageId: string; readonly hops: number }
/** A directed message: its value, the sender's group address, and whether it was this member's own. */
export interface SendToDetail { readonly message: unknown; readonly payload: Uint8Array; readonly from: string; readonly fromLocal: boolean }

/** Counters of dropped input specific to the group. */
export interface GroupStats {
  malformedPayloads: number;
  forgedMessageIds: number;
  /** Posts dropped because the group has a posting password and their tag was missing or wrong. */
  unauthorizedPosts: number;
}

/** Events of a group overlay. */
export interface GroupEventMap {
  neighborconnect: CustomEvent<NeighborDetail>;
  neighbordisconnect: CustomEvent<NeighborDetail>;
  post: CustomEvent<PostDetail>;
  sendto: CustomEvent<SendToDetail>;
  coverage: CustomEvent<null>;
  /** The rendezvous answered this member's join (only for groups with a server channel). */
  rendezvous: CustomEvent<RendezvousResult>;
  /** Object replication: a request for `index` went out (NetGroup.Replication.Fetch.SendNotify). */
  fetchsendnotify: CustomEvent<{ readonly index: number }>;
  /** A request for `index` was denied, timed out or answered wrongly; it is retried while wanted (Fetch.Failed). */
  fetchfailed: CustomEvent<{ readonly index: number }>;
  /** Object `index` arrived and left the want set (Fetch.Result): its value and the AMF3 bytes it arrived as. */
  fetchresult: CustomEvent<{ readonly index: number; readonly object: unknown; readonly payload: Uint8Array }>;
  /** A neighbour asks for `index`: answer with `replication.write` or `replication.deny` (Replication.Request). */
  replicationrequest: CustomEvent<{ readonly index: number; readonly requestId: number }>;
  /** A multicast stream name became live in the group (not for this member's own streams). */
  publishnotify: CustomEvent<{ readonly name: string }>;
  /** No stream of that name is live any more. */
  unpublishnotify: CustomEvent<{ readonly name: string }>;
  /** The network found no path to `peerId`, and this member has no neighbour and no other attempt under way. */
  unreachable: CustomEvent<UnreachableDetail>;
}

/** Which member could not be reached, and why (a sentence). */
export interface UnreachableDetail { readonly peerId: string; readonly reason: string }

