/**
 * Posting passwords on the mesh (docs/passwords.md). A groupspec with a posting password carries only
 * SHA-256(salt ‖ password); a member that was given the password (the groupspec's posting authorization) derives a
 * posting key from it and tags each post with HMAC(key, messageID). Nobody sends the password anywhere: not to the
 * server (which never sees a groupspec) and not to peers. Members holding the password check every tag and drop
 * posts whose tag is missing or wrong; members without it cannot compute the key, so their posts carry no tag and
 * every member drops them.
 *
 * A post's payload on the wire is an envelope: one flags byte, the 32-byte tag when flag bit 0 is set, then the
 * message's AMF3 bytes (whose SHA-256 is the messageID).
 */
import { concatBytes, hexToBytes, utf8Bytes } from "./bytes.js";
import type { PasswordHash } from "./groupspec/options.js";
import { hmacSha256, sha256 } from "./sha256.js";

const TAG_BYTES = 32;
const FLAG_TAGGED = 1;

/** Whether `password` is the one `hash` (from a groupspec) was made from: SHA-256(salt ‖ password). */
export function passwordMatches(password: string, hash: PasswordHash): boolean {
  const salt = hexToBytes(hash.salt) ?? new Uint8Array(0);
  return equalBytes(sha256(concatBytes(salt, utf8Bytes(password))), hexToBytes(hash.hash) ?? new Uint8Array(0));
}

/**
 * The key that tags posts in group `groupId`: HMAC-SHA-256 keyed with the password over a label, the group ID and the
 * salt, so the key differs between groups that share a password and cannot be computed from the groupspec's hash.
 */
export function postingKey(password: string, hash: PasswordHash, groupId: string): Uint8Array {
  return hmacSha256(utf8Bytes(password), utf8Bytes(`flashmesh posting key v1|${groupId}|${hash.salt}`));
}

/** The tag of one post: HMAC-SHA-256 of its messageID bytes under the posting key. */
export function postTag(key: Uint8Array, messageId: string): Uint8Array {
  return hmacSha256(key, hexToBytes(messageId) ?? new Uint8Array(0));
}

/** A post's envelope: the AMF3 message and its tag, if any. */
export interface PostEnvelope {
  readonly message: Uint8Array;
  readonly tag: Uint8Array | null;
}

/** Wraps a message (AMF3 bytes) and an optional tag into the payload a post frame carries. */
export function wrapPost(message: Uint8Array, tag: Uint8Array | null): Uint8Array {
  return tag === null ? concatBytes(Uint8Array.of(0), message) : concatBytes(Uint8Array.of(FLAG_TAGGED), tag, message);
}

/** Reads an envelope; `null` when it is malformed (unknown flags, or too short for its tag). */
export function unwrapPost(payload: Uint8Array): PostEnvelope | null {
  const flags = payload[0];
  if (flags === 0) return { message: payload.subarray(1), tag: null };
  if (flags !== FLAG_TAGGED || payload.length < 1 + TAG_BYTES) return null;
  return { message: payload.subarray(1 + TAG_BYTES), tag: payload.subarray(1, 1 + TAG_BYTES) };
}

/** Constant-time comparison (tags are secrets' fingerprints: do not leak how many bytes matched). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
