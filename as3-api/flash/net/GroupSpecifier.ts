/**
 * AS3 `flash.net.GroupSpecifier`: builds the groupspec string that names a peer-to-peer group. Byte for byte what
 * Flash Player's builtin class writes (reference §1.1, §3.1), errors included.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/net/GroupSpecifier.html
 */
import { bytesToHex, utf8Bytes } from "../../wire/bytes.js";
import { AddressError, joinAddressAndPort, multicastAddressBytes, parseMulticastAddress } from "../../wire/groupspec/address.js";
import {
  encodeAuthorizations,
  encodeBootstrapPeerOption,
  encodeGroupspecWithoutAuthorizations,
  encodeOptionHex,
  encodePostingAuthorizationOption,
  encodePublishAuthorizationOption,
} from "../../wire/groupspec/encode.js";
import { DIGEST_BYTES, GroupspecOption, type GroupspecOptions, type IPMulticastAddress, type PasswordHash } from "../../wire/groupspec/options.js";
import { isPeerID } from "../../wire/identity.js";
import { sha256 } from "../../wire/sha256.js";
import { ArgumentError } from "../../toplevel/ArgumentError.js";
import { playerError } from "../../toplevel/playerErrors.js";
import { RangeError } from "../../toplevel/RangeError.js";
import { TypeError } from "../../toplevel/TypeError.js";

