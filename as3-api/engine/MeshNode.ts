/**
 * One peer's presence on the mesh: the transport's links, shared by every group this peer is in (one WebRTC
 * connection per pair of peers, whatever groups they share), frames decoded and handed to their group, and the
 * protections that keep a bad peer from reaching the application: malformed frames and frames over a neighbour's
 * rate limit are dropped and counted.
 */
import type { Rendezvous } from "../transport/groupRendezvous.js";
import type { Link, Links } from "../transport/links.js";
import type { Scheduler } from "../transport/scheduler.js";
import { decodeFrame, DEFAULT_FRAME_LIMITS, encodeFrame, FrameError, groupTagOf, type Frame, type FrameLimits, type GroupTag } from "../wire/frames.js";
import { GroupOverlay } from "./GroupOverlay.js";
import type { GroupOptions } from "./groupOptions.js";
import type { GroupHost } from "./host.js";
import type { NodeService } from "./nodeService.js";

/** What a node runs on: a session's links and rendezvous (transport/session.ts); closing the node closes it. */
export interface MeshAccess {
  readonly links: Links;
  readonly rendezvous: Rendezvous;
  close(): void;
}

/** Options of a {@link MeshNode}. */
export interface MeshNodeOptions {
  readonly frameLimits?: FrameLimits;
  /** Frames per second one peer may send us, sustained. Default 2,000. */
  readonly framesPerSecond?: number;
  /** Burst above that. Default 4,000. */
  readonly frameBurst?: number;
  /** Random source for this peer's groups (seed it for repeatable simulations). Default Math.random. */
  readonly random?: () => number;
}

/** Counters of dropped input. */
export interface MeshStats {
  malformedFrames: number;
  rateLimitedFrames: number;
  unknownGroupFrames: number;
}

interface LinkState {
  readonly link: Link;
  tokens: number;
  refilledAt: number;
}

/** A peer on the mesh: the {@link GroupHost} of its groups. */
export class MeshNode implements GroupHost {
  readonly stats: MeshStats = { malformedFrames: 0, rateLimitedFrames: 0, unknownGroupFrames: 0 };
  readonly groups = new Map<GroupTag, GroupOverlay>();
  readonly #links = new Map<string, LinkState>();
  /** Services beside the groups, by the frame family (byte 0) they own. */
  readonly #services = new Map<number, NodeService>();
  readonly #frameLimits: FrameLimits;
  readonly #framesPerSecond: number;
  readonly #frameBurst: number;
  #closed = false;
  readonly random: () => number;
  readonly links: Links;
  readonly rendezvous: Rendezvous;
  readonly #access: MeshAccess;

