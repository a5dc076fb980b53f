/**
 * SHA-256 and HMAC-SHA-256, synchronously. Flash computes groupspec password hashes, group IDs and group addresses
 * inside synchronous calls (`setPostingPassword`, `convertPeerIDToGroupAddress`, `post`), and WebCrypto is
 * asynchronous only, so this module owns the `@noble/hashes` dependency (audited, dependency-free, works in Node and
 * browsers alike).
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";

/** SHA-256 digest (32 bytes) of `bytes`. */
export function sha256(bytes: Uint8Array): Uint8Array {
  return nobleSha256(bytes);
}

/** HMAC-SHA-256 (32 bytes) of `message` under `key`. */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  return hmac(nobleSha256, key, message);
}
