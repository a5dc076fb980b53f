/**
 * Every NetStatusEvent code flashmesh dispatches, with its level: the one table of these strings (reference §2).
 * Archived SWFs `switch` on them, so they are verbatim. Which object receives each one is noted beside it (NC: the
 * NetConnection, NG: the NetGroup, NS: the NetStream).
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/events/NetStatusEvent.html#info
 */
import type { NetStatusInfo } from "../events/NetStatusEvent.js";

export const NET_STATUS_LEVELS = {
  "NetConnection.Connect.Success": "status", // NC
  "NetConnection.Connect.Failed": "error", // NC
  "NetConnection.Connect.Closed": "status", // NC
  "NetConnection.Connect.Rejected": "error", // NC (info.application: what a server-side application rejected with)
  "NetConnection.Connect.InvalidApp": "error", // NC (no server-side application by that name)
  "NetConnection.Connect.NetworkChange": "status", // NC
  "NetConnection.Call.Failed": "error", // NC (or a Responder's status function)
  "NetGroup.Connect.Success": "status", // NC, info.group
  "NetGroup.Connect.Failed": "error", // NC, info.group
  "NetGroup.Connect.Rejected": "error", // NC, info.group
  "NetGroup.Neighbor.Connect": "status", // NG, info.neighbor, info.peerID
  "NetGroup.Neighbor.Disconnect": "status", // NG, info.neighbor, info.peerID
  "NetGroup.Posting.Notify": "status", // NG, info.message, info.messageID
  "NetGroup.SendTo.Notify": "status", // NG, info.message, info.from, info.fromLocal
  "NetGroup.LocalCoverage.Notify": "status", // NG
  "NetGroup.MulticastStream.PublishNotify": "status", // NG, info.name
  "NetGroup.MulticastStream.UnpublishNotify": "status", // NG, info.name
  "NetGroup.Replication.Fetch.SendNotify": "status", // NG, info.index
  "NetGroup.Replication.Fetch.Failed": "status", // NG, info.index
  "NetGroup.Replication.Fetch.Result": "status", // NG, info.index, info.object
  "NetGroup.Replication.Request": "status", // NG, info.index, info.requestID
  "NetStream.Connect.Success": "status", // NC, info.stream
  "NetStream.Connect.Failed": "error", // NC, info.stream
  "NetStream.Connect.Rejected": "error", // NC, info.stream
  "NetStream.Connect.Closed": "status", // NC, info.stream
  "NetStream.Publish.Start": "status", // NS, info.details (the name)
  "NetStream.Publish.BadName": "error", // NS, info.details
  "NetStream.Unpublish.Success": "status", // NS, info.details
  "NetStream.Play.Reset": "status", // NS, info.details
  "NetStream.Play.Start": "status", // NS, info.details
  "NetStream.Play.Stop": "status", // NS, info.details
  "NetStream.Play.Failed": "error", // NS, info.details
  "NetStream.Play.PublishNotify": "status", // NS, info.details
  "NetStream.Play.UnpublishNotify": "status", // NS, info.details
  "NetStream.MulticastStream.Reset": "status", // NS
  "NetStream.Failed": "error", // NS, info.description (a multicast publisher's media could not be encoded: docs/media.md)
} as const;

/** A code flashmesh dispatches. */
export type NetStatusCode = keyof typeof NET_STATUS_LEVELS;

/** The info object of `code`: `{ code, level, ...fields }`, in that key order (as Flash builds it). */
export function netStatusInfo(code: NetStatusCode, fields: Record<string, unknown> = {}): NetStatusInfo {
  return { code, level: NET_STATUS_LEVELS[code], ...fields };
}
