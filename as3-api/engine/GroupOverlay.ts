/**
 * One member's view of one group: its neighbours on the overlay, the members it knows, and the group operations
 * (posting through {@link Plumtree}, directed routing). Neighbours are kept by a heartbeat that connects the
 * members {@link Membership.wanted} names, exchanges member lists, drops neighbours that fell silent and trims the
 * neighbour set to about log2(N) + 13, Flash's own target. Events: `neighborconnect`, `neighbordisconnect`, `post`,
 * `sendto`, `coverage` (CustomEvents, details below).
 */
import { TypedEventTarget } from "typescript-event-target";
import type { Timer } from "../transport/scheduler.js";
import type { RendezvousResult } from "../transport/transport.js";
import { AmfError, decodeAmf3, encodeAmf3 } from "../wire/amf3.js";
import { bytesToHex } from "../wire/bytes.js";
import { encodeFrame, groupTagOf, type Frame, type GroupTag } from "../wire/frames.js";
import { postTag, equalBytes, unwrapPost, wrapPost } from "../wire/postAuthorization.js";
import { sha256 } from "../wire/sha256.js";
import { GROUP_DEFAULTS, type GroupEventMap, type GroupOptions, type ReceiveMode, type SendResult } from "./groupOptions.js";
import { knownMember, Membership, type KnownMember } from "./membership.js";
import type { MeshNode } from "./MeshNode.js";
import { Plumtree } from "./Plumtree.js";
import { estimateMemberCount, localCoverage, ringDistance } from "./ring.js";
import { neighbourToward, nextHop } from "./routing.js";
import { TrafficMeter } from "./traffic.js";

/** A neighbour: a member with an open link that agreed to be a neighbour in this group. */
export interface Neighbour extends KnownMember {
  nearest: boolean;
  eager: boolean;
  lastHeard: number;
  /** This member asked for the link (the other one accepted). Only such neighbours are trimmed: the others asked us. */
  readonly asked: boolean;
}

/** Counters of dropped input specific to the group. */
export interface GroupStats {
  malformedPayloads: number;
  forgedMessageIds: number;
  /** Posts dropped because the group has a posting password and their tag was missing or wrong. */
  unauthorizedPosts: number;
}

/**
 * Groups up to this size become a full mesh (every member wants every other as a neighbour), as Flash's small groups
 * did, and posts then go to every member in one hop.
 */
export const FULL_MESH_LIMIT = 24;
/** How long a member that declined us is not asked again, ms. */
const DECLINE_MS = 60_000;
/** How long a join may wait for its answer, ms. */
const JOIN_TIMEOUT_MS = 10_000;

/** One member in one group. */
export class GroupOverlay extends TypedEventTarget<GroupEventMap> {
  readonly tag: GroupTag;
  readonly options: GroupOptions;
  readonly self: KnownMember;
  readonly membership: Membership;
  readonly neighbours = new Map<string, Neighbour>();
  readonly posting: Plumtree;
  readonly stats: GroupStats = { malformedPayloads: 0, forgedMessageIds: 0, unauthorizedPosts: 0 };
  /** Bytes sent and received by kind, for `NetGroupInfo`. */
  readonly traffic: TrafficMeter;
  /** Peers asked to be neighbours, with the time asked. */
  readonly #pending = new Map<string, number>();
  readonly #declined = new Map<string, number>();
  #heartbeat: Timer | null = null;
  #exchangeTurn = 0;
  #beats = 0;
  #startedAt = 0;
  #coverage = "";
  #coverageVersion = -1;
  #wantedCache: { version: number; fingers: number; small: boolean; wanted: Set<string> } | null = null;
  #ringCache: { version: number; peers: Set<string> } | null = null;
  /** Members the rendezvous counted when this member joined (0 without a server channel). */
  #rendezvousCount = 0;
  #lastPost: { messageId: string; hops: number; direct: boolean; bytes: Uint8Array } | null = null;
  #receiveMode: ReceiveMode;
  #closed = false;
  /**
   * Told of every group frame sent to or received from a neighbour (for views such as the player page's mesh
   * picture); null, the default, costs nothing.
   */
  observer: ((direction: "in" | "out", peerId: string, type: Frame["type"]) => void) | null = null;

