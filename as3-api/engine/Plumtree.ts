/**
 * Posting: an epidemic broadcast tree (Plumtree, Leitão, Pereira & Rodrigues 2007). Posts go eagerly to "eager"
 * neighbours and only as IDs (IHAVE) to "lazy" ones. A duplicate prunes the link it came over to lazy, so the eager
 * links settle into a spanning tree and each member receives about one copy of each post; a member that hears of a
 * post it did not get in time GRAFTs the link back, which repairs the tree when members leave or crash. The
 * eager/lazy state of each neighbour is kept here; the group only says who its neighbours are.
 */
import type { Scheduler, Timer } from "../transport/scheduler.js";
import type { Announcement } from "../wire/frames.js";

/** What the broadcast needs from the group it serves. */
export interface PlumtreeHost {
  readonly scheduler: Scheduler;
  random(): number;
  /** Current neighbours' peer IDs. */
  neighbours(): Iterable<string>;
  /** Whether `peerId` is one of this member's ring neighbours (they always hear of every post). */
  isRingNeighbour(peerId: string): boolean;
  sendPost(peerId: string, messageId: string, hops: number, payload: Uint8Array, direct: boolean): void;
  /** True when this member has every member of the group as a neighbour: it then posts to all of them directly. */
  fullMesh(): boolean;
  /**
   * True once this member's part of the tree has formed (it has been in the group a while): a neighbour that joins
   * it then starts lazy (see {@link Plumtree.neighbourAdded}).
   */
  settled(): boolean;
  sendIHave(peerId: string, announcements: Announcement[]): void;
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
  /**
   * Tree optimisation (the Plumtree paper's): when a lazy neighbour announces a post it got in at least this many
   * fewer hops than the copy this member received, the lazy link replaces the eager one it came over. Off (null) by
   * default: in bench:overlay at 10,000 members it raised payload copies from 1.14 to 1.31 (threshold 3) and 1.41
   * (threshold 1) without shortening the tree, since one shared tree serves posters everywhere on the ring.
   */
  readonly optimizationThreshold: number | null;
  /** Remember seen message IDs this long, ms. Default 10 minutes. */
  readonly seenTtlMs: number;
  /** Keep posts for answering GRAFTs this long, ms. Default 60 s. */
  readonly cacheTtlMs: number;
}

export const DEFAULT_PLUMTREE_OPTIONS: PlumtreeOptions = Object.freeze({
  graftTimeoutMs: 1000,
  ihaveDelayMs: 50,
  lazyFanout: 6,
  optimizationThreshold: null,
  seenTtlMs: 600_000,
  cacheTtlMs: 60_000,
});

/** Counters for tests and benchmarks. */
export interface PostingStats {
  /** Post frames received, duplicates included (payload copies). */
  postsReceived: number;
  duplicates: number;
  grafts: number;
  prunes: number;
  /** Graft requests not answered: over the per-graft bound, or a post already sent to that neighbour by graft. */
  graftsRefused: number;
}

/** Posts answered at most per graft frame. */
const MAX_GRAFT_ANSWERS = 8;
/**
 * Times one neighbour may have one cached post answered, and times a member asks each announcer for one post. A graft
 * or its answer can be lost (a link that drops, the memory network's lossy paths): with one announcer and one try,
 * 10% loss each way lost about one post in five for that member. Three tries each way bring that to under 1%, and a
 * neighbour can still pull a post at most three times over.
 */
const GRAFT_TRIES = 3;
/** Own posts held at most while there is no neighbour to send them to (the oldest go first). */
const MAX_HELD = 64;

function isEmpty(items: Iterable<unknown>): boolean {
  for (const _ of items) return false;
  return true;
}

interface Missing {
  /** Neighbours that announced the post, in order; asked in turn, each at most {@link GRAFT_TRIES} times. */
  readonly announcers: string[];
  /** Grafts sent for the post so far. */
  tries: number;
  timer: Timer | null;
}

/** Broadcast state of one member in one group. */
export class Plumtree {
  readonly stats: PostingStats = { postsReceived: 0, duplicates: 0, grafts: 0, prunes: 0, graftsRefused: 0 };
  /** Message ID → time it expires from memory. Insertion order is expiry order, so pruning walks from the front. */
  readonly #seen = new Map<string, number>();
  /** Posts kept for GRAFTs, with the hops they took here and the neighbour they came from (null: posted here). */
  readonly #cache = new Map<string, { payload: Uint8Array; hops: number; from: string | null; expires: number; grafted?: Map<string, number> }>();
  readonly #missing = new Map<string, Missing>();
  readonly #ihaveQueue = new Map<string, Announcement[]>();
  #ihaveTimer: Timer | null = null;
  /** Neighbours pruned to lazy push; every other neighbour is eager (a new neighbour starts eager). */
  readonly #lazy = new Set<string>();
  /** This member's own posts made while it had no neighbour, oldest first. */
  readonly #held: string[] = [];

