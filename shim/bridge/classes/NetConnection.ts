/** `flash.net.NetConnection` on the bridge: RTMFP connections (the proxy keeps RTMP and Remoting for the player). */
import { connectionInternals } from "../../../as3-api/flash/net/connectionInternals.js";
import { CLIENT_METHOD_MISSING, receiveMessagesAsBytes } from "../../../as3-api/flash/net/messageValues.js";
import { NetConnection } from "../../../as3-api/flash/net/NetConnection.js";
import { isFlashmeshUrl } from "../../../as3-api/flash/net/rtmfpUrl.js";
import { bridgeClass } from "../BridgeClass.js";
import { argumentsIn, responderFor, valueOut } from "../marshal.js";
import type { PlayerContext } from "../PlayerContext.js";
import { forwardStatus } from "./forwardStatus.js";

/**
 * The page-side `NetConnection.client` of a SWF's NetConnection (the AS3 proxy keeps the real one): `onRelay` goes to
 * the SWF's client; any other name is a server-side application's call, answered with the SWF method's value (its
 * AMF3), or {@link CLIENT_METHOD_MISSING} when the SWF's client has no such method (the SWF dispatched #2095 itself).
 */
function swfClient(context: PlayerContext, handle: number): object {
  const onRelay = (...args: unknown[]): void => void context.deliver("client", handle, "onRelay", valueOut(context, args));
  return new Proxy(
    { onRelay },
    {
      get(target, name) {
        if (name === "onRelay") return target.onRelay;
        if (typeof name !== "string" || name === "then" || name === "toJSON") return undefined;
        return (...args: unknown[]): unknown => {
          const reply = context.ask("call", handle, name, valueOut(context, args)) as { r?: unknown; e?: unknown; missing?: unknown } | null | undefined;
          if (reply === undefined || reply === null) throw new Error("the player is gone");
          if (reply.missing === true) return CLIENT_METHOD_MISSING;
          if (reply.r !== undefined) return argumentsIn(context, [reply.r])[0];
          throw new Error(String(reply.e ?? "no answer"));
        };
      },
    },
  );
}

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
    nc.client = swfClient(context, handle);
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
