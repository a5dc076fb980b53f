/**
 * Groupspec decoder. Accepts exactly what Flash Player's `GroupSpecifier` can produce: the identity part (up to the
 * `00` terminator) in Flash's fixed option order, then bootstrap peers, IP multicast addresses and authorizations.
 * The part after the terminator is what the static `encode…` functions produce for appending, so it is accepted in
 * any order; {@link encodeGroupspec} writes it back in `GroupSpecifier`'s order. Anything else throws one
 * {@link GroupspecError} naming the byte; no input makes it throw anything else or loop without bound.
 */
import { bytesToHex, hexDigitValue, utf8Text } from "../bytes.js";
import { decodeVLU } from "../vlu.js";
import { multicastAddressFromBytes } from "./address.js";
import { GroupspecError } from "./GroupspecError.js";
import { DIGEST_BYTES, GROUPSPEC_PREFIX, GroupspecOption, type GroupspecOptions, type IPMulticastAddress, type PasswordHash } from "./options.js";

/** Decode limits, documented so callers (the engine, the shim) know what a peer can make them parse. */
export interface GroupspecLimits {
  /** Longest groupspec string accepted, in characters. Default 65,536 (a 32 KiB name or many bootstrap peers). */
  readonly maxLength: number;
}

/** The limits {@link decodeGroupspec} uses unless told otherwise. */
export const DEFAULT_GROUPSPEC_LIMITS: GroupspecLimits = Object.freeze({ maxLength: 65536 });

/** Rank of each identity option in Flash's fixed order; a later option must have a higher rank. */
const IDENTITY_RANK = new Map<number, number>([
  [GroupspecOption.version, 0],
  [GroupspecOption.routing, 1],
  [GroupspecOption.multicast, 2],
  [GroupspecOption.objectReplication, 3],
  [GroupspecOption.posting, 4],
  [GroupspecOption.publishPasswordHash, 5],
  [GroupspecOption.postingPasswordHash, 6],
  [GroupspecOption.serverChannel, 7],
  [GroupspecOption.peerToPeerDisabled, 8],
  [GroupspecOption.nameTag, 9], // the name; a second name tag (makeUnique) ranks 10
  [GroupspecOption.ipMulticastMemberUpdates, 11],
]);
const FLAG_OPTIONS = new Set<number>([
  GroupspecOption.routing,
  GroupspecOption.multicast,
  GroupspecOption.objectReplication,
  GroupspecOption.posting,
  GroupspecOption.serverChannel,
  GroupspecOption.peerToPeerDisabled,
  GroupspecOption.ipMulticastMemberUpdates,
]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer E)[] ? E[] : T[K] };

/** Decodes a groupspec string into every option it carries. Throws {@link GroupspecError} on malformed input. */
export function decodeGroupspec(spec: unknown, limits: GroupspecLimits = DEFAULT_GROUPSPEC_LIMITS): GroupspecOptions {
  return decodeGroupspecParts(spec, limits).options;
}