  constructor(
    readonly node: MeshNode,
    readonly groupId: string,
    options: Partial<GroupOptions> = {},
  ) {
    super();
    this.options = { ...GROUP_DEFAULTS, random: node.random, ...options };
    this.tag = groupTagOf(groupId);
    this.#receiveMode = this.options.receiveMode;
    this.traffic = new TrafficMeter(node.scheduler.now());
    this.self = knownMember(node.peerId);
    this.membership = new Membership(this.self, this.options.membership, this.options.random);
    const overlay = this;
    this.posting = new Plumtree(
      {
        scheduler: node.scheduler,
        random: this.options.random,
        neighbours: () => overlay.neighbours.values(),
        isEager: (peerId) => overlay.neighbours.get(peerId)?.eager ?? false,
        isRingNeighbour: (peerId) => overlay.#ringPeers().has(peerId),
        setEager(peerId, eager) {
          const neighbour = overlay.neighbours.get(peerId);
          if (neighbour !== undefined) neighbour.eager = eager;
        },
        sendPost: (peerId, messageId, hops, payload, direct) => {
          // One post goes to several neighbours with the same hop count: encode it once.
          const last = this.#lastPost;
          if (last === null || last.messageId !== messageId || last.hops !== hops || last.direct !== direct) {
            this.#lastPost = { messageId, hops, direct, bytes: encodeFrame({ type: "post", group: this.tag, messageId, hops, direct, payload }) };
          }
          this.#sendBytes(peerId, this.#lastPost!.bytes, "post");
        },
        fullMesh: () => this.#small() && this.neighbours.size > 0 && this.membership.size <= this.neighbours.size,
        sendIHave: (peerId, announcements) => this.#send(peerId, { type: "ihave", group: this.tag, announcements }),
        sendGraft: (peerId, messageIds) => this.#send(peerId, { type: "graft", group: this.tag, messageIds }),
        sendPrune: (peerId) => this.#send(peerId, { type: "prune", group: this.tag }),
        deliver: (messageId, payload, hops) => this.#deliverPost(messageId, payload, hops),
      },
      this.options.plumtree,
    );
  }

