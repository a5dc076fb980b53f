/**
 * SHA-256 and HMAC-SHA-256, synchronously. Flash computes groupspec password hashes, group IDs and group addresses
 * inside synchronous calls (`setPostingPassword`, `convertPeerIDToGroupAddress`, `post`), and WebCrypto is
 * asynchronous only, so this module owns the `@noble/hashes` dependency (audited, dependency-free, works in Node and
 * browsers alike).
 */
import { hmac } from "@noble/hashes/hmac.js";
import { pbkdf2Async } from "@noble/hashes/pbkdf2.js";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";

/** SHA-256 digest (32 bytes) of `bytes`. */
export function sha256(bytes: Uint8Array): Uint8Array {
  return nobleSha256(bytes);
}

/** HMAC-SHA-256 (32 bytes) of `message` under `key`. */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  return hmac(nobleSha256, key, message);
}

/**
 * PBKDF2-HMAC-SHA-256 (32 bytes), asynchronously: WebCrypto where the page has it (fast, native), else this module's
 * JavaScript implementation, which yields to the event loop as it goes (a page over plain http on a LAN address has no
 * `crypto.subtle`).
 */
export async function pbkdf2Sha256(password: Uint8Array, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (subtle !== undefined) {
    // Copies: WebCrypto takes only ArrayBuffer-backed views.
    const key = await subtle.importKey("raw", new Uint8Array(password), "PBKDF2", false, ["deriveBits"]);
    return new Uint8Array(await subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: new Uint8Array(salt), iterations }, key, 256));
  }
  return pbkdf2Async(nobleSha256, password, salt, { c: iterations, dkLen: 32 });
}
