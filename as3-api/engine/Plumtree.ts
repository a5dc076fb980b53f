/**
 * Posting: an epidemic broadcast tree (Plumtree, Leitão, Pereira & Rodrigues 2007). Posts go eagerly to "eager"
 * neighbours and only as IDs (IHAVE) to "lazy" ones. A duplicate prunes the link it came over to lazy, so the eager
 * links settle into a spanning tree and each member receives about one copy of each post; a member that hears of a
 * post it did not get in time GRAFTs the link back, which repairs the tree when members leave or crash.
 */
import type { Scheduler, Timer } from "../transport/scheduler.js";

/** What the broadcast needs from the group it serves. */
export interface PlumtreeHost {
  readonly scheduler: Scheduler;
  random(): number;
  /** Current neighbours and whether each is eager. */
  neighbours(): Iterable<{ readonly peerId: string; eager: boolean }>;
  isEager(peerId: string): boolean;
  /** Whether `peerId` is one of this member's ring neighbours (they always hear of every post). */
  isRingNeighbour(peerId: string): boolean;
  setEager(peerId: string, eager: boolean): void;
  sendPost(peerId: string, messageId: string, hops: number, payload: Uint8Array): void;
  sendIHave(peerId: string, messageIds: string[]): void;
  sendGraft(peerId: string, messageIds: string[]): void;
  sendPrune(peerId: string): void;
  /**
   * A post reached this member for the first time: check it and hand it to the application. False for an invalid
   * post, which is then neither remembered nor forwarded (so a forged copy cannot block the real one).
   */
  deliver(messageId: string, payload: Uint8Array, hops: number): boolean;
}

/** Tuning. */
export interface PlumtreeOptions {
  /** Wait this long after an IHAVE for the post itself before grafting, ms. Default 1,000. */
  readonly graftTimeoutMs: number;
  /** Batch IHAVEs for this long, ms. Default 50. */
  readonly ihaveDelayMs: number;
  /**
   * Lazy neighbours told of each post (IHAVE) besides the ring neighbours, chosen at random. Plumtree tells every
   * lazy neighbour; telling the ring neighbours always (so every member hears of every post from the members beside
   * it on the ring) and a few others is enough, at a fraction of the control traffic. Default 6.
   */
  readonly lazyFanout: number;
  /** Remember seen message IDs this long, ms. Default 10 minutes. */
  readonly seenTtlMs: number;
  /** Keep posts for answering GRAFTs this long, ms. Default 60 s. */
  readonly cacheTtlMs: number;
}

export const DEFAULT_PLUMTREE_OPTIONS: PlumtreeOptions = Object.freeze({ graftTimeoutMs: 1000, ihaveDelayMs: 50, lazyFanout: 6, seenTtlMs: 600_000, cacheTtlMs: 60_000 });

/** Counters for tests and benchmarks. */
export interface PostingStats {
  /** Post frames received, duplicates included (payload copies). */
  postsReceived: number;
  duplicates: number;
  grafts: number;
  prunes: number;
}

interface Missing {
  readonly announcers: string[];
  timer: Timer | null;
}

/** Broadcast state of one member in one group. */
export class Plumtree {
  readonly stats: PostingStats = { postsReceived: 0, duplicates: 0, grafts: 0, prunes: 0 };
  /** Message ID → time it expires from memory. Insertion order is expiry order, so pruning walks from the front. */
  readonly #seen = new Map<string, number>();
  readonly #cache = new Map<string, { payload: Uint8Array; hops: number; expires: number }>();
  readonly #missing = new Map<string, Missing>();
  readonly #ihaveQueue = new Map<string, string[]>();
  #ihaveTimer: Timer | null = null;

  constructor(
    private readonly host: PlumtreeHost,
    private readonly options: PlumtreeOptions = DEFAULT_PLUMTREE_OPTIONS,
  ) {}

  /** Whether this member has seen `messageId`. */
  hasSeen(messageId: string): boolean {
    return this.#seen.has(messageId);
  }

