/** `flash.net.NetGroup` on the bridge (a stub in Ruffle): every AS3 member. */
import { receiveMessagesAsBytes } from "../../../as3-api/flash/net/messageValues.js";
import type { NetConnection } from "../../../as3-api/flash/net/NetConnection.js";
import { NetGroup } from "../../../as3-api/flash/net/NetGroup.js";
import { bridgeClass } from "../BridgeClass.js";
import { forwardStatus } from "./forwardStatus.js";

export const netGroupClass = bridgeClass({
  name: "NetGroup",
  package: "flash.net",
  type: NetGroup,
  construct: (_context, [connection, groupspec]) => {
    const group = new NetGroup(connection as NetConnection, groupspec as string);
    receiveMessagesAsBytes(group); // messages reach the SWF as the AMF3 they arrived as
    return group;
  },
  wire: forwardStatus,
  getters: ["estimatedMemberCount", "info", "localCoverageFrom", "localCoverageTo", "neighborCount", "receiveMode", "replicationStrategy"],
  setters: ["receiveMode", "replicationStrategy"],
  methods: [
    "addHaveObjects", "addMemberHint", "addNeighbor", "addWantObjects", "close", "convertPeerIDToGroupAddress", "denyRequestedObject", "post",
    "removeHaveObjects", "removeWantObjects", "sendToAllNeighbors", "sendToNearest", "sendToNeighbor", "writeRequestedObject",
  ],
});
