/**
 * `flash.net.NetStream` on the bridge, its peer-to-peer kinds (DIRECT_CONNECTIONS publisher, player of a peer ID,
 * multicast in a groupspec); the proxy keeps progressive and RTMP streams for the player. Messages cross as the SWF's
 * own AMF3 of `[handler, ...args]` both ways: `send` hands the SWF's bytes on as they are, and received messages go
 * to the proxy, which decodes them and calls its `client`. A publisher's `onPeerConnect(subscriber)` asks the SWF
 * synchronously; the subscriber stream is a twin the page made, adopted by the SWF (its proxy is made from
 * `__fmAdopt`). Audio and video: the proxy hands on flashmesh's Camera and Microphone; a subscriber's picture shows
 * through flashmesh's Video (classes/Video.ts), which takes this twin.
 */
import { messagePayload } from "../../../as3-api/flash/net/messageValues.js";
import type { NetConnection } from "../../../as3-api/flash/net/NetConnection.js";
import { NetStream } from "../../../as3-api/flash/net/NetStream.js";
import { receiveStreamMessagesAsBytes } from "../../../as3-api/flash/net/streamClient.js";
import { ArgumentError } from "../../../as3-api/toplevel/ArgumentError.js";
import { playerError } from "../../../as3-api/toplevel/playerErrors.js";
import { Amf3Bytes, AmfError } from "../../../as3-api/wire/amf3.js";
import { bridgeClass } from "../BridgeClass.js";
import { valueOut } from "../marshal.js";
import { forwardStatus } from "./forwardStatus.js";

/** The NetConnection each stream belongs to (a subscriber stream: its publisher's), for its proxy. */
const connections = new WeakMap<NetStream, NetConnection>();

const MULTICAST = [
  "multicastWindowDuration", "multicastRelayMarginDuration", "multicastFetchPeriod", "multicastAvailabilityUpdatePeriod",
  "multicastAvailabilitySendToAll", "multicastPushNeighborLimit",
];

/** The bytes of a message from the SWF: AMF3 of `[handler, ...args]`, else ArgumentError #2004 (as for a value AMF3 cannot hold). */
function messageBytes(message: unknown): Uint8Array {
  if (!(message instanceof Amf3Bytes)) throw playerError(ArgumentError, 2004);
  let value: unknown;
  try {
    value = messagePayload(message).value;
  } catch (error) {
    if (!(error instanceof AmfError)) throw error;
    const invalid = playerError(ArgumentError, 2004);
    (invalid as { cause?: unknown }).cause = error;
    throw invalid;
  }
  if (!Array.isArray(value) || typeof value[0] !== "string") throw playerError(ArgumentError, 2004);
  return message.bytes;
}

export const netStreamClass = bridgeClass({
  name: "NetStream",
  package: "flash.net",
  type: NetStream,
  construct: (_context, [connection, peerID]) => {
    const stream = new NetStream(connection as NetConnection, peerID as string);
    connections.set(stream, connection as NetConnection);
    return stream;
  },
  adoptArgs: (_context, stream) => [connections.get(stream) ?? null],
  wire: (context, stream, handle) => {
    forwardStatus(context, stream, handle);
    receiveStreamMessagesAsBytes(stream, (payload) => void context.deliver("message", handle, valueOut(context, new Amf3Bytes(payload))));
    // The AS3 proxy keeps the real `client`; the page asks it whether a subscriber may play.
    stream.client = {
      onPeerConnect: (subscriber: NetStream) => {
        const connection = connections.get(stream);
        if (connection !== undefined) connections.set(subscriber, connection);
        // Only an explicit true accepts: a player that is gone (undefined) refuses.
        return context.ask("peerConnect", handle, valueOut(context, subscriber)) === true;
      },
    };
  },
  getters: ["farID", "farNonce", "nearNonce", "peerStreams", "time", "dataReliable", ...MULTICAST],
  setters: ["dataReliable", ...MULTICAST],
  // attachCamera/attachAudio take the page's Camera and Microphone (the proxies' handles, resolved by the bridge).
  methods: ["publish", "play", "send", "close", "attachCamera", "attachAudio", "receiveAudio", "receiveVideo"],
  special: {
    /** `send(handler, ...args)` arrives as one AMF3 value, `[handler, ...args]`, the SWF's own bytes. */
    send: (_context, stream, [message]) => stream.sendEncoded(messageBytes(message)),
  },
});
