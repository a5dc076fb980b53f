/**
 * One member in one group: the dispatcher of its group services. The node hands it every frame for the group; it
 * passes each to the service that owns the frame type (the overlay's own frames from anyone, the others' from
 * neighbours only), runs the heartbeat, and exposes the operations NetGroup uses. The services:
 * {@link Neighbours} (membership and neighbours, neighbours.ts), {@link Posting} (Plumtree posting, posting.ts) and
 * {@link Routing} (directed routing, routing.ts), {@link Replication} (object replication, replication/) and
 * {@link MulticastGroup} (multicast NetStreams, streams/). Events: `neighborconnect`, `neighbordisconnect`, `post`,
 * `sendto`, `coverage`, `rendezvous`, replication's `fetchsendnotify`, `fetchfailed`, `fetchresult`,
 * `replicationrequest`, and multicast's `publishnotify`, `unpublishnotify` (CustomEvents, details in groupOptions.ts). How a new service plugs in:
 * docs/group-engine.md.
 */
import { TypedEventTarget } from "typescript-event-target";
import type { TransportError } from "../transport/errors.js";
import type { Timer } from "../transport/scheduler.js";
import { encodeFrame, groupTagOf, type Frame, type GroupTag } from "../wire/frames.js";
import type { Amf3Payload } from "./amf3Payload.js";
import { GROUP_DEFAULTS, type GroupEventMap, type GroupOptions, type GroupStats, type ReceiveMode, type SendResult } from "./groupOptions.js";
import type { GroupContext, GroupHost, GroupService } from "./host.js";
import { knownMember, type KnownMember, type Membership } from "./membership.js";
import { Neighbours, type Neighbour } from "./neighbours.js";
import { Posting } from "./posting.js";
import { Replication } from "./replication/Replication.js";
import { Routing } from "./routing.js";
import { MulticastGroup } from "./streams/MulticastGroup.js";
import { TrafficMeter } from "./traffic.js";

/** One member in one group. */
export class GroupOverlay extends TypedEventTarget<GroupEventMap> {
  readonly tag: GroupTag;
  readonly options: GroupOptions;
  readonly self: KnownMember;
  readonly stats: GroupStats = { malformedPayloads: 0, forgedMessageIds: 0, unauthorizedPosts: 0 };
  /** Bytes sent and received by kind, for `NetGroupInfo`. */
  readonly traffic: TrafficMeter;
  readonly overlay: Neighbours;
  readonly posting: Posting;
  readonly routing: Routing;
  /** Object replication (inert unless the groupspec enables it). */
  readonly replication: Replication;
  /** Multicast NetStreams in this group (inert unless the groupspec enables multicast). */
  readonly multicast: MulticastGroup;
  readonly #services: readonly GroupService[];
  readonly #byType = new Map<Frame["type"], GroupService>();
  #heartbeat: Timer | null = null;
  #closed = false;
  /**
   * Told of every group frame sent to or received from a neighbour (for views such as the player page's mesh
   * picture); null, the default, costs nothing.
   */
  observer: ((direction: "in" | "out", peerId: string, type: Frame["type"]) => void) | null = null;

