/**
 * Membership and neighbours, the overlay's own service: which members this one knows ({@link Membership}), which
 * of them are neighbours, and the heartbeat that keeps that set right. It asks the members {@link Membership.wanted}
 * names (everyone in a small group), exchanges member lists, drops neighbours that fell silent and trims the set to
 * about log2(N) + 13, Flash's own target. Frames: join, leave, members, ping, pong (wire/frames/overlay.ts).
 * Events: `neighborconnect`, `neighbordisconnect`, `coverage`.
 */
import type { TransportError } from "../transport/errors.js";
import { ICE_FAILURE } from "../transport/iceDiagnosis.js";
import type { OverlayFrame } from "../wire/frames.js";
import { encodeFrame } from "../wire/frames.js";
import type { GroupContext, GroupService } from "./host.js";
import type { ReceiveMode } from "./groupOptions.js";
import { Membership, type KnownMember } from "./membership.js";
import { estimateMemberCount, localCoverage, ringDistance } from "./ring.js";

/** A neighbour: a member with an open link that agreed to be a neighbour in this group. */
export interface Neighbour extends KnownMember {
  /** Its receive mode is "nearest". */
  nearest: boolean;
  lastHeard: number;
  /** This member asked for the link (the other one accepted). Only such neighbours are trimmed: the others asked us. */
  readonly asked: boolean;
}

/**
 * Groups up to this size become a full mesh (every member wants every other as a neighbour), as Flash's small groups
 * did, and posts then go to every member in one hop.
 */
export const FULL_MESH_LIMIT = 24;
/** How long the overlay around a new member takes to form (member lists every heartbeat, new links eager), ms. */
const FORMING_MS = 10_000;
/** How long a member that declined us is not asked again, ms. */
const DECLINE_MS = 60_000;
/** How long a join may wait for its answer once the link is open, ms. */
const JOIN_TIMEOUT_MS = 10_000;
/**
 * How long an ask may wait for its link, ms. The transport answers every connect within its own bound (PeerJS
 * 15 s); this is the backstop. Timing the join from the link's opening, not from the ask, keeps a slow link set-up
 * under load from being given up just before it opens.
 */
const LINK_WAIT_MS = 30_000;
/** An isolated member (no neighbour, no ask in flight) looks for members again after this, doubling to 60 s, ms. */
const REBOOTSTRAP_MS = 10_000;
const REBOOTSTRAP_MAX_MS = 60_000;

/** What the other services hear of neighbour changes. */
export interface NeighbourChanges {
  added(peerId: string): void;
  removed(peerId: string): void;
}

/** An ask in flight: when it was made, and when the join went out (null: still waiting for the link). */
interface Ask {
  readonly asked: number;
  joinSent: number | null;
}

/** One member's neighbours in one group. */
export class Neighbours implements GroupService<OverlayFrame> {
  readonly frameTypes = ["join", "leave", "members", "ping", "pong"] as const;
  readonly membership: Membership;
  readonly neighbours = new Map<string, Neighbour>();
  /** Peers asked to be neighbours. */
  readonly #pending = new Map<string, Ask>();
  readonly #declined = new Map<string, number>();
  /**
   * Peers given up on before their link opened: the transport may still report why the link failed (ICE gives up
   * later than the join does), and that reason is worth telling when this member is left with no neighbour.
   */
  readonly #unanswered = new Set<string>();
  #exchangeTurn = 0;
  #beats = 0;
  #startedAt = 0;
  #coverage = "";
  #coverageVersion = -1;
  #wantedCache: { version: number; fingers: number; small: boolean; wanted: Set<string> } | null = null;
  #ringCache: { version: number; peers: Set<string> } | null = null;
  /** Members the rendezvous counted when this member joined (0 without a server channel). */
  #rendezvousCount = 0;
  #receiveMode: ReceiveMode;
  /** When an isolated member may look for members again, and the wait after that. */
  #nextBootstrap = 0;
  #bootstrapDelay = REBOOTSTRAP_MS;

  constructor(
    private readonly group: GroupContext,
    /** Told of neighbours added and dropped, so the other services can start and forget their state for them. */
    private readonly changes: NeighbourChanges,
  ) {
    this.membership = new Membership(group.self, group.options.membership, group.options.random);
    this.#receiveMode = group.options.receiveMode;
  }

  /** Starts: asks the bootstrap peers. */
  start(): void {
    this.#startedAt = this.group.host.scheduler.now();
    this.#nextBootstrap = this.#startedAt + REBOOTSTRAP_MS;
    if (this.group.options.peerToPeerDisabled) return;
    for (const peerId of this.group.options.bootstrapPeers) this.addNeighbor(peerId);
  }

