/**
 * What a NetGroup needs from its NetConnection and AS3 does not show: the shared status queue, the mesh node of an
 * RTMFP connection, and notice when the connection goes away. Kept in a WeakMap so none of it is a public member.
 */
import type { MeshNode } from "../../engine/index.js";
import type { GroupLeases } from "./groupLeases.js";
import type { PeerStreamRegistry } from "./peerStreamRegistry.js";
import type { NetStatusInfo } from "../events/NetStatusEvent.js";
import type { StatusQueue } from "./statusQueue.js";

/** A NetGroup or NetStream as its connection sees it. */
export interface GroupMembership {
  /** The connection closed: the group or stream stops without events. */
  connectionClosed(): void;
}

/** How a NetConnection is connected. */
export type ConnectionMode = "none" | "local" | "rtmfp" | "serverless";

export interface ConnectionInternals {
  readonly queue: StatusQueue;
  /** Queues a NetStatusEvent on the NetConnection itself (NetGroup.Connect.* go there). */
  status(info: NetStatusInfo): void;
  /** Dispatches one on the NetConnection now (from a task already running in the queue). */
  dispatch(info: NetStatusInfo): void;
  mode(): ConnectionMode;
  /** The mesh node once connected over RTMFP (server or serverless), else null. */
  node(): MeshNode | null;
  /** The groups of an RTMFP connection, shared by its NetGroups and multicast NetStreams; null otherwise. */
  groups(): GroupLeases | null;
  /** The peer-to-peer NetStreams of an RTMFP connection (server or serverless), else null. */
  streams(): PeerStreamRegistry<unknown> | null;
  /** `maxPeerConnections` now. */
  maxPeerConnections(): number;
  /** Ends the connection without any event (the Ruffle shim, handing the object back to the player's own connect). */
  teardown(): void;
  /** Registers a group or stream to close with the connection. */
  attach(group: GroupMembership): void;
  detach(group: GroupMembership): void;
}

const internals = new WeakMap<object, ConnectionInternals>();

/** Records `connection`'s internals (its constructor calls this). */
export function setConnectionInternals(connection: object, value: ConnectionInternals): void {
  internals.set(connection, value);
}

/** The internals of a flashmesh NetConnection, or undefined for any other object. */
export function connectionInternals(connection: unknown): ConnectionInternals | undefined {
  return typeof connection === "object" && connection !== null ? internals.get(connection) : undefined;
}