  constructor(
    readonly node: GroupHost,
    readonly groupId: string,
    options: Partial<GroupOptions> & { readonly random: () => number },
  ) {
    super();
    this.options = { ...GROUP_DEFAULTS, ...options };
    this.tag = groupTagOf(groupId);
    this.traffic = new TrafficMeter(node.scheduler.now());
    this.self = knownMember(node.peerId);
    const overlay = this;
    const context: GroupContext = {
      host: node,
      groupId,
      tag: this.tag,
      options: this.options,
      self: this.self,
      traffic: this.traffic,
      stats: this.stats,
      send: (peerId, frame) => this.#sendBytes(peerId, encodeFrame(frame), frame.type),
      sendBytes: (peerId, bytes, type) => this.#sendBytes(peerId, bytes, type),
      emit: (type, detail) => void this.dispatchTypedEvent(type, new CustomEvent(type, { detail }) as GroupEventMap[typeof type]),
      get closed() {
        return overlay.#closed;
      },
    };
    this.overlay = new Neighbours(context, {
      added: (peerId) => {
        for (const service of this.#services) service.neighbourAdded?.(peerId);
      },
      removed: (peerId) => {
        for (const service of this.#services) service.neighbourRemoved?.(peerId);
      },
    });
    this.posting = new Posting(context, this.overlay);
    this.routing = new Routing(context, this.overlay);
    this.replication = new Replication(context, this.overlay, this.options.replication);
    this.addEventListener("neighborconnect", (event) => this.replication.neighbourAdded(event.detail.peerId));
    this.multicast = new MulticastGroup(context, this.overlay);
    this.addEventListener("neighborconnect", (event) => this.multicast.neighbourAdded(event.detail.peerId));
    this.#services = [this.posting, this.routing, this.replication, this.multicast];
    for (const service of [this.overlay, ...this.#services] as GroupService[]) for (const type of service.frameTypes) this.#byType.set(type, service);
  }

  /** Starts finding members: bootstrap peers, then the rendezvous when the server channel is on. */
  start(): void {
    this.overlay.start();
    if (this.options.serverChannel) {
      const peerToPeer = !this.options.peerToPeerDisabled;
      this.node.rendezvous.join(this.groupId, peerToPeer, (result) => {
        if (this.#closed) return;
        if (result.ok && peerToPeer) {
          this.overlay.rendezvousMembers(result.members, result.memberCount);
          this.heartbeat();
        }
        if (!this.#closed) this.dispatchTypedEvent("rendezvous", new CustomEvent("rendezvous", { detail: result }));
      });
    }
    if (!this.options.peerToPeerDisabled) this.#scheduleHeartbeat();
  }

  /** Whether this group asks the rendezvous for members (its `rendezvous` event follows the answer). */
  get usesRendezvous(): boolean {
    return this.options.serverChannel;
  }

  /** The members this one knows. */
  get membership(): Membership {
    return this.overlay.membership;
  }

  /** Neighbours by peer ID. */
  get neighbours(): ReadonlyMap<string, Neighbour> {
    return this.overlay.neighbours;
  }

  /** How this member takes directed messages; neighbours are told when it changes. */
  get receiveMode(): ReceiveMode {
    return this.overlay.receiveMode;
  }

  set receiveMode(mode: ReceiveMode) {
    this.overlay.receiveMode = mode;
  }

  /** Estimated members in the group, this one included. */
  get estimatedMemberCount(): number {
    return this.overlay.estimatedMemberCount;
  }

  /** The address range this member is nearest to (increasing direction), among the members it knows. */
  get localCoverage(): { from: string; to: string } {
    return this.overlay.localCoverage;
  }

  /** Whether this group needs a link to `peerId` (neighbour or asked to be one). */
  usesPeer(peerId: string): boolean {
    return this.overlay.usesPeer(peerId);
  }

  /** Asks `peerId` to be a neighbour now (`NetGroup.addNeighbor`). False for oneself. */
  addNeighbor(peerId: string): boolean {
    return this.overlay.addNeighbor(peerId);
  }

  /** Learns of a member without connecting to it now (`NetGroup.addMemberHint`). */
  addMemberHint(peerId: string): boolean {
    return this.overlay.addMemberHint(peerId);
  }

  /** Posts `message` to every member; returns its messageID (hex SHA-256 of its AMF3 bytes). */
  post(message: Amf3Payload): string {
    return this.posting.post(message);
  }

  /** Directed routing, one hop (Routing.sendToNearest). */
  sendToNearest(target: string, message: Amf3Payload): SendResult {
    return this.routing.sendToNearest(target, message);
  }

  /** The ring successor ("nextIncreasing"), predecessor ("nextDecreasing") or every neighbour ("allNeighbors"). */
  sendToNeighbor(mode: "nextIncreasing" | "nextDecreasing" | "allNeighbors", message: Amf3Payload): SendResult {
    return this.routing.sendToNeighbor(mode, message);
  }

  /** One round of maintenance; called by the heartbeat timer, and by simulations that step time themselves. */
  heartbeat(): void {
    if (this.#closed) return;
    const now = this.node.scheduler.now();
    this.overlay.heartbeat(now);
    for (const service of this.#services) service.heartbeat?.(now);
    this.traffic.sample(now);
  }

  /** Leaves the group: neighbours are told, timers stop, links no other group needs close. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#heartbeat?.cancel();
    for (const service of this.#services) service.close?.();
    if (this.options.serverChannel) this.node.rendezvous.leave(this.groupId);
    this.overlay.close();
    this.node.groupClosed(this.tag);
  }

  // ---- from the mesh node ----

  linkOpened(peerId: string): void {
    if (!this.#closed) this.overlay.linkOpened(peerId);
  }

  linkClosed(peerId: string): void {
    if (!this.#closed) this.overlay.linkClosed(peerId);
  }

  connectFailed(peerId: string, error: TransportError): void {
    if (!this.#closed) this.overlay.connectFailed(peerId, error);
  }

  /** A frame from `from`, `size` bytes on the wire. */
  receive(from: string, frame: Frame, size = 0): void {
    if (this.#closed) return;
    this.traffic.received(frame.type, size);
    this.observer?.("in", from, frame.type);
    this.overlay.heard(from, this.node.scheduler.now());
    const service = this.#byType.get(frame.type);
    // The overlay's frames come from anyone (that is how neighbours are made); the other services' from neighbours only.
    if (service === undefined || (service !== this.overlay && !this.overlay.neighbours.has(from))) return;
    service.receive(from, frame);
  }

  #sendBytes(peerId: string, bytes: Uint8Array, type: Frame["type"]): boolean {
    const sent = this.node.sendEncoded(peerId, bytes);
    if (sent) {
      this.traffic.sent(type, bytes.length);
      this.observer?.("out", peerId, type);
    }
    return sent;
  }

  #scheduleHeartbeat(): void {
    this.#heartbeat = this.node.scheduler.setTimer(this.options.heartbeatMs * (0.5 + this.options.random()), () => {
      this.heartbeat();
      if (!this.#closed) this.#scheduleHeartbeat();
    });
  }
}
