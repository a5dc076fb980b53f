/**
 * The decoded form of a groupspec string: every option Flash Player's `GroupSpecifier` can write (reference §3.1).
 * Shared by the groupspec codec, `GroupSpecifier`, the group engine and (through group IDs) the rendezvous server.
 */

/** A password hash option (0x05 publish, 0x07 posting): `hash` = SHA-256(salt ‖ password), both as lowercase hex. */
export interface PasswordHash {
  /** Hex of the salt's UTF-8 bytes as written before the hash; `""` when the password was set without a salt. */
  readonly salt: string;
  /** Lowercase hex of the 32-byte SHA-256 digest. */
  readonly hash: string;
}

/** One IP multicast address option (0x0a), as `addIPMulticastAddress` takes it. */
export interface IPMulticastAddress {
  /** IPv4 dotted quad or IPv6 text (no brackets). */
  readonly address: string;
  /** UDP port, 0-65535. */
  readonly port: number;
  /** Source address for source-specific multicast, same family as `address`, or `null`. */
  readonly source: string | null;
}

/** Every option of a groupspec, in the order Flash writes them. */
export interface GroupspecOptions {
  /** `minGroupspecVersion`; 1 when the string carries no version option (0x7f). */
  readonly version: number;
  readonly routingEnabled: boolean;
  readonly multicastEnabled: boolean;
  readonly objectReplicationEnabled: boolean;
  readonly postingEnabled: boolean;
  readonly publishPasswordHash: PasswordHash | null;
  readonly postingPasswordHash: PasswordHash | null;
  readonly serverChannelEnabled: boolean;
  readonly peerToPeerDisabled: boolean;
  /** The group name (first 0x0e name tag). */
  readonly name: string;
  /** Lowercase hex of the second 0x0e name tag written by `makeUnique()` (32 random bytes), or `null`. */
  readonly uniqueTag: string | null;
  readonly ipMulticastMemberUpdatesEnabled: boolean;
  /** 0x0a options after the identity part, in order. */
  readonly ipMulticastAddresses: readonly IPMulticastAddress[];
  /** 0x0b options after the identity part: peer IDs as 64 lowercase hex characters, in order. */
  readonly bootstrapPeers: readonly string[];
  /** 0x15 authorization: the publish password in clear, or `null`. */
  readonly publishAuthorization: string | null;
  /** 0x17 authorization: the posting password in clear, or `null`. */
  readonly postingAuthorization: string | null;
}

/** Option IDs, from Flash Player's builtin `GroupSpecifier` (reference §3.1). */
export const GroupspecOption = {
  routing: 0x00,
  multicast: 0x01,
  objectReplication: 0x02,
  posting: 0x03,
  publishPasswordHash: 0x05,
  postingPasswordHash: 0x07,
  ipMulticastAddress: 0x0a,
  bootstrapPeer: 0x0b,
  serverChannel: 0x0c,
  peerToPeerDisabled: 0x0d,
  nameTag: 0x0e,
  publishAuthorization: 0x15,
  postingAuthorization: 0x17,
  ipMulticastMemberUpdates: 0x1b,
  version: 0x7f,
} as const;

/** The prefix every groupspec string starts with. */
export const GROUPSPEC_PREFIX = "G:";

/** Size of a SHA-256 digest, of a peer ID and of a `makeUnique()` tag, in bytes. */
export const DIGEST_BYTES = 32;
