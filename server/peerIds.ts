/**
 * Peer IDs in Flash's format (64 lowercase hex digits), minted by the server: 12 random bytes and the minting time
 * (4 bytes, seconds since 1970), followed by the first 16 bytes of their HMAC-SHA-256 under a secret drawn at
 * start-up. The server accepts only IDs it minted, so a client cannot choose its place on a group's address ring;
 * the minting time lets an ID that was never claimed, or whose owner left long ago, be refused without a list of
 * every ID ever handed out (server/identities.ts).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const HALF = 16;
const RANDOM = 12;
const PEER_ID = /^[0-9a-f]{64}$/;

/** Mints and verifies peer IDs. */
export class PeerIdMint {
  readonly #secret: Buffer;
  readonly #now: () => number;

  constructor(secret: Buffer = randomBytes(32), now: () => number = Date.now) {
    this.#secret = secret;
    this.#now = now;
  }

  /** A fresh peer ID. */
  mint = (): string => {
    const nonce = Buffer.alloc(HALF);
    randomBytes(RANDOM).copy(nonce);
    nonce.writeUInt32BE(Math.floor(this.#now() / 1000), RANDOM);
    return nonce.toString("hex") + this.#tag(nonce).toString("hex");
  };

  /** Whether `id` was minted with this secret. */
  verify(id: string): boolean {
    return this.mintedAt(id) !== null;
  }

  /** When `id` was minted (ms since 1970, to the second), or null when this server did not mint it. */
  mintedAt(id: string): number | null {
    if (!PEER_ID.test(id)) return null;
    const bytes = Buffer.from(id, "hex");
    if (!timingSafeEqual(this.#tag(bytes.subarray(0, HALF)), bytes.subarray(HALF))) return null;
    return bytes.readUInt32BE(RANDOM) * 1000;
  }

  #tag(nonce: Buffer): Buffer {
    return createHmac("sha256", this.#secret).update(nonce).digest().subarray(0, HALF);
  }
}

/** 64 random hex digits (nonces, resume tokens, the server's own ID). */
export function randomHex32(): string {
  return randomBytes(32).toString("hex");
}

/** What the server keeps of a client's secret token: its SHA-256, so a memory dump does not hand out sessions. */
export function tokenDigest(token: string): string {
  return createHash("sha256").update(token).digest("base64");
}