/** {@link decodeGroupspec}, also returning where the identity part ends (the index of its `00` terminator). */
export function decodeGroupspecParts(spec: unknown, limits: GroupspecLimits = DEFAULT_GROUPSPEC_LIMITS): { options: GroupspecOptions; identityEnd: number } {
  if (typeof spec !== "string") throw new GroupspecError(`expected a string, got ${spec === null ? "null" : typeof spec}`, -1, 0);
  if (spec.length > limits.maxLength) throw new GroupspecError(`longer than ${limits.maxLength} characters`, -1, limits.maxLength);
  if (!spec.startsWith(GROUPSPEC_PREFIX)) throw new GroupspecError(`must start with "${GROUPSPEC_PREFIX}"`, -1, 0);
  const bytes = hexBody(spec);
  const fail = (reason: string, offset: number): never => {
    throw new GroupspecError(reason, offset, GROUPSPEC_PREFIX.length + 2 * offset);
  };

  const options: Mutable<GroupspecOptions> = {
    version: 1,
    routingEnabled: false,
    multicastEnabled: false,
    objectReplicationEnabled: false,
    postingEnabled: false,
    publishPasswordHash: null,
    postingPasswordHash: null,
    serverChannelEnabled: false,
    peerToPeerDisabled: false,
    name: "",
    uniqueTag: null,
    ipMulticastMemberUpdatesEnabled: false,
    ipMulticastAddresses: [],
    bootstrapPeers: [],
    publishAuthorization: null,
    postingAuthorization: null,
  };
  let lastRank = -1;
  let nameTags = 0;
  let identityEnd = -1;
  let offset = 0;
  while (offset < bytes.length) {
    const start = offset;
    const length = decodeVLU(bytes, offset);
    if (!length.ok) return fail(length.reason, offset);
    if (length.value === 0) {
      if (identityEnd >= 0) return fail("a second end-of-identity marker", start);
      if (nameTags === 0) return fail("the group has no name", start);
      identityEnd = start;
      offset = length.next;
      continue;
    }
    const end = length.next + length.value;
    if (end > bytes.length) return fail(`option of ${length.value} bytes runs past the end`, start);
    const id = decodeVLU(bytes, length.next);
    if (!id.ok || id.next > end) return fail(id.ok ? "option ID runs past its option" : id.reason, length.next);
    const data = bytes.subarray(id.next, end);
    offset = end;

    if (identityEnd < 0) {
      let rank = IDENTITY_RANK.get(id.value);
      if (rank === undefined) return fail(`option 0x${id.value.toString(16)} does not belong before the end-of-identity marker`, start);
      if (id.value === GroupspecOption.nameTag) rank += nameTags;
      if (rank <= lastRank) return fail(`option 0x${id.value.toString(16)} is out of order or repeated`, start);
      lastRank = rank;
      if (FLAG_OPTIONS.has(id.value)) {
        if (data.length !== 0) return fail(`flag option 0x${id.value.toString(16)} carries data`, start);
        setFlag(options, id.value);
      } else if (id.value === GroupspecOption.version) {
        const version = decodeVLU(data, 0);
        if (!version.ok || version.next !== data.length) return fail("malformed version", id.next);
        if (version.value < 2) return fail(`version ${version.value} is never written (version 1 has no option)`, id.next);
        options.version = version.value;
      } else if (id.value === GroupspecOption.nameTag) {
        if (nameTags === 0) {
          const name = utf8Text(data);
          if (name === null || name.length === 0) return fail(name === null ? "group name is not UTF-8" : "group name is empty", id.next);
          options.name = name;
        } else {
          if (data.length !== DIGEST_BYTES) return fail(`unique tag must be ${DIGEST_BYTES} bytes`, id.next);
          options.uniqueTag = bytesToHex(data);
        }
        nameTags++;
      } else {
        if (data.length < DIGEST_BYTES) return fail("password hash shorter than a SHA-256 digest", id.next);
        const hash: PasswordHash = { salt: bytesToHex(data.subarray(0, data.length - DIGEST_BYTES)), hash: bytesToHex(data.subarray(data.length - DIGEST_BYTES)) };
        if (id.value === GroupspecOption.publishPasswordHash) options.publishPasswordHash = hash;
        else options.postingPasswordHash = hash;
      }
      continue;
    }

    switch (id.value) {
      case GroupspecOption.ipMulticastAddress: {
        const address: IPMulticastAddress | null = multicastAddressFromBytes(data);
        if (address === null) return fail(`IP multicast address of ${data.length} bytes`, id.next);
        options.ipMulticastAddresses.push(address);
        break;
      }
      case GroupspecOption.bootstrapPeer:
        if (data.length !== DIGEST_BYTES) return fail(`bootstrap peer ID must be ${DIGEST_BYTES} bytes`, id.next);
        options.bootstrapPeers.push(bytesToHex(data));
        break;
      case GroupspecOption.publishAuthorization:
      case GroupspecOption.postingAuthorization: {
        const password = utf8Text(data);
        if (password === null) return fail("authorization is not UTF-8", id.next);
        const key = id.value === GroupspecOption.publishAuthorization ? "publishAuthorization" : "postingAuthorization";
        if (options[key] !== null) return fail(`repeated ${key === "publishAuthorization" ? "publish" : "posting"} authorization`, start);
        options[key] = password;
        break;
      }
      default:
        return fail(`option 0x${id.value.toString(16)} does not belong after the end-of-identity marker`, start);
    }
  }
  if (identityEnd < 0) return fail('missing the "00" end-of-identity marker', bytes.length);
  return { options, identityEnd };
}

/** The option bytes after "G:": lowercase hex only, as Flash writes it. */
function hexBody(spec: string): Uint8Array {
  const body = spec.length - GROUPSPEC_PREFIX.length;
  if (body % 2 !== 0) throw new GroupspecError("odd number of hex digits", Math.floor(body / 2), spec.length - 1);
  const bytes = new Uint8Array(body / 2);
  for (let i = 0; i < bytes.length; i++) {
    const at = GROUPSPEC_PREFIX.length + 2 * i;
    for (let k = 0; k < 2; k++) {
      const code = spec.charCodeAt(at + k);
      const value = hexDigitValue(code);
      if (value < 0 || (code >= 65 && code <= 70)) {
        throw new GroupspecError(value < 0 ? `"${spec[at + k]}" is not a hex digit` : "uppercase hex (Flash writes lowercase)", i, at + k);
      }
      bytes[i] = (bytes[i]! << 4) | value;
    }
  }
  return bytes;
}

function setFlag(options: Mutable<GroupspecOptions>, id: number): void {
  switch (id) {
    case GroupspecOption.routing: options.routingEnabled = true; break;
    case GroupspecOption.multicast: options.multicastEnabled = true; break;
    case GroupspecOption.objectReplication: options.objectReplicationEnabled = true; break;
    case GroupspecOption.posting: options.postingEnabled = true; break;
    case GroupspecOption.serverChannel: options.serverChannelEnabled = true; break;
    case GroupspecOption.peerToPeerDisabled: options.peerToPeerDisabled = true; break;
    default: options.ipMulticastMemberUpdatesEnabled = true;
  }
}
