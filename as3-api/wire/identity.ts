/**
 * Identities on the mesh: peer IDs, group addresses and group IDs, computed as RTMFP peers compute them so that a
 * SWF sees the same strings it saw under Flash Player (reference §3.4, §3.5).
 */
import { bytesToHex, hexToBytes, utf8Bytes } from "./bytes.js";
import { decodeGroupspecParts } from "./groupspec/decode.js";
import { GROUPSPEC_PREFIX } from "./groupspec/options.js";
import { sha256 } from "./sha256.js";

const PEER_ID = /^[0-9a-fA-F]{64}$/;

/**
 * Whether `value` is a peer ID: 64 hex digits (32 bytes). Flash renders peer IDs in lowercase; either case is
 * accepted on input, as both name the same 32 bytes.
 */
export function isPeerID(value: unknown): value is string {
  return typeof value === "string" && PEER_ID.test(value);
}

/**
 * The group address of a peer: hex(SHA-256(0x21 0x0f ‖ peerID bytes)), the SHA-256 of the peer's RTMFP endpoint
 * discriminator (reference §3.5). Throws `TypeError` when `peerID` is not 64 hex digits.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/net/NetGroup.html#convertPeerIDToGroupAddress()
 */
export function convertPeerIDToGroupAddress(peerID: string): string {
  if (!isPeerID(peerID)) throw new TypeError(`not a peer ID (64 hex digits): ${JSON.stringify(String(peerID).slice(0, 80))}`);
  const discriminator = new Uint8Array(34);
  discriminator[0] = 0x21;
  discriminator[1] = 0x0f;
  discriminator.set(hexToBytes(peerID)!, 2);
  return bytesToHex(sha256(discriminator));
}

/**
 * A group address's place on the ring as an exact integer: its top 52 bits. Enough to order and compare members of
 * any real group (they sit about 2^240 apart), at the cost of a number instead of 256-bit arithmetic.
 */
export function ringPositionOf(address: string): number {
  return parseInt(address.slice(0, 13), 16);
}

/**
 * Index of the first entry of `ring` (sorted by `position`) at or after `position`, in [0, ring.length]: where a
 * member falls on the ring. Shared by the peers' membership view and the rendezvous' bootstrap choice.
 */
export function ringIndexOf(ring: readonly { readonly position: number }[], position: number): number {
  let low = 0;
  let high = ring.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (ring[mid]!.position < position) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The group ID peers and the rendezvous compare: SHA-256 of the groupspec text from `"G:"` up to (not including)
 * the `00` end-of-identity marker; version ≥ 2 groupspecs hash that digest once more (reference §3.4, after
 * librtmfp). Bootstrap peers, multicast addresses and authorizations are not part of it, so members with and without
 * passwords share one group. Throws `GroupspecError` on a malformed groupspec.
 */
export function groupIdOf(groupspec: string): string {
  const { options, identityEnd } = decodeGroupspecParts(groupspec);
  const identityText = groupspec.slice(0, GROUPSPEC_PREFIX.length + 2 * identityEnd);
  let digest = sha256(utf8Bytes(identityText));
  if (options.version >= 2) digest = sha256(digest);
  return bytesToHex(digest);
}