  /** The rendezvous answered: its members are known now, and its count tells whether the group is small. */
  rendezvousMembers(members: readonly string[], memberCount: number): void {
    for (const peerId of members) this.membership.add(peerId);
    this.#rendezvousCount = memberCount;
  }

  get receiveMode(): ReceiveMode {
    return this.#receiveMode;
  }

  /** Changes the receive mode; neighbours are told with a `join` reply. */
  set receiveMode(mode: ReceiveMode) {
    if (mode === this.#receiveMode) return;
    this.#receiveMode = mode;
    for (const peerId of this.neighbours.keys()) this.#sendJoin(peerId, true);
  }

  /**
   * Estimated members in the group, this one included (what the application reads): from vouched-for members only,
   * so one neighbour's made-up member lists cannot inflate it.
   */
  get estimatedMemberCount(): number {
    const { before, after } = this.membership.around(8);
    return estimateMemberCount(before, after, this.membership.vouchedSize);
  }

  /**
   * The estimate the overlay sizes itself by (fingers, neighbour limits, small groups), from every member known: it
   * settles sooner than the vouched-for one, and made-up members can move it only by the log2 of their number (a few
   * more fingers wanted, which are then not found and forgotten).
   */
  #layoutEstimate(): number {
    const { before, after } = this.membership.around(8, false);
    return estimateMemberCount(before, after, this.membership.size);
  }

  /** The address range this member is nearest to (increasing direction), among the members it knows. */
  get localCoverage(): { from: string; to: string } {
    return localCoverage(this.group.self.address, this.membership.predecessors(1)[0]?.address ?? null, this.membership.successors(1)[0]?.address ?? null);
  }

  /** Whether this group needs a link to `peerId` (neighbour or asked to be one). */
  usesPeer(peerId: string): boolean {
    return this.neighbours.has(peerId) || this.#pending.has(peerId);
  }

  /** Asks `peerId` to be a neighbour now. False for oneself or without peer-to-peer. */
  addNeighbor(peerId: string): boolean {
    if (this.membership.add(peerId) === null || this.group.options.peerToPeerDisabled) return false;
    this.#declined.delete(peerId);
    this.#ask(peerId);
    return true;
  }

  /** Learns of a member without connecting to it now. */
  addMemberHint(peerId: string): boolean {
    return this.membership.add(peerId) !== null;
  }

  /** True when this member has every member it knows as a neighbour in a small group: posts then go direct. */
  fullMesh(): boolean {
    return this.#small() && this.neighbours.size > 0 && this.membership.size <= this.neighbours.size;
  }

  /** Whether the overlay around this member has formed: it has been in the group longer than the forming phase. */
  settled(): boolean {
    return this.group.host.scheduler.now() - this.#startedAt >= FORMING_MS;
  }

  /** This member's ring successors and predecessors, recomputed only when the membership changed. */
  ringPeers(): ReadonlySet<string> {
    if (this.#ringCache === null || this.#ringCache.version !== this.membership.version) {
      const count = this.group.options.membership.ringNeighbours;
      const peers = new Set([...this.membership.successors(count), ...this.membership.predecessors(count)].map((member) => member.peerId));
      this.#ringCache = { version: this.membership.version, peers };
    }
    return this.#ringCache.peers;
  }