  /** Posts from this member: every neighbour gets it (eager) or hears of it (lazy). Returns false for a duplicate. */
  broadcast(messageId: string, payload: Uint8Array): boolean {
    if (this.#seen.has(messageId)) return false;
    this.#remember(messageId, payload, 0);
    this.#forward(messageId, payload, 0, null);
    return true;
  }

  onPost(from: string, messageId: string, hops: number, payload: Uint8Array): void {
    this.stats.postsReceived++;
    if (this.#seen.has(messageId)) {
      this.stats.duplicates++;
      // A second copy: the link it came over is redundant for eager push.
      if (this.host.isEager(from)) {
        this.host.setEager(from, false);
        this.host.sendPrune(from);
        this.stats.prunes++;
      }
      return;
    }
    if (!this.host.deliver(messageId, payload, hops)) return;
    const missing = this.#missing.get(messageId);
    if (missing !== undefined) {
      missing.timer?.cancel();
      this.#missing.delete(messageId);
    }
    this.host.setEager(from, true);
    this.#remember(messageId, payload, hops);
    this.#forward(messageId, payload, hops, from);
  }

  onIHave(from: string, messageIds: readonly string[]): void {
    for (const messageId of messageIds) {
      if (this.#seen.has(messageId)) continue;
      let missing = this.#missing.get(messageId);
      if (missing === undefined) {
        missing = { announcers: [], timer: null };
        this.#missing.set(messageId, missing);
      }
      if (!missing.announcers.includes(from)) missing.announcers.push(from);
      if (missing.timer === null) missing.timer = this.host.scheduler.setTimer(this.options.graftTimeoutMs, () => this.#graft(messageId));
    }
  }

  onGraft(from: string, messageIds: readonly string[]): void {
    this.host.setEager(from, true);
    for (const messageId of messageIds) {
      const cached = this.#cache.get(messageId);
      if (cached !== undefined) this.host.sendPost(from, messageId, cached.hops + 1, cached.payload);
    }
  }

  onPrune(from: string): void {
    this.host.setEager(from, false);
  }

  /** A neighbour left: forget it as a source of missing posts. */
  neighbourRemoved(peerId: string): void {
    this.#ihaveQueue.delete(peerId);
    for (const missing of this.#missing.values()) {
      const at = missing.announcers.indexOf(peerId);
      if (at >= 0) missing.announcers.splice(at, 1);
    }
  }

  /** Drops expired IDs and cached posts (called on heartbeat). */
  expire(): void {
    const now = this.host.scheduler.now();
    for (const [messageId, expires] of this.#seen) {
      if (expires > now) break;
      this.#seen.delete(messageId);
    }
    for (const [messageId, entry] of this.#cache) {
      if (entry.expires > now) break;
      this.#cache.delete(messageId);
    }
  }

  /** Stops every timer. */
  close(): void {
    this.#ihaveTimer?.cancel();
    for (const missing of this.#missing.values()) missing.timer?.cancel();
    this.#missing.clear();
  }

  #remember(messageId: string, payload: Uint8Array, hops: number): void {
    const now = this.host.scheduler.now();
    this.#seen.set(messageId, now + this.options.seenTtlMs);
    this.#cache.set(messageId, { payload, hops, expires: now + this.options.cacheTtlMs });
  }

  #forward(messageId: string, payload: Uint8Array, hops: number, from: string | null): void {
    const lazy: string[] = [];
    for (const neighbour of this.host.neighbours()) {
      if (neighbour.peerId === from) continue;
      if (neighbour.eager) this.host.sendPost(neighbour.peerId, messageId, hops + 1, payload);
      else if (this.host.isRingNeighbour(neighbour.peerId)) this.#queueIHave(neighbour.peerId, messageId);
      else lazy.push(neighbour.peerId);
    }
    for (let told = 0; told < this.options.lazyFanout && lazy.length > 0; told++) {
      const pick = Math.floor(this.host.random() * lazy.length);
      this.#queueIHave(lazy[pick]!, messageId);
      lazy[pick] = lazy[lazy.length - 1]!;
      lazy.pop();
    }
  }

  #queueIHave(peerId: string, messageId: string): void {
    const queue = this.#ihaveQueue.get(peerId);
    if (queue === undefined) this.#ihaveQueue.set(peerId, [messageId]);
    else queue.push(messageId);
    this.#ihaveTimer ??= this.host.scheduler.setTimer(this.options.ihaveDelayMs, () => this.#flushIHave());
  }

  #flushIHave(): void {
    this.#ihaveTimer = null;
    for (const [peerId, ids] of this.#ihaveQueue) {
      for (let start = 0; start < ids.length; start += 256) this.host.sendIHave(peerId, ids.slice(start, start + 256));
    }
    this.#ihaveQueue.clear();
  }

  #graft(messageId: string): void {
    const missing = this.#missing.get(messageId);
    if (missing === undefined) return;
    missing.timer = null;
    const announcer = missing.announcers.shift();
    if (announcer === undefined) {
      this.#missing.delete(messageId);
      return;
    }
    this.stats.grafts++;
    this.host.setEager(announcer, true);
    this.host.sendGraft(announcer, [messageId]);
    // If this announcer fails us too, try the next one.
    missing.timer = this.host.scheduler.setTimer(this.options.graftTimeoutMs, () => this.#graft(messageId));
  }
}
