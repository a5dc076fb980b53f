/**
 * A read-only look inside a NetGroup, for tools that show the mesh (the player page's panel and ring picture) or
 * debug it. Not part of Flash's API; nothing here changes the group.
 */
import type { TrafficFigures } from "./engine/index.js";
import { groupInternals } from "./flash/net/NetGroup.js";

/** A member as the group knows it. */
export interface MemberView {
  readonly peerID: string;
  /** Group address (64 hex digits). */
  readonly address: string;
}

/** What a NetGroup looks like from inside, now. */
export interface NetGroupView {
  readonly groupId: string;
  /** The groupspec's name. */
  readonly name: string;
  /** False before NetGroup.Connect.Success and after close(). */
  readonly connected: boolean;
  readonly self: MemberView | null;
  readonly neighbors: readonly MemberView[];
  /** Every member this one knows of (neighbours included). */
  readonly members: readonly MemberView[];
  readonly estimatedMemberCount: number;
  /** Bytes sent and received since the group connected, by NetGroupInfo's kinds (exact totals, not rates). */
  readonly bytes: { readonly postingSent: number; readonly postingReceived: number; readonly routingSent: number; readonly routingReceived: number };
}

/** Frame kinds a {@link watchNetGroup} callback hears: a post, its control traffic, a routed message, or upkeep. */
export type TrafficKind = "post" | "posting-control" | "route" | "upkeep";

const KIND: Record<string, TrafficKind> = { post: "post", ihave: "posting-control", graft: "posting-control", prune: "posting-control", route: "route", neighbor: "route" };

/** A view of `group` (any object that is not a flashmesh NetGroup gives null). */
export function inspectNetGroup(group: unknown): NetGroupView | null {
  const internals = typeof group === "object" && group !== null ? groupInternals.get(group) : undefined;
  if (internals === undefined) return null;
  const overlay = internals.overlay();
  const view = (member: { peerId: string; address: string }): MemberView => ({ peerID: member.peerId, address: member.address });
  return {
    groupId: internals.groupId,
    name: internals.spec.name,
    connected: overlay !== null,
    self: overlay === null ? null : view(overlay.self),
    neighbors: overlay === null ? [] : [...overlay.neighbours.values()].map(view),
    members: overlay === null ? [] : [...overlay.membership.members.values()].map(view),
    estimatedMemberCount: overlay?.estimatedMemberCount ?? 0,
    bytes: totalsOf(overlay?.traffic.totals),
  };
}

function totalsOf(totals: TrafficFigures | undefined): NetGroupView["bytes"] {
  if (totals === undefined) return { postingSent: 0, postingReceived: 0, routingSent: 0, routingReceived: 0 };
  return {
    postingSent: totals.postingSendData + totals.postingSendControl,
    postingReceived: totals.postingReceiveData + totals.postingReceiveControl,
    routingSent: totals.routingSend,
    routingReceived: totals.routingReceive,
  };
}

/**
 * Calls `listener` for every group frame `group` sends to or receives from a neighbour, until the returned function
 * is called (or the group closes). Returns null for an object that is not a connected flashmesh NetGroup.
 */
export function watchNetGroup(group: unknown, listener: (direction: "in" | "out", peerID: string, kind: TrafficKind) => void): (() => void) | null {
  const overlay = typeof group === "object" && group !== null ? groupInternals.get(group)?.overlay() : undefined;
  if (overlay === undefined || overlay === null) return null;
  const observer = (direction: "in" | "out", peerId: string, type: string): void => listener(direction, peerId, KIND[type] ?? "upkeep");
  overlay.observer = observer;
  return () => {
    if (overlay.observer === observer) overlay.observer = null;
  };
}
