/**
 * AS3 `flash.net.NetGroup` on the group engine. The groupspec decides what the group can do (posting, routing…),
 * every engine event becomes the reference's NetStatusEvent (§2), dispatched through the connection's queue after the
 * call that caused it, and every method throws until `NetGroup.Connect.Success`. Members in the reference's order.
 * Choices where Flash's behaviour is not recorded: docs/flash-net.md.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/net/NetGroup.html
 */
import { AmfError, type Amf3Payload, type GroupEventMap, type GroupOverlay, type Replication } from "../../engine/index.js";
import { ArgumentError } from "../../toplevel/ArgumentError.js";
import { FlashError } from "../../toplevel/FlashError.js";
import { playerError } from "../../toplevel/playerErrors.js";
import { RangeError } from "../../toplevel/RangeError.js";
import { TypeError } from "../../toplevel/TypeError.js";
import { TRANSPORT_ERROR_STATUS } from "../../transport/index.js";
import { decodeGroupspec } from "../../wire/groupspec/decode.js";
import { GroupspecError } from "../../wire/groupspec/GroupspecError.js";
import type { GroupspecOptions } from "../../wire/groupspec/options.js";
import { convertPeerIDToGroupAddress, groupIdOf, isPeerID } from "../../wire/identity.js";
import { IllegalOperationError } from "../errors/IllegalOperationError.js";
import { EventDispatcher } from "../events/EventDispatcher.js";
import type { NetStatusEvent, NetStatusInfo } from "../events/NetStatusEvent.js";
import { connectionInternals, type ConnectionInternals } from "./connectionInternals.js";
import type { GroupLease } from "./groupLeases.js";
import { deliveredMessage, messagePayload } from "./messageValues.js";
import { NetGroupInfo } from "./NetGroupInfo.js";
import { NetGroupReceiveMode } from "./NetGroupReceiveMode.js";
import { NetGroupReplicationStrategy } from "./NetGroupReplicationStrategy.js";
import { NetGroupSendMode } from "./NetGroupSendMode.js";
import { NetGroupSendResult } from "./NetGroupSendResult.js";
import type { NetConnection } from "./NetConnection.js";
import { netStatusInfo } from "./netStatusCodes.js";

/** What diagnostic views (as3-api/inspect.ts) may read of a NetGroup; not part of the AS3 class. */
export interface NetGroupInternals {
  readonly groupId: string;
  readonly spec: GroupspecOptions;
  /** The overlay while the group is connected. */
  overlay(): GroupOverlay | null;
}

/** NetGroup → its internals. */
export const groupInternals = new WeakMap<object, NetGroupInternals>();

/** Events a NetGroup dispatches. */
export interface NetGroupEventMap {
  netStatus: NetStatusEvent;
}

/** Largest object index (Flash Player's builtin check, reference §1.2). */
const MAX_INDEX = 9007199254740992;
const GROUP_ADDRESS = /^[0-9a-fA-F]{64}$/;
const RECEIVE_MODES: readonly string[] = [NetGroupReceiveMode.EXACT, NetGroupReceiveMode.NEAREST];
const STRATEGIES: readonly string[] = [NetGroupReplicationStrategy.LOWEST_FIRST, NetGroupReplicationStrategy.RAREST_FIRST];
/** `sendToNeighbor` modes; "allNeighbors" is the one Flash's own `sendToAllNeighbors` passes (reference §1.2). */
const SEND_MODES: readonly string[] = [NetGroupSendMode.NEXT_INCREASING, NetGroupSendMode.NEXT_DECREASING, "allNeighbors"];

type State = "connecting" | "connected" | "closed";

/** AS3 NetGroup. */
export class NetGroup extends EventDispatcher<NetGroupEventMap> {
  readonly #connection: ConnectionInternals;
  readonly #spec: GroupspecOptions;
  readonly #groupId: string;
  #overlay: GroupOverlay | null = null;
  /** This group's hold on the connection's membership (shared with multicast NetStreams of the same groupspec). */
  #lease: GroupLease | null = null;
  #state: State = "connecting";
  /** Engine events that came before Connect.Success was dispatched (they follow it, in order). */
  #early: NetStatusInfo[] | null = [];
  #receiveMode: string = NetGroupReceiveMode.EXACT;
  #replicationStrategy: string = NetGroupReplicationStrategy.LOWEST_FIRST;
  readonly #membership = { connectionClosed: () => this.#stop() };