  constructor(
    private readonly host: PlumtreeHost,
    private readonly options: PlumtreeOptions = DEFAULT_PLUMTREE_OPTIONS,
  ) {}

  /** Whether posts go to `peerId` eagerly (true for any neighbour not pruned). */
  isEager(peerId: string): boolean {
    return !this.#lazy.has(peerId);
  }

  /** Whether this member has seen `messageId`. */
  hasSeen(messageId: string): boolean {
    return this.#seen.has(messageId);
  }

  /**
   * Posts from this member: every neighbour gets it (eager) or hears of it (lazy). Returns false for a duplicate. A
   * post made while this member has no neighbour yet (just joined, or cut off) is held, and pushed to the first
   * neighbour that connects (for as long as posts are cached): otherwise no member would ever hear of it.
   */
  broadcast(messageId: string, payload: Uint8Array): boolean {
    if (this.#seen.has(messageId)) return false;
    this.#remember(messageId, payload, 0, null);
    if (isEmpty(this.host.neighbours())) {
      this.#held.push(messageId);
      if (this.#held.length > MAX_HELD) this.#held.shift();
      return true;
    }
    if (this.host.fullMesh()) {
      // Small group, everyone a neighbour: one hop to each member, nothing for them to push on.
      for (const peerId of this.host.neighbours()) this.host.sendPost(peerId, messageId, 1, payload, true);
    } else this.#forward(messageId, payload, 0, null);
    return true;
  }

  onPost(from: string, messageId: string, hops: number, payload: Uint8Array, direct = false): void {
    this.stats.postsReceived++;
    if (this.#seen.has(messageId)) {
      this.stats.duplicates++;
      // A second copy: the link it came over is redundant for eager push, both ways. The sender is told whatever this
      // member thought of the link (as in the paper): a link can be eager on one side only (a newcomer's, see
      // neighbourAdded), and a sender never told would go on pushing every post over it.
      if (this.isEager(from) || !direct) {
        this.#setEager(from, false);
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
    if (direct) {
      // Every member got it from the poster; only the lazy safety net (ring neighbours) hears of it.
      this.#remember(messageId, payload, hops, null);
      for (const peerId of this.host.neighbours()) if (peerId !== from && this.host.isRingNeighbour(peerId)) this.#queueIHave(peerId, messageId, hops);
      return;
    }
    this.#setEager(from, true);
    this.#remember(messageId, payload, hops, from);
    this.#forward(messageId, payload, hops, from);
  }

  onIHave(from: string, announcements: readonly Announcement[]): void {
    for (const { messageId, hops } of announcements) {
      if (this.#seen.has(messageId)) {
        this.#optimize(from, messageId, hops);
        continue;
      }
      let missing = this.#missing.get(messageId);
      if (missing === undefined) {
        missing = { announcers: [], tries: 0, timer: null };
        this.#missing.set(messageId, missing);
      }
      if (!missing.announcers.includes(from)) missing.announcers.push(from);
      if (missing.timer === null) missing.timer = this.host.scheduler.setTimer(this.options.graftTimeoutMs, () => this.#graft(messageId));
    }
  }

  /**
   * A neighbour asks for posts it missed and for eager push. Answers are bounded, so a neighbour cannot use grafts to
   * pull more than an eager link would give it: at most {@link MAX_GRAFT_ANSWERS} posts per graft (an honest member
   * grafts one at a time), each cached post at most {@link GRAFT_TRIES} times per neighbour (a graft retried because
   * the answer was lost), and never back to the neighbour it came from.
   */
  onGraft(from: string, messageIds: readonly string[]): void {
    this.#setEager(from, true);
    let answered = 0;
    for (const messageId of messageIds) {
      if (answered >= MAX_GRAFT_ANSWERS) {
        this.stats.graftsRefused++;
        break;
      }
      const cached = this.#cache.get(messageId);
      if (cached === undefined || cached.from === from) continue;
      const times = cached.grafted?.get(from) ?? 0;
      if (times >= GRAFT_TRIES) {
        this.stats.graftsRefused++;
        continue;
      }
      (cached.grafted ??= new Map()).set(from, times + 1);
      answered++;
      this.host.sendPost(from, messageId, cached.hops + 1, cached.payload, false);
    }
  }

  onPrune(from: string): void {
    this.#setEager(from, false);
  }

  /**
   * A neighbour joined. Plumtree makes every new link eager; here a link made once this member is settled starts
   * lazy: the tree already reaches this member, and the newcomer, whose other neighbours are settled too, hears of
   * every post from its ring neighbours and grafts one link eager. Eager from every settled neighbour, it received
   * each post from all of them until it had pruned them one by one (at 10,000 members under 10% churn that alone
   * was about a tenth of all payload copies). Links made while the group forms stay eager, so a new group's first
   * posts are not slowed by grafts. The posts held for want of neighbours go to the first one (it pushes them on).
   */
  neighbourAdded(peerId: string): void {
    if (this.host.settled() && !this.host.isRingNeighbour(peerId)) this.#lazy.add(peerId);
    if (this.#held.length === 0) return;
    for (const messageId of this.#held.splice(0)) {
      const cached = this.#cache.get(messageId);
      if (cached !== undefined) this.host.sendPost(peerId, messageId, 1, cached.payload, false);
    }
  }

  /** A neighbour left: forget it as a source of missing posts. */
  neighbourRemoved(peerId: string): void {
    this.#ihaveQueue.delete(peerId);
    this.#lazy.delete(peerId);
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

  #setEager(peerId: string, eager: boolean): void {
    if (eager) this.#lazy.delete(peerId);
    else this.#lazy.add(peerId);
  }

  #remember(messageId: string, payload: Uint8Array, hops: number, from: string | null): void {
    const now = this.host.scheduler.now();
    this.#seen.set(messageId, now + this.options.seenTtlMs);
    this.#cache.set(messageId, { payload, hops, from, expires: now + this.options.cacheTtlMs });
  }

  /** A lazy neighbour had the post in fewer hops: make its link eager and prune the one the post came over. */
  #optimize(announcer: string, messageId: string, announcedHops: number): void {
    const threshold = this.options.optimizationThreshold;
    const received = this.#cache.get(messageId);
    if (threshold === null || received === undefined || received.from === null || received.from === announcer || this.isEager(announcer)) return;
    if (announcedHops + 1 + threshold > received.hops) return;
    this.#setEager(announcer, true);
    this.host.sendGraft(announcer, []);
    this.#setEager(received.from, false);
    this.host.sendPrune(received.from);
    this.stats.prunes++;
    received.from = announcer;
    received.hops = announcedHops + 1;
  }

  #forward(messageId: string, payload: Uint8Array, hops: number, from: string | null): void {
    const lazy: string[] = [];
    for (const peerId of this.host.neighbours()) {
      if (peerId === from) continue;
      if (this.isEager(peerId)) this.host.sendPost(peerId, messageId, hops + 1, payload, false);
      else if (this.host.isRingNeighbour(peerId)) this.#queueIHave(peerId, messageId, hops);
      else lazy.push(peerId);
    }
    for (let told = 0; told < this.options.lazyFanout && lazy.length > 0; told++) {
      const pick = Math.floor(this.host.random() * lazy.length);
      this.#queueIHave(lazy[pick]!, messageId, hops);
      lazy[pick] = lazy[lazy.length - 1]!;
      lazy.pop();
    }
  }

  #queueIHave(peerId: string, messageId: string, hops: number): void {
    const queue = this.#ihaveQueue.get(peerId);
    if (queue === undefined) this.#ihaveQueue.set(peerId, [{ messageId, hops }]);
    else queue.push({ messageId, hops });
    this.#ihaveTimer ??= this.host.scheduler.setTimer(this.options.ihaveDelayMs, () => this.#flushIHave());
  }

  #flushIHave(): void {
    this.#ihaveTimer = null;
    for (const [peerId, announcements] of this.#ihaveQueue) {
      for (let start = 0; start < announcements.length; start += 256) this.host.sendIHave(peerId, announcements.slice(start, start + 256));
    }
    this.#ihaveQueue.clear();
  }

  #graft(messageId: string): void {
    const missing = this.#missing.get(messageId);
    if (missing === undefined) return;
    missing.timer = null;
    // Announcers in turn, each asked again once all were (its answer may have been lost), up to GRAFT_TRIES rounds.
    if (missing.tries >= missing.announcers.length * GRAFT_TRIES) {
      this.#missing.delete(messageId);
      return;
    }
    const announcer = missing.announcers[missing.tries % missing.announcers.length]!;
    missing.tries++;
    this.stats.grafts++;
    this.#setEager(announcer, true);
    this.host.sendGraft(announcer, [messageId]);
    // If this announcer fails us too, try the next one (or this one again).
    missing.timer = this.host.scheduler.setTimer(this.options.graftTimeoutMs, () => this.#graft(messageId));
  }
}
