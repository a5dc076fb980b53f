/**
 * What a group needs from the peer it runs on, and what each group service sees of its group. The node
 * (MeshNode.ts) implements {@link GroupHost}; GroupOverlay.ts builds the {@link GroupContext} it hands its services.
 * Depending on these small interfaces, not on the classes, keeps the engine free of import circles.
 */
import type { Rendezvous } from "../transport/groupRendezvous.js";
import type { Scheduler } from "../transport/scheduler.js";
import type { Frame, GroupTag } from "../wire/frames.js";
import type { GroupEventMap, GroupOptions, GroupStats } from "./groupOptions.js";
import type { KnownMember } from "./membership.js";
import type { TrafficMeter } from "./traffic.js";

/** The peer a group runs on: its links (shared by all its groups) and the rendezvous. */
export interface GroupHost {
  readonly peerId: string;
  readonly scheduler: Scheduler;
  readonly rendezvous: Rendezvous;
  /** Whether a link to `peerId` is open. */
  hasLink(peerId: string): boolean;
  /** Asks for a link to `peerId` (no-op when one is open or opening); the group hears `linkOpened` or `connectFailed`. */
  ensureLink(peerId: string): void;
  /** Closes the link to `peerId` when no group needs it any more. */
  releaseLink(peerId: string): void;
  /** Sends encoded frame bytes; false when there is no open link. */
  sendEncoded(peerId: string, bytes: Uint8Array): boolean;
  /** A group closed: forget it, release the links it used. */
  groupClosed(tag: GroupTag): void;
}

/** What a group service (neighbours, posting, routing, and later streams and replication) sees of its group. */
export interface GroupContext {
  readonly host: GroupHost;
  readonly groupId: string;
  readonly tag: GroupTag;
  readonly options: GroupOptions;
  readonly self: KnownMember;
  readonly traffic: TrafficMeter;
  /** Dropped-input counters the services share. */
  readonly stats: GroupStats;
  /** Encodes and sends `frame`, counting it; false without a link. */
  send(peerId: string, frame: Frame): boolean;
  /** Sends frame bytes encoded once for several neighbours, counting them as `type`. */
  sendBytes(peerId: string, bytes: Uint8Array, type: Frame["type"]): boolean;
  /** Dispatches a group event to the application side. */
  emit<K extends keyof GroupEventMap>(type: K, detail: GroupEventMap[K]["detail"]): void;
  /** Whether the group has closed (timers and late callbacks check it). */
  readonly closed: boolean;
}

/**
 * A group service: the frame types it owns (see wire/frames/), and what it does with one from a neighbour. The
 * overlay (GroupOverlay.ts) dispatches by type; frames of services other than the overlay's own are accepted from
 * neighbours only.
 */
export interface GroupService<F extends Frame = Frame> {
  readonly frameTypes: readonly F["type"][];
  receive(from: string, frame: F): void;
  /** A neighbour was added. */
  neighbourAdded?(peerId: string): void;
  /** A neighbour was dropped (the service forgets what it kept about it). */
  neighbourRemoved?(peerId: string): void;
  /** One heartbeat (about once a second). */
  heartbeat?(now: number): void;
  /** The group is closing: stop timers. */
  close?(): void;
}