  /** One round of upkeep. */
  heartbeat(now: number): void {
    for (const [peerId, ask] of this.#pending) {
      if (ask.joinSent === null ? now - ask.asked <= LINK_WAIT_MS : now - ask.joinSent <= JOIN_TIMEOUT_MS) continue;
      if (!this.group.host.hasLink(peerId)) this.#unanswered.add(peerId);
      this.#giveUp(peerId);
    }
    if (this.#unanswered.size > 256) this.#unanswered.clear(); // the transport reports within its own bound; this only caps a leak
    for (const [peerId, until] of this.#declined) if (until < now) this.#declined.delete(peerId);
    if (this.#beats % 2 === 0) this.#checkSilence(now);
    const estimate = this.#layoutEstimate();
    const wanted = this.#wanted(estimate);
    for (const peerId of wanted) if (!this.neighbours.has(peerId) && !this.#pending.has(peerId) && !this.#declined.has(peerId)) this.#ask(peerId);
    this.#trim(wanted, estimate);
    if (this.membership.size > this.group.options.membership.maxKnown) this.membership.trim(new Set([...wanted, ...this.neighbours.keys(), ...this.#pending.keys()]));
    // Member lists go out every heartbeat while the overlay forms, then every fifth.
    if (!this.settled() || this.#beats % 5 === 0) this.#exchangeMembers();
    this.#beats++;
    this.#checkCoverage();
    if (this.neighbours.size === 0 && this.#pending.size === 0 && now >= this.#nextBootstrap) this.#rebootstrap(now);
  }

  /** Leaving: every neighbour is told, quietly (no events). */
  close(): void {
    for (const peerId of [...this.neighbours.keys()]) {
      this.group.send(peerId, { type: "leave", group: this.group.tag });
      this.#drop(peerId, false);
    }
    this.#pending.clear();
  }

  // ---- from the node ----

  linkOpened(peerId: string): void {
    this.#unanswered.delete(peerId);
    const ask = this.#pending.get(peerId);
    if (ask === undefined) return;
    ask.joinSent = this.group.host.scheduler.now();
    this.#sendJoin(peerId, false);
  }

  linkClosed(peerId: string): void {
    this.#pending.delete(peerId);
    if (this.neighbours.has(peerId)) this.#drop(peerId, true);
  }

  connectFailed(peerId: string, error: TransportError): void {
    const asked = this.#pending.has(peerId) || this.#unanswered.delete(peerId);
    if (!asked) return;
    this.#giveUp(peerId);
    // A member no network path reaches, left with none: the NetGroup tells the application why (docs/flash-net.md).
    if (error.detail === ICE_FAILURE && this.neighbours.size === 0 && this.#pending.size === 0) this.group.emit("unreachable", { peerId, reason: error.message });
  }

  /** Any frame from a neighbour counts as life. */
  heard(peerId: string, now: number): void {
    const neighbour = this.neighbours.get(peerId);
    if (neighbour !== undefined) neighbour.lastHeard = now;
  }

  receive(from: string, frame: OverlayFrame): void {
    switch (frame.type) {
      case "join": return this.#onJoin(from, frame.nearest, frame.reply);
      case "leave":
        this.#pending.delete(from);
        this.#declined.set(from, this.group.host.scheduler.now() + DECLINE_MS);
        if (this.neighbours.has(from)) this.#drop(from, true);
        return;
      case "members":
        if (this.neighbours.has(from)) for (const peerId of frame.peers) this.membership.add(peerId, from);
        return;
      case "ping":
        this.group.send(from, { type: "pong", group: this.group.tag, nonce: frame.nonce });
        return;
      case "pong":
        return;
    }
  }

  // ---- internals ----

  #onJoin(from: string, nearest: boolean, reply: boolean): void {
    this.#pending.delete(from);
    const existing = this.neighbours.get(from);
    if (existing !== undefined) {
      existing.nearest = nearest;
      if (!reply) this.#sendJoin(from, true);
      return;
    }
    const member = this.membership.add(from);
    // A full member still takes a peer it wants itself (its ring neighbours and fingers): the ring must close.
    if (member === null || this.group.options.peerToPeerDisabled || (this.neighbours.size >= this.#hardLimit() && !this.#wanted(this.#layoutEstimate()).has(from))) {
      this.group.send(from, { type: "leave", group: this.group.tag });
      return;
    }
    this.neighbours.set(from, { ...member, nearest, lastHeard: this.group.host.scheduler.now(), asked: reply });
    if (!reply) this.#sendJoin(from, true);
    // Tell the new neighbour about the members around it: that is where it will look for its ring neighbours.
    this.group.send(from, { type: "members", group: this.group.tag, peers: this.membership.sampleFor(member.position, 24, 8, from) });
    this.#bootstrapDelay = REBOOTSTRAP_MS;
    this.changes.added(from);
    this.group.emit("neighborconnect", { peerId: from, address: member.address });
  }

  #sendJoin(peerId: string, reply: boolean): void {
    this.group.send(peerId, { type: "join", group: this.group.tag, nearest: this.#receiveMode === "nearest", reply });
  }

  #ask(peerId: string): void {
    if (this.neighbours.has(peerId)) return;
    this.#pending.set(peerId, { asked: this.group.host.scheduler.now(), joinSent: null });
    if (this.group.host.hasLink(peerId)) this.linkOpened(peerId);
    else this.group.host.ensureLink(peerId);
  }

  /**
   * No neighbour and no ask in flight (every member known failed to answer, as links can under load, or the group was
   * empty): ask the bootstrap peers and the rendezvous again, then wait twice as long before the next try.
   */
  #rebootstrap(now: number): void {
    const { options, host, groupId } = this.group;
    this.#nextBootstrap = now + this.#bootstrapDelay;
    this.#bootstrapDelay = Math.min(REBOOTSTRAP_MAX_MS, this.#bootstrapDelay * 2);
    if (options.peerToPeerDisabled) return;
    for (const peerId of options.bootstrapPeers) this.addNeighbor(peerId);
    if (!options.serverChannel) return;
    host.rendezvous.join(groupId, true, (result) => {
      if (this.group.closed || !result.ok) return;
      for (const peerId of result.members) this.membership.add(peerId);
    });
  }

  #giveUp(peerId: string): void {
    this.#pending.delete(peerId);
    this.membership.forget(peerId);
    this.group.host.releaseLink(peerId);
  }

  #drop(peerId: string, announce: boolean): void {
    const neighbour = this.neighbours.get(peerId);
    if (neighbour === undefined) return;
    this.neighbours.delete(peerId);
    this.changes.removed(peerId);
    this.group.host.releaseLink(peerId);
    if (announce) this.group.emit("neighbordisconnect", { peerId, address: neighbour.address });
  }

  /**
   * Drops neighbours silent too long; pings those silent a third of that. The transport usually notices a dead
   * link first (ICE, or the memory network's failure detection); this catches a peer whose link stays up while the
   * group on it is gone.
   */
  #checkSilence(now: number): void {
    const timeout = this.group.options.silenceTimeoutMs;
    let silent: string[] | null = null;
    let ping: Uint8Array | null = null;
    for (const neighbour of this.neighbours.values()) {
      const silence = now - neighbour.lastHeard;
      if (silence > timeout) (silent ??= []).push(neighbour.peerId);
      else if (silence > timeout / 3) this.group.host.sendEncoded(neighbour.peerId, (ping ??= encodeFrame({ type: "ping", group: this.group.tag, nonce: 0 })));
    }
    for (const peerId of silent ?? []) {
      this.#drop(peerId, true);
      this.membership.forget(peerId);
    }
  }

  /**
   * Whether the group is small enough to mesh fully: few members known and estimated, the rendezvous agreeing, and
   * a few seconds of member exchange behind us (a newcomer knows only its bootstrap members at first).
   */
  #small(): boolean {
    const settled = this.group.host.scheduler.now() - this.#startedAt >= 5000;
    return settled && this.membership.size + 1 <= FULL_MESH_LIMIT && this.#layoutEstimate() <= FULL_MESH_LIMIT && this.#rendezvousCount <= FULL_MESH_LIMIT;
  }

  /** The neighbours wanted (everyone in a small group, else {@link Membership.wanted}), recomputed on change only. */
  #wanted(estimate: number): Set<string> {
    const fingers = Math.ceil(Math.log2(Math.max(2, estimate)));
    const small = this.#small();
    let cache = this.#wantedCache;
    if (cache === null || cache.version !== this.membership.version || cache.fingers !== fingers || cache.small !== small) {
      cache = { version: this.membership.version, fingers, small, wanted: small ? new Set(this.membership.members.keys()) : this.membership.wanted(estimate) };
      this.#wantedCache = cache;
    }
    return cache.wanted;
  }

  #softLimit(estimate: number): number {
    return this.group.options.maxNeighbors ?? Math.ceil(Math.log2(Math.max(2, estimate))) + 13 + 6;
  }

  #hardLimit(): number {
    return this.#softLimit(this.#layoutEstimate()) + 8;
  }

  /**
   * Over the limit, drops neighbours this member asked for and no longer wants (a finger that moved). Neighbours
   * that asked for this member are kept: they want it, and dropping them would only make them ask again.
   */
  #trim(wanted: ReadonlySet<string>, estimate: number): void {
    const limit = this.#softLimit(estimate);
    if (this.neighbours.size <= limit) return;
    const self = this.group.self.position;
    const extra = [...this.neighbours.values()].filter((neighbour) => neighbour.asked && !wanted.has(neighbour.peerId));
    extra.sort((a, b) => ringDistance(self, b.position) - ringDistance(self, a.position));
    for (const neighbour of extra.slice(0, this.neighbours.size - limit)) {
      this.group.send(neighbour.peerId, { type: "leave", group: this.group.tag });
      this.#drop(neighbour.peerId, true);
    }
  }

  /** Each heartbeat one neighbour, in turn, hears of the members around it and a few random ones. */
  #exchangeMembers(): void {
    if (this.neighbours.size === 0) return;
    const list = [...this.neighbours.values()];
    const neighbour = list[this.#exchangeTurn++ % list.length]!;
    this.group.send(neighbour.peerId, { type: "members", group: this.group.tag, peers: this.membership.sampleFor(neighbour.position, 16, 8, neighbour.peerId) });
  }

  #checkCoverage(): void {
    if (this.#coverageVersion === this.membership.version) return;
    this.#coverageVersion = this.membership.version;
    const { from, to } = this.localCoverage;
    const coverage = `${from}-${to}`;
    if (coverage === this.#coverage) return;
    const first = this.#coverage === "";
    this.#coverage = coverage;
    if (!first) this.group.emit("coverage", null);
  }
}
