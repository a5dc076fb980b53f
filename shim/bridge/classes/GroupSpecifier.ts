/**
 * `flash.net.GroupSpecifier` on the bridge (Ruffle lacks it): the proxy is a front for the TypeScript one, which
 * knows the SWF's version (the default `minGroupspecVersion`).
 */
import { GroupSpecifier } from "../../../as3-api/flash/net/GroupSpecifier.js";
import { bridgeClass } from "../BridgeClass.js";

const FLAGS = ["routingEnabled", "multicastEnabled", "objectReplicationEnabled", "postingEnabled", "serverChannelEnabled", "peerToPeerDisabled", "ipMulticastMemberUpdatesEnabled", "minGroupspecVersion"];

export const groupSpecifierClass = bridgeClass({
  name: "GroupSpecifier",
  package: "flash.net",
  type: GroupSpecifier,
  construct: (context, [name]) => new GroupSpecifier(name as string, context.swfVersion),
  statics: {
    maxSupportedGroupspecVersion: () => GroupSpecifier.maxSupportedGroupspecVersion,
    encodePostingAuthorization: (_context, [password]) => GroupSpecifier.encodePostingAuthorization(password as string),
    encodePublishAuthorization: (_context, [password]) => GroupSpecifier.encodePublishAuthorization(password as string),
    encodeIPMulticastAddressSpec: (_context, [address, port, source]) =>
      GroupSpecifier.encodeIPMulticastAddressSpec(address as string, port ?? null, (source as string | null) ?? null),
    encodeBootstrapPeerIDSpec: (_context, [peerID]) => GroupSpecifier.encodeBootstrapPeerIDSpec(peerID as string),
  },
  getters: FLAGS,
  setters: FLAGS,
  methods: ["setPublishPassword", "setPostingPassword", "makeUnique", "addBootstrapPeer", "addIPMulticastAddress", "groupspecWithoutAuthorizations", "groupspecWithAuthorizations", "authorizations", "toString"],
});