  /**
   * Joins the group `groupspec` on `connection`. Throws ArgumentError #2126 when the connection is not connected,
   * and Error #2004 when the groupspec is malformed (the decoder's reason is the error's `cause`).
   */
  constructor(connection: NetConnection, groupspec: string) {
    super();
    if (connection === null || connection === undefined) throw playerError(TypeError, 2007, "connection");
    if (groupspec === null || groupspec === undefined) throw playerError(TypeError, 2007, "groupspec");
    const internals = connectionInternals(connection);
    if (internals === undefined) throw playerError(TypeError, 2007, "connection");
    if (internals.mode() === "none") throw playerError(ArgumentError, 2126);
    try {
      this.#spec = decodeGroupspec(String(groupspec));
      this.#groupId = groupIdOf(String(groupspec));
    } catch (error) {
      if (!(error instanceof GroupspecError)) throw error;
      const invalid = playerError(FlashError, 2004);
      (invalid as { cause?: unknown }).cause = error;
      throw invalid;
    }
    this.#connection = internals;
    groupInternals.set(this, { groupId: this.#groupId, spec: this.#spec, overlay: () => this.#live() });
    internals.attach(this.#membership);
    this.#join();
  }

  /** Estimated members of the group, this one included (0 when not connected). */
  get estimatedMemberCount(): number {
    return this.#live()?.estimatedMemberCount ?? 0;
  }

  /** Byte rates of this group's traffic, averaged over the last few seconds. */
  get info(): NetGroupInfo {
    const overlay = this.#live();
    if (overlay === null) return new NetGroupInfo(0, 0, 0, 0, 0, 0, 0, 0);
    const r = overlay.traffic.rates(overlay.node.scheduler.now());
    return new NetGroupInfo(r.postingSendData, r.postingSendControl, r.postingReceiveData, r.postingReceiveControl, r.routingSend, r.routingReceive, r.objectReplicationSend, r.objectReplicationReceive);
  }

  /** Start of the address range this member is nearest to (increasing direction); null until connected. */
  get localCoverageFrom(): string | null {
    return this.#live()?.localCoverage.from ?? null;
  }

  /** End of that range; null until connected. */
  get localCoverageTo(): string | null {
    return this.#live()?.localCoverage.to ?? null;
  }

  /** Neighbours connected now. */
  get neighborCount(): number {
    return this.#live()?.neighbours.size ?? 0;
  }

  /** NetGroupReceiveMode: "exact" (default) or "nearest". May be set before Connect.Success. */
  get receiveMode(): string {
    return this.#receiveMode;
  }

  set receiveMode(mode: string) {
    if (!RECEIVE_MODES.includes(mode)) throw playerError(ArgumentError, 2008, "receiveMode");
    this.#receiveMode = mode;
    if (this.#overlay !== null) this.#overlay.receiveMode = mode === NetGroupReceiveMode.NEAREST ? "nearest" : "exact";
  }

  /** NetGroupReplicationStrategy; default "lowestFirst" (Flash's default is not documented). Applies to the next request. */
  get replicationStrategy(): string {
    return this.#replicationStrategy;
  }

  set replicationStrategy(strategy: string) {
    if (!STRATEGIES.includes(strategy)) throw playerError(ArgumentError, 2008, "replicationStrategy");
    this.#replicationStrategy = strategy;
    if (this.#overlay !== null) this.#overlay.replication.strategy = strategy as "lowestFirst" | "rarestFirst";
  }

  /** Offers objects `startIndex … endIndex` to neighbours (RangeError #2006 outside 0 … 2^53). */
  addHaveObjects(startIndex: number, endIndex: number): void {
    this.#objectRange(startIndex, endIndex)?.addHave(startIndex, endIndex);
  }

  /** Learns of a member without connecting to it now. False for an invalid peer ID or this member's own. */
  addMemberHint(peerID: string): boolean {
    const overlay = this.#requireConnected();
    return isPeerID(peerID) && overlay.addMemberHint(peerID.toLowerCase());
  }

  /** Connects to `peerID` as a neighbour now. False for an invalid peer ID, this member's own, or a group without peer-to-peer. */
  addNeighbor(peerID: string): boolean {
    const overlay = this.#requireConnected();
    return isPeerID(peerID) && overlay.addNeighbor(peerID.toLowerCase());
  }

  /** Fetches objects `startIndex … endIndex` from neighbours that have them (Fetch.SendNotify, then Result or Failed). */
  addWantObjects(startIndex: number, endIndex: number): void {
    this.#objectRange(startIndex, endIndex)?.addWant(startIndex, endIndex);
  }

  /** Leaves the group. No event follows; every method throws afterwards. */
  close(): void {
    if (this.#state === "closed") return;
    this.#stop();
    this.#connection.detach(this.#membership);
  }

  /** The group address of `peerID`: hex(SHA-256(0x21 0x0f ‖ peer ID)). ArgumentError #2004 for an invalid peer ID. */
  convertPeerIDToGroupAddress(peerID: string): string {
    this.#requireConnected();
    if (!isPeerID(peerID)) throw playerError(ArgumentError, 2004);
    return convertPeerIDToGroupAddress(peerID);
  }

  /** Refuses a Replication.Request: the requester gets Fetch.Failed and asks elsewhere. An unknown requestID is ignored. */
  denyRequestedObject(requestID: number): void {
    this.#requireConnected().replication.deny(requestID);
  }

  /**
   * Posts `message` to every member; returns its messageID (hex SHA-256 of its AMF3 bytes), or null when the
   * groupspec does not enable posting or the message cannot be serialized. An identical message posted again is
   * not sent again (Flash's rule: "all messages must be unique").
   */
  post(message: unknown): string | null {
    const overlay = this.#requireConnected();
    if (!this.#spec.postingEnabled) return null;
    const payload = this.#serialize(message);
    return payload === null ? null : overlay.post(payload);
  }

  /** Stops offering objects `startIndex … endIndex`; neighbours are told. */
  removeHaveObjects(startIndex: number, endIndex: number): void {
    this.#objectRange(startIndex, endIndex)?.removeHave(startIndex, endIndex);
  }

  /** Stops fetching objects `startIndex … endIndex`; answers already on their way are dropped. */
  removeWantObjects(startIndex: number, endIndex: number): void {
    this.#objectRange(startIndex, endIndex)?.removeWant(startIndex, endIndex);
  }

  /** `sendToNeighbor(message, "allNeighbors")`, as Flash implements it: "sent" when at least one neighbour was. */
  sendToAllNeighbors(message: unknown): string {
    return this.sendToNeighbor(message, "allNeighbors");
  }

  /**
   * One hop toward `groupAddress`: to the neighbour nearest it, or to this member itself (SendTo.Notify with
   * fromLocal true) when it is the address or, in receive mode "nearest", nearest to it. "no route" when no one
   * takes it; "error" without routing in the groupspec, for a malformed address or message.
   */
  sendToNearest(message: unknown, groupAddress: string): string {
    const overlay = this.#requireConnected();
    if (!this.#spec.routingEnabled || typeof groupAddress !== "string" || !GROUP_ADDRESS.test(groupAddress)) return NetGroupSendResult.ERROR;
    const payload = this.#serialize(message);
    if (payload === null) return NetGroupSendResult.ERROR;
    return overlay.sendToNearest(groupAddress.toLowerCase(), payload);
  }

  /** To the ring successor ("nextIncreasing") or predecessor ("nextDecreasing"); ArgumentError #2008 for another mode. */
  sendToNeighbor(message: unknown, sendMode: string): string {
    const overlay = this.#requireConnected();
    if (!SEND_MODES.includes(sendMode)) throw playerError(ArgumentError, 2008, "sendMode");
    if (!this.#spec.routingEnabled) return NetGroupSendResult.ERROR;
    const payload = this.#serialize(message);
    if (payload === null) return NetGroupSendResult.ERROR;
    return overlay.sendToNeighbor(sendMode as "nextIncreasing" | "nextDecreasing" | "allNeighbors", payload);
  }

  /**
   * Answers a Replication.Request with `object`. An unknown requestID is ignored. An object AMF3 cannot hold, or whose
   * AMF3 is over MAX_OBJECT_BYTES (docs/replication.md), denies the request and throws ArgumentError #2004.
   */
  writeRequestedObject(requestID: number, object: unknown): void {
    const replication = this.#requireConnected().replication;
    const payload = this.#serialize(object);
    if (payload === null) {
      if (replication.deny(requestID)) throw playerError(ArgumentError, 2004);
      return;
    }
    if (replication.write(requestID, payload) === "too large") throw playerError(ArgumentError, 2004);
  }

  override toString(): string {
    return "[object NetGroup]";
  }

  // ---- internals ----

  #join(): void {
    const node = this.#connection.node();
    if (node === null) {
      // Local mode (connect(null)) has no peer-to-peer at all.
      this.#state = "closed";
      this.#connectionStatus("NetGroup.Connect.Failed", "NetGroup needs an rtmfp: NetConnection");
      return;
    }
    const serverless = this.#connection.mode() === "serverless";
    const lease = this.#connection.groups()?.acquire(this.#groupId, this.#spec, true, serverless, this.#receiveMode === NetGroupReceiveMode.NEAREST) ?? null;
    if (lease === null) {
      this.#state = "closed";
      this.#connectionStatus("NetGroup.Connect.Failed", "this NetConnection is already in that group");
      return;
    }
    this.#lease = lease;
    const overlay = lease.overlay;
    overlay.replication.strategy = this.#replicationStrategy as "lowestFirst" | "rarestFirst";
    this.#overlay = overlay;
    this.#listen(overlay, "neighborconnect", ({ address, peerId }) => netStatusInfo("NetGroup.Neighbor.Connect", { neighbor: address, peerID: peerId }));
    this.#listen(overlay, "neighbordisconnect", ({ address, peerId }) => netStatusInfo("NetGroup.Neighbor.Disconnect", { neighbor: address, peerID: peerId }));
    this.#listen(overlay, "post", ({ message, payload, messageId }) =>
      netStatusInfo("NetGroup.Posting.Notify", { message: deliveredMessage(this, payload, message), messageID: messageId }),
    );
    this.#listen(overlay, "sendto", ({ message, payload, from, fromLocal }) =>
      netStatusInfo("NetGroup.SendTo.Notify", { message: deliveredMessage(this, payload, message), from, fromLocal }),
    );
    this.#listen(overlay, "coverage", () => netStatusInfo("NetGroup.LocalCoverage.Notify"));
    this.#listen(overlay, "fetchsendnotify", ({ index }) => netStatusInfo("NetGroup.Replication.Fetch.SendNotify", { index }));
    this.#listen(overlay, "fetchfailed", ({ index }) => netStatusInfo("NetGroup.Replication.Fetch.Failed", { index }));
    // Like messages: a SWF (through the shim) gets the object as the AMF3 it arrived as, typed by its own classes.
    this.#listen(overlay, "fetchresult", ({ index, object, payload }) =>
      netStatusInfo("NetGroup.Replication.Fetch.Result", { index, object: deliveredMessage(this, payload, object) }),
    );
    this.#listen(overlay, "replicationrequest", ({ index, requestId }) => netStatusInfo("NetGroup.Replication.Request", { index, requestID: requestId }));
    this.#listen(overlay, "publishnotify", ({ name }) => netStatusInfo("NetGroup.MulticastStream.PublishNotify", { name }));
    this.#listen(overlay, "unpublishnotify", ({ name }) => netStatusInfo("NetGroup.MulticastStream.UnpublishNotify", { name }));
    // No path to any member (ICE failed): NetGroup.Connect.Failed says why, once until a neighbour connects again.
    let unreachableSaid = false;
    overlay.addEventListener("neighborconnect", () => void (unreachableSaid = false));
    overlay.addEventListener("unreachable", ({ detail }) => {
      if (this.#state !== "connected" || unreachableSaid) return;
      unreachableSaid = true;
      this.#connectionStatus("NetGroup.Connect.Failed", `no member of the group could be reached: ${detail.reason}`);
    });
    lease.whenJoined((result) => {
      if (this.#state !== "connecting") return;
      if (result.ok) return this.#succeed();
      this.#stop();
      this.#connection.detach(this.#membership);
      const rejected = TRANSPORT_ERROR_STATUS[result.error.kind].code === "NetGroup.Connect.Rejected";
      this.#connectionStatus(rejected ? "NetGroup.Connect.Rejected" : "NetGroup.Connect.Failed", result.error.message);
    });
  }

  #listen<K extends "neighborconnect" | "neighbordisconnect" | "post" | "sendto" | "coverage" | "fetchsendnotify" | "fetchfailed" | "fetchresult" | "replicationrequest" | "publishnotify" | "unpublishnotify">(
    overlay: GroupOverlay,
    type: K,
    toInfo: (detail: GroupEventMap[K]["detail"]) => NetStatusInfo,
  ): void {
    overlay.addEventListener(type, ((event: GroupEventMap[K]) => {
      if (this.#state === "closed") return;
      const info = toInfo(event.detail);
      if (this.#early !== null) this.#early.push(info);
      else this.#groupStatus(info);
    }) as never);
  }

  /**
   * Connect.Success on the connection, then whatever the group heard meanwhile. The group counts as connected from
   * the moment that event is dispatched (its listeners may call methods), not from the moment it is queued.
   */
  #succeed(): void {
    this.#connection.queue.run(() => {
      if (this.#state !== "connecting") return;
      this.#state = "connected";
      const early = this.#early ?? [];
      this.#early = null;
      for (const info of early) this.#groupStatus(info);
      this.#connection.dispatch(netStatusInfo("NetGroup.Connect.Success", { group: this }));
    });
  }

  #connectionStatus(code: "NetGroup.Connect.Failed" | "NetGroup.Connect.Rejected", description: string): void {
    this.#connection.status(netStatusInfo(code, { group: this, description }));
  }

  #groupStatus(info: NetStatusInfo): void {
    this.#connection.queue.status(this as EventDispatcher<never>, info, () => this.#state !== "closed");
  }

  #stop(): void {
    this.#state = "closed";
    this.#early = null;
    this.#lease?.release();
  }

  /** The overlay while connected: properties read 0 or null before Connect.Success and after close(). */
  #live(): GroupOverlay | null {
    return this.#state === "connected" ? this.#overlay : null;
  }

  #requireConnected(): GroupOverlay {
    if (this.#state !== "connected" || this.#overlay === null) {
      throw new IllegalOperationError(this.#state === "closed" ? "NetGroup is closed" : "NetGroup is not connected yet: wait for NetGroup.Connect.Success");
    }
    return this.#overlay;
  }

  /**
   * Flash's range check, then the replication service, or null when the groupspec does not enable object
   * replication (the call then does nothing: docs/replication.md).
   */
  #objectRange(startIndex: number, endIndex: number): Replication | null {
    const overlay = this.#requireConnected();
    const valid = (index: number): boolean => Number.isInteger(index) && index >= 0 && index <= MAX_INDEX;
    if (!valid(startIndex) || !valid(endIndex)) throw playerError(RangeError, 2006);
    return this.#spec.objectReplicationEnabled ? overlay.replication : null;
  }

  /** The message as the engine carries it (AMF3 bytes), or null when AMF3 cannot hold it. */
  #serialize(message: unknown): Amf3Payload | null {
    try {
      return messagePayload(message);
    } catch (error) {
      if (error instanceof AmfError) return null;
      throw error;
    }
  }
}
