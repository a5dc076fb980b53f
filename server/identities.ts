/**
 * Who may connect under a peer ID. An ID is claimed by the first connection that uses it (within
 * {@link CLAIM_WINDOW_MS} of minting) and is then bound to that connection's token. After FM-WELCOME the token is
 * the resume token the welcome carried (rotated at each welcome). When the client leaves, the binding is kept for
 * the grace period (`peerIdGraceMs`): the client may come back with its resume token and gets its groups back;
 * anyone else is refused. After the grace period the ID is retired: it is unbound and past its claim window (never
 * longer than the grace period), so it is refused for good, without a list of old IDs.
 */
import type { PeerIdMint } from "./peerIds.js";

/**
 * A minted ID must be claimed this soon after minting (peerjs connects right after fetching its ID), or within the
 * grace period if that is shorter.
 */
export const CLAIM_WINDOW_MS = 60_000;

/** A live client as identities see it. */
export interface BoundClient {
  /** Digest of the token that may reconnect under this ID (server/peerIds.ts tokenDigest). */
  readonly tokenDigest: string;
}

/** A group membership to give back on resume. */
export interface HeldMembership {
  readonly group: string;
  readonly peerToPeer: boolean;
}

/** What a departed client left behind for its resumption. */
export interface HeldSession {
  /** Whether it had been welcomed (FM-HELLO accepted). */
  readonly welcomed: boolean;
  readonly memberships: readonly HeldMembership[];
}

interface Departed extends HeldSession {
  readonly tokenDigest: string;
  readonly until: number;
}

/** The answer for a connection attempt. */
export type IdentityVerdict<C> =
  | { readonly ok: true; readonly kind: "claim" | "resume" }
  | { readonly ok: true; readonly kind: "supersede"; readonly live: C }
  | { readonly ok: false; readonly reason: string };

/** Peer ID bindings of one server. */
export class PeerIdentities<C extends BoundClient> {
  readonly #departed = new Map<string, Departed>();
  #sweeper: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly mint: PeerIdMint,
    private readonly graceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Departed IDs still bound (resumable). */
  get departedCount(): number {
    return this.#departed.size;
  }

  /**
   * May a connection with `tokenDigest` use `peerId`? `live` is the client connected under it now, if any: the same
   * token supersedes it (a client reconnecting before the server noticed its old socket die).
   */
  check(peerId: string, tokenDigest: string, live: C | undefined): IdentityVerdict<C> {
    const mintedAt = this.mint.mintedAt(peerId);
    if (mintedAt === null) return { ok: false, reason: "peer ID not minted by this server" };
    if (live !== undefined) return live.tokenDigest === tokenDigest ? { ok: true, kind: "supersede", live } : { ok: false, reason: "peer ID in use" };
    const departed = this.#departed.get(peerId);
    if (departed !== undefined && departed.until > this.now()) {
      return departed.tokenDigest === tokenDigest ? { ok: true, kind: "resume" } : { ok: false, reason: "peer ID bound to its departed owner" };
    }
    // Claimable only while younger than the grace period too: a binding that expired is then always past its claim window.
    if (departed !== undefined || this.now() - mintedAt > Math.min(CLAIM_WINDOW_MS, this.graceMs)) return { ok: false, reason: "peer ID retired" };
    return { ok: true, kind: "claim" };
  }

  /** A client left: its ID stays bound to its token, with its memberships, for the grace period. */
  departed(peerId: string, tokenDigest: string, welcomed: boolean, memberships: readonly HeldMembership[]): void {
    this.#departed.set(peerId, { tokenDigest, welcomed, memberships, until: this.now() + this.graceMs });
    this.#sweeper ??= setInterval(() => this.#sweep(), Math.max(250, Math.min(this.graceMs, 10_000)));
    this.#sweeper.unref?.();
  }

  /** Takes what a resuming client left behind, ending the grace period. */
  resumed(peerId: string): HeldSession {
    const departed = this.#departed.get(peerId);
    this.#departed.delete(peerId);
    return departed ?? { welcomed: false, memberships: [] };
  }

  /** Whether `peerId` left within the grace period (a relay to it failing is no one's fault). */
  recentlyDeparted(peerId: string): boolean {
    return this.#departed.has(peerId);
  }

  /** Stops the expiry timer (server shutdown). */
  close(): void {
    if (this.#sweeper !== null) clearInterval(this.#sweeper);
    this.#sweeper = null;
  }

  #sweep(): void {
    const now = this.now();
    for (const [peerId, departed] of this.#departed) if (departed.until <= now) this.#departed.delete(peerId);
    if (this.#departed.size === 0) this.close();
  }
}
