/**
 * What a SWF may ask of the page through the bridge: constructors, statics, and per class the AS3 members of the
 * reference (nothing else of the TypeScript objects is reachable from a SWF). Each operation gets the context and
 * the already resolved arguments.
 */
import { connectionInternals } from "../../as3-api/flash/net/connectionInternals.js";
import { GroupSpecifier } from "../../as3-api/flash/net/GroupSpecifier.js";
import { NetConnection } from "../../as3-api/flash/net/NetConnection.js";
import { NetGroup } from "../../as3-api/flash/net/NetGroup.js";
import { CLIENT_METHOD_MISSING, receiveMessagesAsBytes } from "../../as3-api/flash/net/messageValues.js";
import { Responder } from "../../as3-api/flash/net/Responder.js";
import { isFlashmeshUrl } from "../../as3-api/flash/net/rtmfpUrl.js";
import { NetStatusEvent } from "../../as3-api/flash/events/NetStatusEvent.js";
import { stub } from "../../as3-api/stub.js";
import { argumentsIn, valueOut } from "./marshal.js";
import type { PlayerContext } from "./PlayerContext.js";

type Operation = (context: PlayerContext, args: unknown[]) => unknown;

/** Sends an object's netStatus events to its AS3 proxy. */
function forwardStatus(context: PlayerContext, target: NetConnection | NetGroup, handle: number): void {
  (target as NetGroup).addEventListener(NetStatusEvent.NET_STATUS, (event: NetStatusEvent) => {
    context.deliver("status", handle, valueOut(context, event.info));
  });
}

/**
 * The page-side `NetConnection.client` of a SWF's NetConnection: `onRelay` goes to the SWF's client; any other name
 * is a server-side application's call, answered with the SWF method's value (its AMF3), or {@link
 * CLIENT_METHOD_MISSING} when the SWF's client has no such method (the SWF dispatched #2095 itself).
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

/** Operations on handle 0: constructors and statics. */
export const STATIC_OPERATIONS: Record<string, Operation> = {
  "new NetConnection": (context) => {
    const nc = new NetConnection();
    receiveMessagesAsBytes(nc); // the SWF decodes relayed values itself, with its own class aliases
    const handle = context.register(nc);
    // The AS3 proxy keeps the real `client`; every callback the server makes goes there.
    nc.client = swfClient(context, handle);
    forwardStatus(context, nc, handle);
    context.onDispose(() => nc.close());
    return handle;
  },
  "new NetGroup": (context, [connection, groupspec]) => {
    const group = new NetGroup(connection as NetConnection, groupspec as string);
    receiveMessagesAsBytes(group); // messages reach the SWF as the AMF3 they arrived as
    const handle = context.register(group);
    forwardStatus(context, group, handle);
    return handle;
  },
  "new GroupSpecifier": (context, [name]) => context.register(new GroupSpecifier(name as string, context.swfVersion)),
  stub: (_context, [name]) => stub(String(name)),
  "NetConnection.isFlashmeshUrl": (_context, [url]) => isFlashmeshUrl(String(url)),
  "GroupSpecifier.maxSupportedGroupspecVersion": () => GroupSpecifier.maxSupportedGroupspecVersion,
  "GroupSpecifier.encodePostingAuthorization": (_context, [password]) => GroupSpecifier.encodePostingAuthorization(password as string),
  "GroupSpecifier.encodePublishAuthorization": (_context, [password]) => GroupSpecifier.encodePublishAuthorization(password as string),
  "GroupSpecifier.encodeIPMulticastAddressSpec": (_context, [address, port, source]) =>
    GroupSpecifier.encodeIPMulticastAddressSpec(address as string, port ?? null, (source as string | null) ?? null),
  "GroupSpecifier.encodeBootstrapPeerIDSpec": (_context, [peerID]) => GroupSpecifier.encodeBootstrapPeerIDSpec(peerID as string),
};