  /** Starts finding members: bootstrap peers, then the rendezvous when the server channel is on. */
  start(): void {
    this.#startedAt = this.node.scheduler.now();
    if (this.options.peerToPeerDisabled) {
      if (this.options.serverChannel) this.node.transport.rendezvousJoin(this.groupId, false, (result) => this.#joined(result));
      return;
    }
    for (const peerId of this.options.bootstrapPeers) this.addNeighbor(peerId);
    if (this.options.serverChannel) {
      this.node.transport.rendezvousJoin(this.groupId, true, (result) => {
        if (this.#closed) return;
        if (result.ok) {
          for (const peerId of result.members) this.membership.add(peerId);
          this.#rendezvousCount = result.memberCount;
          this.heartbeat();
        }
        this.#joined(result);
      });
    }
    this.#scheduleHeartbeat();
  }

  /** Whether this group asks the rendezvous for members (its `rendezvous` event follows the answer). */
  get usesRendezvous(): boolean {
    return this.options.serverChannel;
  }

  /** How this member takes directed messages; neighbours are told when it changes. */
  get receiveMode(): ReceiveMode {
    return this.#receiveMode;
  }

  set receiveMode(mode: ReceiveMode) {
    if (mode === this.#receiveMode) return;
    this.#receiveMode = mode;
    for (const peerId of this.neighbours.keys()) this.#send(peerId, { type: "join", group: this.tag, nearest: mode === "nearest", reply: true });
  }

  /** Estimated members in the group, this one included. */
  get estimatedMemberCount(): number {
    const { before, after } = this.membership.around(8);
    return estimateMemberCount(before, after, this.membership.size);
  }

  /** The address range this member is nearest to (increasing direction), among the members it knows. */
  get localCoverage(): { from: string; to: string } {
    return localCoverage(this.self.address, this.membership.predecessors(1)[0]?.address ?? null, this.membership.successors(1)[0]?.address ?? null);
  }

  /** Whether this group needs a link to `peerId` (neighbour or asked to be one). */
  usesPeer(peerId: string): boolean {
    return this.neighbours.has(peerId) || this.#pending.has(peerId);
  }

  /** Asks `peerId` to be a neighbour now (`NetGroup.addNeighbor`). False for oneself. */
  addNeighbor(peerId: string): boolean {
    if (this.membership.add(peerId) === null || this.options.peerToPeerDisabled) return false;
    this.#declined.delete(peerId);
    this.#ask(peerId);
    return true;
  }

  /** Learns of a member without connecting to it now (`NetGroup.addMemberHint`). */
  addMemberHint(peerId: string): boolean {
    return this.membership.add(peerId) !== null;
  }

  /**
   * Posts `message` to every member and returns its messageID: the hex SHA-256 of its AMF3 bytes (reference §1.2),
   * so identical messages share an ID and a repeat is not sent again. Throws AmfError when the message cannot be
   * serialized.
   */
  post(message: unknown): string {
    const amf = encodeAmf3(message);
    const messageId = bytesToHex(sha256(amf));
    const key = this.options.postingAuthorization.key;
    this.posting.broadcast(messageId, wrapPost(amf, key === null ? null : postTag(key, messageId)));
    return messageId;
  }

  /**
   * Directed routing, one hop (Flash semantics: the receiver re-sends until `fromLocal`). The next hop is the member
   * nearest `target` among this one and its neighbours; an exact address match wins. When this member is nearest
   * but not exactly the target, it takes the message itself only in receive mode "nearest"; in "exact" there is no
   * route.
   */
  sendToNearest(target: string, payload: Uint8Array, message: unknown): SendResult {
    if (target === this.self.address) return this.#deliverLocally(message);
    const hop = nextHop(this.self, this.neighbours.values(), target);
    if (hop !== this.self) return this.#send(hop.peerId, { type: "route", group: this.tag, target, payload }) ? "sent" : "error";
    return this.#receiveMode === "nearest" ? this.#deliverLocally(message) : "no route";
  }

  /** The ring successor ("nextIncreasing"), predecessor ("nextDecreasing") or every neighbour ("allNeighbors"). */
  sendToNeighbor(mode: "nextIncreasing" | "nextDecreasing" | "allNeighbors", payload: Uint8Array): SendResult {
    if (this.neighbours.size === 0) return "no route";
    const bytes = encodeFrame({ type: "neighbor", group: this.tag, payload });
    if (mode === "allNeighbors") {
      let sent = false;
      for (const neighbour of this.neighbours.values()) sent = this.#sendBytes(neighbour.peerId, bytes, "neighbor") || sent;
      return sent ? "sent" : "error";
    }
    const next = neighbourToward(this.self, this.neighbours.values(), mode);
    return next !== null && this.#sendBytes(next.peerId, bytes, "neighbor") ? "sent" : "error";
  }

  /** One round of maintenance; called by the heartbeat timer, and by simulations that step time themselves. */
  heartbeat(): void {
    if (this.#closed) return;
    const now = this.node.scheduler.now();
    for (const [peerId, asked] of this.#pending) if (now - asked > JOIN_TIMEOUT_MS) this.#giveUp(peerId);
    for (const [peerId, until] of this.#declined) if (until < now) this.#declined.delete(peerId);
    if (this.#beats % 2 === 0) this.#checkSilence(now);
    const estimate = this.estimatedMemberCount;
    const wanted = this.#wanted(estimate);
    for (const peerId of wanted) if (!this.neighbours.has(peerId) && !this.#pending.has(peerId) && !this.#declined.has(peerId)) this.#ask(peerId);
    this.#trim(wanted, estimate);
    if (this.membership.size > this.options.membership.maxKnown) this.membership.trim(new Set([...wanted, ...this.neighbours.keys(), ...this.#pending.keys()]));
    // Member lists go out every heartbeat while the overlay forms, then every fifth.
    if (now - this.#startedAt < 10_000 || this.#beats % 5 === 0) this.#exchangeMembers();
    this.#beats++;
    this.posting.expire();
    this.traffic.sample(now);
    this.#checkCoverage();
  }

  /**
   * Drops neighbours silent too long; pings those silent a third of that (any frame from them counts as life). The
   * transport usually notices a dead link first (ICE, or the memory network's failure detection); this catches a
   * peer whose link stays up while the group on it is gone.
   */
  #checkSilence(now: number): void {
    const pingAfter = this.options.silenceTimeoutMs / 3;
    let silent: string[] | null = null;
    let ping: Uint8Array | null = null;
    for (const neighbour of this.neighbours.values()) {
      const silence = now - neighbour.lastHeard;
      if (silence > this.options.silenceTimeoutMs) (silent ??= []).push(neighbour.peerId);
      else if (silence > pingAfter) this.node.sendEncoded(neighbour.peerId, (ping ??= encodeFrame({ type: "ping", group: this.tag, nonce: 0 })));
    }
    for (const peerId of silent ?? []) {
      this.#dropNeighbour(peerId, true);
      this.membership.forget(peerId);
    }
  }

  /**
   * Whether the group is small enough to mesh fully: few members known and estimated, the rendezvous agreeing, and
   * a few seconds of member exchange behind us (a newcomer knows only its bootstrap members at first).
   */
  #small(): boolean {
    const settled = this.node.scheduler.now() - this.#startedAt >= 5000;
    return settled && this.membership.size + 1 <= FULL_MESH_LIMIT && this.estimatedMemberCount <= FULL_MESH_LIMIT && this.#rendezvousCount <= FULL_MESH_LIMIT;
  }

  /** This member's ring successors and predecessors, recomputed only when the membership changed. */
  #ringPeers(): Set<string> {
    if (this.#ringCache === null || this.#ringCache.version !== this.membership.version) {
      const count = this.options.membership.ringNeighbours;
      const peers = new Set([...this.membership.successors(count), ...this.membership.predecessors(count)].map((member) => member.peerId));
      this.#ringCache = { version: this.membership.version, peers };
    }
    return this.#ringCache.peers;
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

  /** Leaves the group: neighbours are told, timers stop, links no other group needs close. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#heartbeat?.cancel();
    this.posting.close();
    if (this.options.serverChannel) this.node.transport.rendezvousLeave(this.groupId);
    for (const peerId of [...this.neighbours.keys()]) {
      this.#send(peerId, { type: "leave", group: this.tag });
      this.#dropNeighbour(peerId, false);
    }
    this.#pending.clear();
    this.node.groupClosed(this);
  }

  // ---- from the mesh node ----

  linkOpened(peerId: string): void {
    if (this.#pending.has(peerId)) this.#send(peerId, { type: "join", group: this.tag, nearest: this.#receiveMode === "nearest", reply: false });
  }

  linkClosed(peerId: string): void {
    this.#pending.delete(peerId);
    if (this.neighbours.has(peerId)) this.#dropNeighbour(peerId, true);
  }

  connectFailed(peerId: string): void {
    if (this.#pending.has(peerId)) this.#giveUp(peerId);
  }

  /** A frame from `from`, `size` bytes on the wire. */
  receive(from: string, frame: Frame, size = 0): void {
    if (this.#closed) return;
    this.traffic.received(frame.type, size);
    this.observer?.("in", from, frame.type);
    const neighbour = this.neighbours.get(from);
    if (neighbour !== undefined) neighbour.lastHeard = this.node.scheduler.now();
    switch (frame.type) {
      case "join": return this.#onJoin(from, frame.nearest, frame.reply);
      case "leave":
        this.#pending.delete(from);
        this.#declined.set(from, this.node.scheduler.now() + DECLINE_MS);
        if (neighbour !== undefined) this.#dropNeighbour(from, true);
        return;
      case "members":
        if (neighbour !== undefined) for (const peerId of frame.peers) this.membership.add(peerId);
        return;
      case "ping":
        this.#send(from, { type: "pong", group: this.tag, nonce: frame.nonce });
        return;
      case "pong":
        return;
      default:
        // Group traffic is accepted from neighbours only.
        if (neighbour === undefined) return;
    }
    switch (frame.type) {
      case "post": return this.posting.onPost(from, frame.messageId, frame.hops, frame.payload, frame.direct);
      case "ihave": return this.posting.onIHave(from, frame.announcements);
      case "graft": return this.posting.onGraft(from, frame.messageIds);
      case "prune": return this.posting.onPrune(from);
      case "route":
      case "neighbor": {
        const message = this.#decode(frame.payload);
        if (message !== DECODE_FAILED) this.#emit("sendto", { message, from: neighbour.address, fromLocal: false });
        return;
      }
    }
  }

  // ---- internals ----

  #onJoin(from: string, nearest: boolean, reply: boolean): void {
    this.#pending.delete(from);
    const existing = this.neighbours.get(from);
    if (existing !== undefined) {
      existing.nearest = nearest;
      if (!reply) this.#send(from, { type: "join", group: this.tag, nearest: this.#receiveMode === "nearest", reply: true });
      return;
    }
    const member = this.membership.add(from);
    // A full member still takes a peer it wants itself (its ring neighbours and fingers): the ring must close.
    if (member === null || this.options.peerToPeerDisabled || (this.neighbours.size >= this.#hardLimit() && !this.#wanted(this.estimatedMemberCount).has(from))) {
      this.#send(from, { type: "leave", group: this.tag });
      return;
    }
    this.neighbours.set(from, { ...member, nearest, eager: true, lastHeard: this.node.scheduler.now(), asked: reply });
    if (!reply) this.#send(from, { type: "join", group: this.tag, nearest: this.#receiveMode === "nearest", reply: true });
    // Tell the new neighbour about the members around it: that is where it will look for its ring neighbours.
    this.#send(from, { type: "members", group: this.tag, peers: this.membership.sampleFor(member.position, 24, 8, from) });
    this.#emit("neighborconnect", { peerId: from, address: member.address });
  }

  #ask(peerId: string): void {
    if (this.neighbours.has(peerId)) return;
    this.#pending.set(peerId, this.node.scheduler.now());
    if (this.node.hasLink(peerId)) this.linkOpened(peerId);
    else this.node.ensureLink(peerId);
  }

  #giveUp(peerId: string): void {
    this.#pending.delete(peerId);
    this.membership.forget(peerId);
    this.node.releaseLink(peerId);
  }

  #dropNeighbour(peerId: string, announce: boolean): void {
    const neighbour = this.neighbours.get(peerId);
    if (neighbour === undefined) return;
    this.neighbours.delete(peerId);
    this.posting.neighbourRemoved(peerId);
    this.node.releaseLink(peerId);
    if (announce) this.#emit("neighbordisconnect", { peerId, address: neighbour.address });
  }

  #hardLimit(): number {
    return (this.options.maxNeighbors ?? Math.ceil(Math.log2(Math.max(2, this.estimatedMemberCount))) + 13 + 6) + 8;
  }

  /**
   * Over the limit, drops neighbours this member asked for and no longer wants (a finger that moved). Neighbours
   * that asked for this member are kept: they want it, and dropping them would only make them ask again.
   */
  #trim(wanted: ReadonlySet<string>, estimate: number): void {
    const limit = this.options.maxNeighbors ?? Math.ceil(Math.log2(Math.max(2, estimate))) + 13 + 6;
    if (this.neighbours.size <= limit) return;
    const extra = [...this.neighbours.values()].filter((neighbour) => neighbour.asked && !wanted.has(neighbour.peerId));
    extra.sort((a, b) => ringDistance(this.self.position, b.position) - ringDistance(this.self.position, a.position));
    for (const neighbour of extra.slice(0, this.neighbours.size - limit)) {
      this.#send(neighbour.peerId, { type: "leave", group: this.tag });
      this.#dropNeighbour(neighbour.peerId, true);
    }
  }

  /** Each heartbeat one neighbour, in turn, hears of the members around it and a few random ones. */
  #exchangeMembers(): void {
    if (this.neighbours.size === 0) return;
    const list = [...this.neighbours.values()];
    const neighbour = list[this.#exchangeTurn++ % list.length]!;
    this.#send(neighbour.peerId, { type: "members", group: this.tag, peers: this.membership.sampleFor(neighbour.position, 16, 8, neighbour.peerId) });
  }

  #checkCoverage(): void {
    if (this.#coverageVersion === this.membership.version) return;
    this.#coverageVersion = this.membership.version;
    const { from, to } = this.localCoverage;
    const coverage = `${from}-${to}`;
    if (coverage === this.#coverage) return;
    const first = this.#coverage === "";
    this.#coverage = coverage;
    if (!first) this.#emit("coverage", null);
  }

  /** Checks a post (its ID must be the SHA-256 of its bytes, which must be AMF3) and hands it to the application. */
  #deliverPost(messageId: string, payload: Uint8Array, hops: number): boolean {
    const envelope = unwrapPost(payload);
    if (envelope === null) {
      this.stats.malformedPayloads++;
      return false;
    }
    if (bytesToHex(sha256(envelope.message)) !== messageId) {
      this.stats.forgedMessageIds++;
      return false;
    }
    const { required, key } = this.options.postingAuthorization;
    if (required && (envelope.tag === null || (key !== null && !equalBytes(envelope.tag, postTag(key, messageId))))) {
      this.stats.unauthorizedPosts++;
      return false;
    }
    const message = this.#decode(envelope.message);
    if (message === DECODE_FAILED) return false;
    this.#emit("post", { message, messageId, hops });
    return true;
  }

  #deliverLocally(message: unknown): SendResult {
    this.node.scheduler.setTimer(0, () => this.#emit("sendto", { message, from: this.self.address, fromLocal: true }));
    return "sent";
  }

  #decode(payload: Uint8Array): unknown {
    try {
      return decodeAmf3(payload, this.options.amfLimits);
    } catch (error) {
      if (!(error instanceof AmfError)) throw error;
      this.stats.malformedPayloads++;
      return DECODE_FAILED;
    }
  }

  #send(peerId: string, frame: Frame): boolean {
    return this.#sendBytes(peerId, encodeFrame(frame), frame.type);
  }

  #sendBytes(peerId: string, bytes: Uint8Array, type: Frame["type"]): boolean {
    const sent = this.node.sendEncoded(peerId, bytes);
    if (sent) {
      this.traffic.sent(type, bytes.length);
      this.observer?.("out", peerId, type);
    }
    return sent;
  }

  #joined(result: RendezvousResult): void {
    if (!this.#closed) this.#emit("rendezvous", result);
  }

  #emit<K extends keyof GroupEventMap>(type: K, detail: GroupEventMap[K]["detail"]): void {
    this.dispatchTypedEvent(type, new CustomEvent(type, { detail }) as GroupEventMap[K]);
  }

  #scheduleHeartbeat(): void {
    this.#heartbeat = this.node.scheduler.setTimer(this.options.heartbeatMs * (0.5 + this.options.random()), () => {
      this.heartbeat();
      if (!this.#closed) this.#scheduleHeartbeat();
    });
  }
}

const DECODE_FAILED = Symbol("decode failed");