  constructor(access: MeshAccess, options: MeshNodeOptions = {}) {
    this.#access = access;
    this.links = access.links;
    this.rendezvous = access.rendezvous;
    this.#frameLimits = options.frameLimits ?? DEFAULT_FRAME_LIMITS;
    this.#framesPerSecond = options.framesPerSecond ?? 2000;
    this.#frameBurst = options.frameBurst ?? 4000;
    this.random = options.random ?? Math.random;
    this.links.setHandler({
      linkOpened: (link) => this.#linkOpened(link),
      frame: (link, bytes) => this.#frame(link, bytes),
      linkClosed: (link) => this.#linkClosed(link),
      connectFailed: (peerId, error) => {
        for (const group of this.groups.values()) group.connectFailed(peerId, error);
        for (const service of this.#services.values()) service.connectFailed(peerId);
      },
    });
  }

  get peerId(): string {
    return this.links.peerId;
  }

  get scheduler(): Scheduler {
    return this.links.scheduler;
  }

  /** Joins the group `groupId` (64 hex digits): its overlay starts finding neighbours at once. */
  joinGroup(groupId: string, options: Partial<GroupOptions> = {}): GroupOverlay {
    const tag = groupTagOf(groupId);
    if (this.groups.has(tag)) throw new Error(`already in group ${groupId}`);
    const group = new GroupOverlay(this, groupId, { random: this.random, ...options });
    this.groups.set(tag, group);
    group.start();
    return group;
  }

  /** Adds a service with a frame family of its own (engine/nodeService.ts); one per family. */
  addService(service: NodeService): void {
    if (this.#services.has(service.family)) throw new Error(`frame family ${service.family} already has a service`);
    this.#services.set(service.family, service);
  }

  /** Called by a group that closed. */
  groupClosed(tag: GroupTag): void {
    this.groups.delete(tag);
    for (const peerId of [...this.#links.keys()]) this.releaseLink(peerId);
  }

  /** Whether a link to `peerId` is open. */
  hasLink(peerId: string): boolean {
    return this.#links.has(peerId);
  }

  /** Asks the transport for a link to `peerId` (no-op when one is open or opening). */
  ensureLink(peerId: string): void {
    if (!this.#closed && !this.#links.has(peerId)) this.links.connect(peerId);
  }

  /** Closes the link to `peerId` when no group needs it any more. */
  releaseLink(peerId: string): void {
    const state = this.#links.get(peerId);
    if (state === undefined) return;
    for (const group of this.groups.values()) if (group.usesPeer(peerId)) return;
    for (const service of this.#services.values()) if (service.usesPeer(peerId)) return;
    state.link.close();
  }

  /** Sends a frame to `peerId`; false when there is no open link. */
  send(peerId: string, frame: Frame): boolean {
    return this.sendEncoded(peerId, encodeFrame(frame));
  }

  /** Sends already encoded frame bytes (one encoding for many neighbours). */
  sendEncoded(peerId: string, bytes: Uint8Array): boolean {
    const state = this.#links.get(peerId);
    return state !== undefined && state.link.send(bytes);
  }

  /**
   * Sends frame bytes unordered and without retransmission when the link has such a channel (`dataReliable =
   * false`), else reliably; false when there is no open link.
   */
  sendUnreliable(peerId: string, bytes: Uint8Array): boolean {
    const state = this.#links.get(peerId);
    if (state === undefined) return false;
    return state.link.sendUnreliable?.(bytes) ?? state.link.send(bytes);
  }

  /** Whether the link to `peerId` has its unordered, unreliable channel open (see {@link sendUnreliable}). */
  hasUnreliableChannel(peerId: string): boolean {
    return this.#links.get(peerId)?.link.unreliableReady === true;
  }

  /** Leaves every group and closes the session it runs on. */
  close(): void {
    if (this.#closed) return;
    for (const group of [...this.groups.values()]) group.close();
    for (const service of this.#services.values()) service.close();
    this.#closed = true;
    this.#access.close();
  }

  #linkOpened(link: Link): void {
    if (this.#closed) return link.close();
    this.#links.set(link.remotePeerId, { link, tokens: this.#frameBurst, refilledAt: this.scheduler.now() });
    for (const group of this.groups.values()) group.linkOpened(link.remotePeerId);
    for (const service of this.#services.values()) service.linkOpened(link.remotePeerId);
    // A link nobody asked for in any group is closed again once the other side had time to say why it came.
    this.scheduler.setTimer(10_000, () => this.releaseLink(link.remotePeerId));
  }

  #linkClosed(link: Link): void {
    const state = this.#links.get(link.remotePeerId);
    if (state === undefined || state.link !== link) return;
    this.#links.delete(link.remotePeerId);
    for (const group of this.groups.values()) group.linkClosed(link.remotePeerId);
    for (const service of this.#services.values()) service.linkClosed(link.remotePeerId);
  }

  #frame(link: Link, bytes: Uint8Array): void {
    const state = this.#links.get(link.remotePeerId);
    if (state === undefined || state.link !== link) return;
    const now = this.scheduler.now();
    state.tokens = Math.min(this.#frameBurst, state.tokens + ((now - state.refilledAt) * this.#framesPerSecond) / 1000);
    state.refilledAt = now;
    if (state.tokens < 1) {
      this.stats.rateLimitedFrames++;
      return;
    }
    state.tokens--;
    const service = this.#services.get(bytes[0]!);
    if (service !== undefined) return service.receive(link.remotePeerId, bytes);
    let frame: Frame;
    try {
      frame = decodeFrame(bytes, this.#frameLimits);
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      this.stats.malformedFrames++;
      return;
    }
    const group = this.groups.get(frame.group);
    if (group === undefined) {
      this.stats.unknownGroupFrames++;
      if (frame.type === "join" && !frame.reply) this.send(link.remotePeerId, { type: "leave", group: frame.group });
      return;
    }
    group.receive(link.remotePeerId, frame, bytes.length);
  }
}
