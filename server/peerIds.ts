/**
 * Peer IDs in Flash's format (64 lowercase hex digits), minted by the server: 16 random bytes followed by the first
 * 16 bytes of their HMAC-SHA-256 under a secret drawn at start-up. The server accepts only IDs it minted, so a client
 * cannot choose its place on a group's address ring, and nothing needs remembering per ID.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const HALF = 16;
const PEER_ID = /^[0-9a-f]{64}$/;

/** Mints and verifies peer IDs. */
export class PeerIdMint {
  readonly #secret: Buffer;

  constructor(secret: Buffer = randomBytes(32)) {
    this.#secret = secret;
  }

  /** A fresh peer ID. */
  mint = (): string => {
    const nonce = randomBytes(HALF);
    return nonce.toString("hex") + this.#tag(nonce).toString("hex");
  };

  /** Whether `id` was minted with this secret. */
  verify(id: string): boolean {
    if (!PEER_ID.test(id)) return false;
    const bytes = Buffer.from(id, "hex");
    return timingSafeEqual(this.#tag(bytes.subarray(0, HALF)), bytes.subarray(HALF));
  }

  #tag(nonce: Buffer): Buffer {
    return createHmac("sha256", this.#secret).update(nonce).digest().subarray(0, HALF);
  }
}

/** 64 random hex digits (nonces, the server's own ID). */
export function randomHex32(): string {
  return randomBytes(32).toString("hex");
}
