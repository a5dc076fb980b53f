/** `flash.net.NetConnection` on the bridge: RTMFP connections (the proxy keeps RTMP and Remoting for the player). */
import { connectionInternals } from "../../../as3-api/flash/net/connectionInternals.js";
import { receiveMessagesAsBytes } from "../../../as3-api/flash/net/messageValues.js";
import { NetConnection } from "../../../as3-api/flash/net/NetConnection.js";
import { isFlashmeshUrl } from "../../../as3-api/flash/net/rtmfpUrl.js";
import { bridgeClass } from "../BridgeClass.js";
import { responderFor, valueOut } from "../marshal.js";
import { forwardStatus } from "./forwardStatus.js";

export const netConnectionClass = bridgeClass({
  name: "NetConnection",
  package: "flash.net",
  type: NetConnection,
  construct: () => {
    const nc = new NetConnection();
    receiveMessagesAsBytes(nc); // the SWF decodes relayed values itself, with its own class aliases
    return nc;
  },
  wire: (context, nc, handle) => {
    // The AS3 proxy keeps the real `client`; every callback the server makes goes there.
    nc.client = { onRelay: (...args: unknown[]) => context.deliver("client", handle, "onRelay", valueOut(context, args)) };
    forwardStatus(context, nc, handle);
    context.onDispose(() => nc.close());
  },
  statics: { isFlashmeshUrl: (_context, [url]) => isFlashmeshUrl(String(url)) },
  getters: ["connected", "connectedProxyType", "farID", "farNonce", "maxPeerConnections", "nearID", "nearNonce", "protocol", "unconnectedPeerStreams", "uri", "usingTLS"],
  setters: ["maxPeerConnections"],
  methods: ["connect", "close", "call", "detach"],
  special: {
    /** The shim's own: hands the connection back to the player (the SWF connected to RTMP after RTMFP). */
    detach: (_context, nc) => {
      connectionInternals(nc)?.teardown();
      return null;
    },
    call: (context, nc, [command, responder, ...rest]) => nc.call(command as string, responderFor(context, responder), ...rest),
  },
});