interface Members {
  readonly getters: readonly string[];
  readonly setters: readonly string[];
  readonly methods: readonly string[];
}

/** The AS3 members each class exposes, plus the shim's own `detach` (hand a NetConnection back to the player). */
export const MEMBERS = new Map<Function, Members>([
  [
    NetConnection,
    {
      getters: ["connected", "connectedProxyType", "farID", "farNonce", "maxPeerConnections", "nearID", "nearNonce", "protocol", "unconnectedPeerStreams", "uri", "usingTLS"],
      setters: ["maxPeerConnections"],
      methods: ["connect", "close", "call", "detach"],
    },
  ],
  [
    NetGroup,
    {
      getters: ["estimatedMemberCount", "info", "localCoverageFrom", "localCoverageTo", "neighborCount", "receiveMode", "replicationStrategy"],
      setters: ["receiveMode", "replicationStrategy"],
      methods: [
        "addHaveObjects", "addMemberHint", "addNeighbor", "addWantObjects", "close", "convertPeerIDToGroupAddress", "denyRequestedObject", "post",
        "removeHaveObjects", "removeWantObjects", "sendToAllNeighbors", "sendToNearest", "sendToNeighbor", "writeRequestedObject",
      ],
    },
  ],
  [
    GroupSpecifier,
    {
      getters: ["routingEnabled", "multicastEnabled", "objectReplicationEnabled", "postingEnabled", "serverChannelEnabled", "peerToPeerDisabled", "ipMulticastMemberUpdatesEnabled", "minGroupspecVersion"],
      setters: ["routingEnabled", "multicastEnabled", "objectReplicationEnabled", "postingEnabled", "serverChannelEnabled", "peerToPeerDisabled", "ipMulticastMemberUpdatesEnabled", "minGroupspecVersion"],
      methods: ["setPublishPassword", "setPostingPassword", "makeUnique", "addBootstrapPeer", "addIPMulticastAddress", "groupspecWithoutAuthorizations", "groupspecWithAuthorizations", "authorizations", "toString"],
    },
  ],
]);

/** Runs `method` ("get x", "set x" or a method name) on `target`. */
export function memberOperation(context: PlayerContext, target: object, method: string, args: unknown[]): unknown {
  const members = MEMBERS.get(target.constructor);
  if (members === undefined) throw new globalThis.TypeError(`flashmesh: ${target.constructor.name} has no bridge members`);
  const record = target as Record<string, unknown>;
  if (method.startsWith("get ")) {
    const name = method.slice(4);
    if (!members.getters.includes(name)) throw new globalThis.TypeError(`flashmesh: no getter ${name}`);
    return valueOut(context, record[name]);
  }
  if (method.startsWith("set ")) {
    const name = method.slice(4);
    if (!members.setters.includes(name)) throw new globalThis.TypeError(`flashmesh: no setter ${name}`);
    record[name] = args[0];
    return null;
  }
  if (!members.methods.includes(method)) throw new globalThis.TypeError(`flashmesh: no method ${method}`);
  if (target instanceof NetConnection && method === "detach") {
    connectionInternals(target)?.teardown();
    return null;
  }
  if (target instanceof NetConnection && method === "call") {
    const [command, responder, ...rest] = args;
    return target.call(command as string, responderFor(context, responder), ...rest);
  }
  return valueOut(context, (record[method] as (...a: unknown[]) => unknown).apply(target, args));
}

/** The page-side Responder for `{ __fmResponder: n }`: its answers go back to the SWF's Responder. */
function responderFor(context: PlayerContext, value: unknown): Responder | null {
  const index = typeof value === "object" && value !== null ? (value as { __fmResponder?: unknown }).__fmResponder : undefined;
  if (typeof index !== "number") return null;
  return new Responder(
    (result) => void context.deliver("responder", index, "result", valueOut(context, result)),
    (info) => void context.deliver("responder", index, "status", valueOut(context, info)),
  );
}
