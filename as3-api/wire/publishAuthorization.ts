/**
 * Publish passwords on the mesh (docs/passwords.md, docs/netstream.md): the same scheme as posting passwords. A
 * member holding the groupspec's publish password derives a publish key; each multicast stream it publishes is
 * announced with a tag over the stream's identity, and each fragment carries a tag over its number and bytes.
 * Members drop untagged announcements and fragments of a group with a publish password, and members holding the
 * password drop wrongly tagged ones.
 */
import { concatBytes, hexToBytes, utf8Bytes } from "./bytes.js";
import type { PasswordHash } from "./groupspec/options.js";
import { hmacSha256, sha256 } from "./sha256.js";

/** The key that tags a publisher's streams in group `groupId` (cannot be computed from the groupspec's hash). */
export function publishKey(password: string, hash: PasswordHash, groupId: string): Uint8Array {
  return hmacSha256(utf8Bytes(password), utf8Bytes(`flashmesh publish key v1|${groupId}|${hash.salt}`));
}

/** Tag of a stream announcement: its ID, publisher and name. */
export function announcementTag(key: Uint8Array, streamId: string, publisher: string, name: string): Uint8Array {
  return hmacSha256(key, concatBytes(hexToBytes(streamId) ?? new Uint8Array(0), hexToBytes(publisher) ?? new Uint8Array(0), utf8Bytes(name)));
}

/** Tag of one fragment: stream ID, number and the SHA-256 of its payload. */
export function fragmentTag(key: Uint8Array, streamId: string, seq: number, payload: Uint8Array): Uint8Array {
  const number = new Uint8Array(4);
  new DataView(number.buffer).setUint32(0, seq >>> 0);
  return hmacSha256(key, concatBytes(hexToBytes(streamId) ?? new Uint8Array(0), number, sha256(payload)));
}