/** AS3 coercion of an optional `String` argument: `null`/`undefined` stay null, anything else becomes its string. */
function optionalString(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Flash stores `hex(salt) + hex(SHA-256(salt ‖ password))`; an empty salt is no salt. */
function saltedHash(password: string, salt: string | null): PasswordHash {
  const saltBytes = salt === null || salt === "" ? new Uint8Array(0) : utf8Bytes(salt);
  const passwordBytes = utf8Bytes(password);
  const input = new Uint8Array(saltBytes.length + passwordBytes.length);
  input.set(saltBytes);
  input.set(passwordBytes, saltBytes.length);
  return { salt: bytesToHex(saltBytes), hash: bytesToHex(sha256(input)) };
}

function requirePassword(password: unknown): string {
  if (password === null || password === undefined) throw playerError(TypeError, 2007, "password");
  return String(password);
}

function multicastAddress(address: unknown, port: unknown, source: unknown): IPMulticastAddress {
  if (address === null || address === undefined) throw playerError(TypeError, 2007, "address");
  try {
    return parseMulticastAddress(joinAddressAndPort(String(address), port), optionalString(source));
  } catch (error) {
    if (error instanceof AddressError) throw error.kind === "range" ? new RangeError(error.message) : new ArgumentError(error.message);
    throw error;
  }
}

function requirePeerID(peerID: unknown): string {
  if (!isPeerID(peerID)) throw new ArgumentError("Invalid peerID");
  return peerID.toLowerCase();
}

/** AS3 `flash.net.GroupSpecifier`. */
export class GroupSpecifier {
  /**
   * SWF version assumed when the constructor is not given one. Flash decides the default `minGroupspecVersion` from
   * the calling SWF's version (2 from SWF 18 on, else 1). flashmesh defaults to SWF 10, the Flash Player 10.1 era of
   * most archived P2P content, so plain `new GroupSpecifier("myGroup")` names the same group those SWFs join. The
   * Ruffle shim passes each SWF's real version.
   */
  static defaultSwfVersion = 10;

  #routingEnabled = false;
  #multicastEnabled = false;
  #objectReplicationEnabled = false;
  #postingEnabled = false;
  #serverChannelEnabled = false;
  #peerToPeerDisabled = false;
  #ipMulticastMemberUpdatesEnabled = false;
  #minGroupspecVersion: number;
  readonly #name: string;
  #uniqueTag: string | null = null;
  #publishPasswordHash: PasswordHash | null = null;
  #publishAuthorization: string | null = null;
  #postingPasswordHash: PasswordHash | null = null;
  #postingAuthorization: string | null = null;
  readonly #ipMulticastAddresses: IPMulticastAddress[] = [];
  readonly #bootstrapPeers: string[] = [];

  /**
   * @param name the group name; `null` or `""` throws `ArgumentError("Name can not be empty")` as in Flash.
   * @param swfVersion version of the SWF that creates it (not an AS3 parameter; see {@link defaultSwfVersion}).
   */
  constructor(name: string, swfVersion: number = GroupSpecifier.defaultSwfVersion) {
    const text = optionalString(name);
    if (text === null || text === "") throw new ArgumentError("Name can not be empty");
    this.#name = text;
    this.#minGroupspecVersion = swfVersion >= 18 ? 2 : 1;
  }

  /** Whether `NetGroup.sendToNearest()` and friends are enabled. */
  get routingEnabled(): boolean { return this.#routingEnabled; }
  set routingEnabled(value: boolean) { this.#routingEnabled = Boolean(value); }
  /** Whether multicast NetStreams are enabled. */
  get multicastEnabled(): boolean { return this.#multicastEnabled; }
  set multicastEnabled(value: boolean) { this.#multicastEnabled = Boolean(value); }
  /** Whether object replication is enabled. */
  get objectReplicationEnabled(): boolean { return this.#objectReplicationEnabled; }
  set objectReplicationEnabled(value: boolean) { this.#objectReplicationEnabled = Boolean(value); }
  /** Whether `NetGroup.post()` is enabled. */
  get postingEnabled(): boolean { return this.#postingEnabled; }
  set postingEnabled(value: boolean) { this.#postingEnabled = Boolean(value); }
  /** Whether members may use the server to bootstrap (find each other). */
  get serverChannelEnabled(): boolean { return this.#serverChannelEnabled; }
  set serverChannelEnabled(value: boolean) { this.#serverChannelEnabled = Boolean(value); }
  /** Whether peer-to-peer connections are disabled (server channel or IP multicast only). */
  get peerToPeerDisabled(): boolean { return this.#peerToPeerDisabled; }
  set peerToPeerDisabled(value: boolean) { this.#peerToPeerDisabled = Boolean(value); }
  /** Whether members exchange member updates over IP multicast. */
  get ipMulticastMemberUpdatesEnabled(): boolean { return this.#ipMulticastMemberUpdatesEnabled; }
  set ipMulticastMemberUpdatesEnabled(value: boolean) { this.#ipMulticastMemberUpdatesEnabled = Boolean(value); }

  /** Lowest groupspec version a peer must support to join; at least 1 (Flash clamps with `Math.max(version, 1)`). */
  get minGroupspecVersion(): number { return this.#minGroupspecVersion; }
  set minGroupspecVersion(version: number) { this.#minGroupspecVersion = Math.max(toInt(version), 1); }

  /** Highest groupspec version this player supports: 2, as Flash Player 11+. */
  static get maxSupportedGroupspecVersion(): number { return 2; }

  /** Sets (or, with null/"", clears) the password needed to publish multicast streams. */
  setPublishPassword(password: string | null = null, salt: string | null = null): void {
    const text = optionalString(password);
    this.#publishPasswordHash = text ? saltedHash(text, optionalString(salt)) : null;
    this.#publishAuthorization = text || null;
  }

  /** Sets (or, with null/"", clears) the password needed to post. */
  setPostingPassword(password: string | null = null, salt: string | null = null): void {
    const text = optionalString(password);
    this.#postingPasswordHash = text ? saltedHash(text, optionalString(salt)) : null;
    this.#postingAuthorization = text || null;
  }

  /** Makes the group name unique with 32 cryptographically random bytes (replacing an earlier call's). */
  makeUnique(): void {
    this.#uniqueTag = bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(DIGEST_BYTES)));
  }

  /**
   * Adds a peer to connect to on joining. flashmesh checks it is a peer ID (64 hex digits, `ArgumentError("Invalid
   * peerID")` otherwise) and writes it lowercase.
   */
  addBootstrapPeer(peerID: string): void {
    this.#bootstrapPeers.push(requirePeerID(peerID));
  }

  /** Adds an IP multicast address for LAN discovery: `"224.0.0.254:30000"`, `("224.0.0.254", 30000)`, `"[ff03::ffff]:30000"`. */
  addIPMulticastAddress(address: string, port: unknown = null, source: string | null = null): void {
    this.#ipMulticastAddresses.push(multicastAddress(address, port, source));
  }

  /** The groupspec without passwords in clear: safe to hand to members who may read but not post or publish. */
  groupspecWithoutAuthorizations(): string {
    return encodeGroupspecWithoutAuthorizations(this.#options());
  }

  /** The groupspec with the posting/publish passwords appended. */
  groupspecWithAuthorizations(): string {
    return this.groupspecWithoutAuthorizations() + this.authorizations();
  }

  /** Only the authorization options, for appending to a groupspec received without them. */
  authorizations(): string {
    return encodeAuthorizations({ publishAuthorization: this.#publishAuthorization, postingAuthorization: this.#postingAuthorization });
  }

  /** Same as {@link groupspecWithAuthorizations}. */
  toString(): string {
    return this.groupspecWithAuthorizations();
  }

  /** The posting authorization option for `password`, to append to a groupspec. */
  static encodePostingAuthorization(password: string): string {
    return encodePostingAuthorizationOption(requirePassword(password));
  }

  /** The publish authorization option for `password`, to append to a groupspec. */
  static encodePublishAuthorization(password: string): string {
    return encodePublishAuthorizationOption(requirePassword(password));
  }

  /** The IP multicast address option, to append to a groupspec. */
  static encodeIPMulticastAddressSpec(address: string, port: unknown = null, source: string | null = null): string {
    return encodeOptionHex(GroupspecOption.ipMulticastAddress, multicastAddressBytes(multicastAddress(address, port, source)));
  }

  /** The bootstrap peer option, to append to a groupspec. */
  static encodeBootstrapPeerIDSpec(peerID: string): string {
    return encodeBootstrapPeerOption(requirePeerID(peerID));
  }

  #options(): GroupspecOptions {
    return {
      version: this.#minGroupspecVersion,
      routingEnabled: this.#routingEnabled,
      multicastEnabled: this.#multicastEnabled,
      objectReplicationEnabled: this.#objectReplicationEnabled,
      postingEnabled: this.#postingEnabled,
      publishPasswordHash: this.#publishPasswordHash,
      postingPasswordHash: this.#postingPasswordHash,
      serverChannelEnabled: this.#serverChannelEnabled,
      peerToPeerDisabled: this.#peerToPeerDisabled,
      name: this.#name,
      uniqueTag: this.#uniqueTag,
      ipMulticastMemberUpdatesEnabled: this.#ipMulticastMemberUpdatesEnabled,
      ipMulticastAddresses: this.#ipMulticastAddresses,
      bootstrapPeers: this.#bootstrapPeers,
      publishAuthorization: this.#publishAuthorization,
      postingAuthorization: this.#postingAuthorization,
    };
  }
}

/** AS3 `int` coercion (ToInt32). */
function toInt(value: unknown): number {
  return Number(value) | 0;
}
