/**
 * Groupspec encoder: byte for byte what Flash Player's builtin `GroupSpecifier` writes (reference §3.1).
 * option(id, bytes) = VLU(length(VLU(id) ‖ bytes)) ‖ VLU(id) ‖ bytes, lowercase hex, fixed option order.
 */
import { bytesToHex, concatBytes, hexToBytes, utf8Bytes } from "../bytes.js";
import { encodeVLU } from "../vlu.js";
import { multicastAddressBytes } from "./address.js";
import { DIGEST_BYTES, GROUPSPEC_PREFIX, GroupspecOption, type GroupspecOptions, type PasswordHash } from "./options.js";

/** One option's bytes. */
export function encodeOption(id: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const idBytes = encodeVLU(id);
  return concatBytes(encodeVLU(idBytes.length + data.length), idBytes, data);
}

/** One option as lowercase hex, the unit groupspec strings are built from. */
export function encodeOptionHex(id: number, data?: Uint8Array): string {
  return bytesToHex(encodeOption(id, data));
}

/** The string form of a groupspec without its authorizations (`groupspecWithoutAuthorizations()`). */
export function encodeGroupspecWithoutAuthorizations(options: GroupspecOptions): string {
  const flag = (on: boolean, id: number): string => (on ? encodeOptionHex(id) : "");
  const hashOption = (hash: PasswordHash | null, id: number): string =>
    hash === null ? "" : encodeOptionHex(id, requireHex(`${hash.salt}${hash.hash}`, "password hash", hash.salt.length / 2 + DIGEST_BYTES));
  if (!Number.isInteger(options.version) || options.version < 1) throw new TypeError(`groupspec version must be an integer >= 1, got ${options.version}`);
  if (typeof options.name !== "string" || options.name.length === 0) throw new TypeError("groupspec name must be a non-empty string");
  return (
    GROUPSPEC_PREFIX +
    (options.version > 1 ? encodeOptionHex(GroupspecOption.version, encodeVLU(options.version)) : "") +
    flag(options.routingEnabled, GroupspecOption.routing) +
    flag(options.multicastEnabled, GroupspecOption.multicast) +
    flag(options.objectReplicationEnabled, GroupspecOption.objectReplication) +
    flag(options.postingEnabled, GroupspecOption.posting) +
    hashOption(options.publishPasswordHash, GroupspecOption.publishPasswordHash) +
    hashOption(options.postingPasswordHash, GroupspecOption.postingPasswordHash) +
    flag(options.serverChannelEnabled, GroupspecOption.serverChannel) +
    flag(options.peerToPeerDisabled, GroupspecOption.peerToPeerDisabled) +
    encodeOptionHex(GroupspecOption.nameTag, utf8Bytes(options.name)) +
    (options.uniqueTag === null ? "" : encodeOptionHex(GroupspecOption.nameTag, requireHex(options.uniqueTag, "unique tag", DIGEST_BYTES))) +
    flag(options.ipMulticastMemberUpdatesEnabled, GroupspecOption.ipMulticastMemberUpdates) +
    "00" +
    options.ipMulticastAddresses.map((entry) => encodeOptionHex(GroupspecOption.ipMulticastAddress, multicastAddressBytes(entry))).join("") +
    options.bootstrapPeers.map((peerID) => encodeBootstrapPeerOption(peerID)).join("")
  );
}

/** The authorizations part alone (`authorizations()`): publish then posting password, in clear. */
export function encodeAuthorizations(options: Pick<GroupspecOptions, "publishAuthorization" | "postingAuthorization">): string {
  return (
    (options.publishAuthorization === null ? "" : encodePublishAuthorizationOption(options.publishAuthorization)) +
    (options.postingAuthorization === null ? "" : encodePostingAuthorizationOption(options.postingAuthorization))
  );
}

/**
 * The full groupspec string (`toString()` / `groupspecWithAuthorizations()`). For every string Flash Player's
 * `GroupSpecifier` produces, `encodeGroupspec(decodeGroupspec(s)) === s`.
 */
export function encodeGroupspec(options: GroupspecOptions): string {
  return encodeGroupspecWithoutAuthorizations(options) + encodeAuthorizations(options);
}

/** Option 0x0b for a 64-hex-character peer ID. */
export function encodeBootstrapPeerOption(peerID: string): string {
  return encodeOptionHex(GroupspecOption.bootstrapPeer, requireHex(peerID, "bootstrap peer ID", DIGEST_BYTES));
}

/** Option 0x15 for a publish password. */
export function encodePublishAuthorizationOption(password: string): string {
  return encodeOptionHex(GroupspecOption.publishAuthorization, utf8Bytes(password));
}

/** Option 0x17 for a posting password. */
export function encodePostingAuthorizationOption(password: string): string {
  return encodeOptionHex(GroupspecOption.postingAuthorization, utf8Bytes(password));
}

function requireHex(hex: string, what: string, byteLength: number): Uint8Array {
  const bytes = typeof hex === "string" ? hexToBytes(hex) : null;
  if (bytes === null || bytes.length !== byteLength) throw new TypeError(`${what} must be ${byteLength * 2} hex characters`);
  return bytes;
}
