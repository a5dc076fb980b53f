/**
 * The group engine's entry: what the flash classes, tests and benchmarks import (never the files behind it). A
 * {@link createMeshNode} per session; {@link MeshNode.joinGroup} per group; values cross as {@link Amf3Payload}s.
 */
import { MeshNode, type MeshAccess, type MeshNodeOptions } from "./MeshNode.js";

export { amf3PayloadOf, amf3Value, AmfError, DEFAULT_AMF_LIMITS, UNDECODABLE, type Amf3Payload, type AmfLimits } from "./amf3Payload.js";
export { GROUP_DEFAULTS, type GroupEventMap, type GroupOptions, type GroupStats, type NeighborDetail, type PostDetail, type ReceiveMode, type SendResult, type SendToDetail } from "./groupOptions.js";
export type { GroupOverlay } from "./GroupOverlay.js";
export type { GroupContext, GroupHost, GroupService } from "./host.js";
export { knownMember, type KnownMember, type MembershipOptions } from "./membership.js";
export { MeshNode, type MeshAccess, type MeshNodeOptions, type MeshStats } from "./MeshNode.js";
export { FULL_MESH_LIMIT, type Neighbour } from "./neighbours.js";
export { DEFAULT_PLUMTREE_OPTIONS, Plumtree, type PlumtreeHost, type PlumtreeOptions, type PostingStats } from "./Plumtree.js";
export { clockwise, estimateMemberCount, localCoverage, positionOf, RING, ringDistance } from "./ring.js";
export type { TrafficFigures } from "./traffic.js";
export { DEFAULT_REPLICATION_OPTIONS, MAX_OBJECT_BYTES, type Replication, type ReplicationOptions, type WriteOutcome } from "./replication/Replication.js";
export type { ReplicationStrategy } from "./replication/choose.js";
export { RangeSet, type IndexRange } from "./replication/RangeSet.js";
export type { NodeService } from "./nodeService.js";
export { DirectStreams, InboundSubscription, OutboundSubscription, type DirectStreamOptions, type DirectStreamStats, type EndReason, type StreamHost, type SubscriptionHandler } from "./streams/DirectStreams.js";
export { MulticastGroup } from "./streams/MulticastGroup.js";
export { isStreamMessage, type MulticastStats, type MulticastTuning, type PlayerListener, type StreamMeters } from "./streams/multicastTypes.js";
export { LocalPlayer, LocalPublication } from "./streams/tracks.js";
export { RateMeter } from "./streams/rate.js";

/** A mesh node on `session` (its links and rendezvous): one per NetConnection. */
export function createMeshNode(session: MeshAccess, options: MeshNodeOptions = {}): MeshNode {
  return new MeshNode(session, options);
}
export { DirectMedia, directMediaOf, MediaFeed, MediaInlet, MediaOutlet, type DirectMediaStats, type InletHandler, type MediaHost } from "./media/DirectMedia.js";
