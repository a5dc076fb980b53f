/**
 * Object replication, as a group service: this member's have and want sets (interval lists, {@link RangeSet}), its
 * neighbours' advertised haves, the requests it sends (at most {@link ReplicationOptions.maxInFlight}, a few per
 * holder, each answered, denied or timed out) and the requests it receives (handed to the application, which answers
 * with {@link Replication.write} or {@link Replication.deny}, at once or later). Frames: haveObjects, requestObject,
 * object, denyObject (wire/frames/replication.ts). Events: `fetchsendnotify`, `fetchresult`, `fetchfailed`,
 * `replicationrequest`. Behaviour and choices where Flash is unknown: docs/replication.md.
 */
import { MAX_OBJECT_BYTES, REPLICATION_LIMITS, type ReplicationFrame } from "../../wire/frames.js";
import { amf3Value, UNDECODABLE, type Amf3Payload } from "../amf3Payload.js";
import type { GroupContext, GroupService } from "../host.js";
import type { Neighbours } from "../neighbours.js";
import type { HaveChange } from "../../wire/frames.js";
import { chooseIndex, type Holder, type ReplicationStrategy } from "./choose.js";
import { RangeSet } from "./RangeSet.js";

export { MAX_OBJECT_BYTES };

/** "Served" hints kept per neighbour (one per object it sent out; a larger file is simply asked of it sooner). */
const MAX_SERVED_HINTS = 4096;

/** Tuning of object replication. */
export interface ReplicationOptions {
  /** A request unanswered this long fails (Fetch.Failed) and the index is asked of another holder, ms. */
  readonly requestTimeoutMs: number;
  /** A holder that failed (denied, timed out, sent garbage) for an index is not asked for it again before this, ms. */
  readonly retryAfterMs: number;
  /** Requests out at once, over all holders. */
  readonly maxInFlight: number;
  /** Requests out at once to one holder. */
  readonly maxInFlightPerHolder: number;
  /** Requests from one neighbour waiting for the application's answer; more are denied at once. */
  readonly maxPendingPerNeighbour: number;
}

export const DEFAULT_REPLICATION_OPTIONS: ReplicationOptions = Object.freeze({
  requestTimeoutMs: 10_000,
  retryAfterMs: 2_000,
  maxInFlight: 16,
  maxInFlightPerHolder: 4,
  maxPendingPerNeighbour: 64,
});

/** What `write` did with the object. */
export type WriteOutcome = "sent" | "unknown request" | "too large" | "neighbour gone";

/** A request out; `hinted`: it went to a seed and the other neighbours were told this member is fetching it. */
interface Outgoing { readonly index: number; readonly peerId: string; readonly sentAt: number; readonly hinted: boolean }
interface Incoming { readonly peerId: string; readonly theirId: number; readonly index: number }

/** One member's object replication in one group. */
export class Replication implements GroupService<ReplicationFrame> {
  readonly frameTypes = ["haveObjects", "requestObject", "object", "denyObject"] as const;
  readonly #have = new RangeSet();
  readonly #want = new RangeSet();
  readonly #holders = new Map<string, RangeSet>();
  readonly #outgoing = new Map<number, Outgoing>();
  readonly #inFlight = new Map<number, number>(); // index → request ID
  /** Indices a holder failed for, until when it is not asked again. */
  readonly #failures = new Map<string, Map<number, number>>();
  readonly #incoming = new Map<number, Incoming>();
  readonly #pendingFrom = new Map<string, number>();
  /** Per neighbour, the indices it said it is fetching from a seed, and when it said so. */
  readonly #fetchingBy = new Map<string, Map<number, number>>();
  /** Neighbours whose hint outlived any honest request (it never delivered): their hints are ignored from then on. */
  readonly #hintsIgnored = new Set<string>();
  /** Indices this member sent out at least once while wanting nothing. */
  readonly #served = new RangeSet();
  /** Per neighbour, what it said it sent out once, and when (asking it for those again waits for the swarm a while). */
  readonly #servedBy = new Map<string, Map<number, number>>();
  #nextOutgoing = 1;
  #nextIncoming = 1;
  #strategy: ReplicationStrategy = "lowestFirst";
  #fetchScheduled = false;

  constructor(
    private readonly group: GroupContext,
    private readonly neighbours: Neighbours,
    private readonly options: ReplicationOptions = DEFAULT_REPLICATION_OPTIONS,
  ) {}

  /** Whether the groupspec enables object replication (otherwise the service ignores frames and sends none). */
  get enabled(): boolean {
    return this.group.options.objectReplication;
  }

  /** LOWEST_FIRST or RAREST_FIRST; a change applies to the next request chosen (transfers under way go on). */
  get strategy(): ReplicationStrategy {
    return this.#strategy;
  }

  set strategy(strategy: ReplicationStrategy) {
    this.#strategy = strategy;
  }

  /** This member's have set (a copy of its intervals). */
  get haves(): readonly (readonly [number, number])[] {
    return this.#have.ranges;
  }

  /** This member's want set (a copy of its intervals). */
  get wants(): readonly (readonly [number, number])[] {
    return this.#want.ranges;
  }

  /** Requests out now. */
  get requestsInFlight(): number {
    return this.#outgoing.size;
  }

  /** Adds `start … end` to the have set and tells the neighbours. */
  addHave(start: number, end: number): void {
    this.#have.add(start, end);
    this.#advertise("add", [[start, end]]);
    this.#scheduleFetch();
  }

  /** Removes `start … end` from the have set and tells the neighbours. */
  removeHave(start: number, end: number): void {
    this.#have.remove(start, end);
    this.#advertise("remove", [[start, end]]);
  }

  /** Adds `start … end` to the want set; fetching starts after the current call. */
  addWant(start: number, end: number): void {
    this.#want.add(start, end);
    this.#scheduleFetch();
  }

  /** Removes `start … end` from the want set; answers to requests for them are dropped. */
  removeWant(start: number, end: number): void {
    this.#want.remove(start, end);
  }

  /** Answers request `requestId` with `object`. */
  write(requestId: number, object: Amf3Payload): WriteOutcome {
    const request = this.#take(requestId);
    if (request === null) return "unknown request";
    const { peerId, theirId, index } = request;
    if (object.bytes.length > MAX_OBJECT_BYTES) {
      this.group.send(peerId, { type: "denyObject", group: this.group.tag, requestId: theirId, index });
      return "too large";
    }
    return this.group.send(peerId, { type: "object", group: this.group.tag, requestId: theirId, index, payload: object.bytes }) ? "sent" : "neighbour gone";
  }

  /** Denies request `requestId`; false when there is no such request. */
  deny(requestId: number): boolean {
    const request = this.#take(requestId);
    if (request === null) return false;
    this.group.send(request.peerId, { type: "denyObject", group: this.group.tag, requestId: request.theirId, index: request.index });
    return true;
  }

  receive(from: string, frame: ReplicationFrame): void {
    if (!this.enabled) return;
    switch (frame.type) {
      case "haveObjects": return this.#haves(from, frame.change, frame.ranges);
      case "requestObject": return this.#request(from, frame.requestId, frame.index);
      case "object": return this.#answer(from, frame.requestId, frame.index, frame.payload);
      case "denyObject": return this.#answer(from, frame.requestId, frame.index, null);
    }
  }

  /** A new neighbour hears the whole have set. */
  neighbourAdded(peerId: string): void {
    if (!this.enabled || this.#have.isEmpty) return;
    const ranges = this.#have.ranges;
    for (let at = 0; at < ranges.length; at += REPLICATION_LIMITS.maxRanges) {
      this.group.send(peerId, { type: "haveObjects", group: this.group.tag, change: at === 0 ? "replace" : "add", ranges: ranges.slice(at, at + REPLICATION_LIMITS.maxRanges) });
    }
  }

  neighbourRemoved(peerId: string): void {
    this.#holders.delete(peerId);
    this.#failures.delete(peerId);
    this.#pendingFrom.delete(peerId);
    this.#fetchingBy.delete(peerId);
    this.#hintsIgnored.delete(peerId);
    this.#servedBy.delete(peerId);
    for (const [id, request] of this.#incoming) if (request.peerId === peerId) this.#incoming.delete(id);
    for (const [id, request] of this.#outgoing) if (request.peerId === peerId) this.#fail(id, request);
    this.#scheduleFetch();
  }

  heartbeat(now: number): void {
    if (!this.enabled) return;
    for (const [id, request] of this.#outgoing) if (now - request.sentAt >= this.options.requestTimeoutMs) this.#fail(id, request);
    for (const [peerId, failures] of this.#failures) {
      for (const [index, until] of failures) if (until <= now) failures.delete(index);
      if (failures.size === 0) this.#failures.delete(peerId);
    }
    for (const [peerId, served] of this.#servedBy) {
      for (const [index, since] of served) if (now - since >= this.options.requestTimeoutMs) served.delete(index);
      if (served.size === 0) this.#servedBy.delete(peerId);
    }
    for (const [peerId, fetching] of this.#fetchingBy) {
      for (const since of fetching.values()) {
        if (now - since < 2 * this.options.requestTimeoutMs) continue;
        this.#hintsIgnored.add(peerId);
        this.#fetchingBy.delete(peerId);
        break;
      }
    }
    this.#fetch();
  }

  close(): void {
    this.#outgoing.clear();
    this.#incoming.clear();
  }

  // ---- holder side ----

  #haves(from: string, change: HaveChange, ranges: readonly (readonly [number, number])[]): void {
    if (change === "fetching" || change === "notFetching") return this.#fetchingHint(from, change, ranges);
    if (change === "served") return this.#servedHint(from, ranges);
    let haves = this.#holders.get(from);
    if (haves === undefined || change === "replace") this.#holders.set(from, (haves = new RangeSet()));
    for (const [start, end] of ranges) {
      if (change === "remove") haves.remove(start, end);
      else haves.add(start, end);
    }
    // What it has now, it is no longer fetching.
    const fetching = this.#fetchingBy.get(from);
    if (fetching !== undefined && change !== "remove") for (const index of fetching.keys()) if (haves.has(index)) fetching.delete(index);
    this.#scheduleFetch();
  }

  /**
   * A neighbour is (or is no longer) fetching these indices from a seed. At most
   * {@link ReplicationOptions.maxInFlight} of them per neighbour (it cannot have more requests out), each for at most
   * two request timeouts (an honest one has the object, or has failed and said so, by then); a hint repeated does not
   * last longer. A neighbour whose hint lasts that long is lying or broken, and its hints are ignored from then on, so
   * it can hold up an object for at most that long, once.
   */
  #fetchingHint(from: string, change: "fetching" | "notFetching", ranges: readonly (readonly [number, number])[]): void {
    if (this.#hintsIgnored.has(from)) return;
    let fetching = this.#fetchingBy.get(from);
    if (fetching === undefined) this.#fetchingBy.set(from, (fetching = new Map()));
    const now = this.group.host.scheduler.now();
    for (const [start, end] of ranges) {
      // Both loops are bounded by maxInFlight, whatever the width of the range.
      if (change === "notFetching") {
        for (const index of fetching.keys()) if (index >= start && index <= end) fetching.delete(index);
        // It got the object and did not re-share it (or failed): a seed that sent it out is worth asking again.
        for (const served of this.#servedBy.values()) for (const index of served.keys()) if (index >= start && index <= end) served.delete(index);
      }
      if (change === "fetching") for (let index = start; index <= end && fetching.size < this.options.maxInFlight; index++) if (!fetching.has(index)) fetching.set(index, now);
    }
    if (fetching.size === 0) this.#fetchingBy.delete(from);
    this.#scheduleFetch();
  }

  /** A neighbour sent these out once; at most {@link MAX_SERVED_HINTS} kept per neighbour, each for one request timeout. */
  #servedHint(from: string, ranges: readonly (readonly [number, number])[]): void {
    let served = this.#servedBy.get(from);
    if (served === undefined) this.#servedBy.set(from, (served = new Map()));
    const now = this.group.host.scheduler.now();
    for (const [start, end] of ranges) for (let index = start; index <= end && served.size < MAX_SERVED_HINTS; index++) if (!served.has(index)) served.set(index, now);
  }

  /** Tells every neighbour but `except` that this member is (or is no longer) fetching `index` from a seed. */
  #hint(change: "fetching" | "notFetching" | "served", index: number, except: string): void {
    for (const peerId of this.neighbours.neighbours.keys()) {
      if (peerId !== except) this.group.send(peerId, { type: "haveObjects", group: this.group.tag, change, ranges: [[index, index]] });
    }
  }

  #request(from: string, theirId: number, index: number): void {
    const pending = this.#pendingFrom.get(from) ?? 0;
    // Only what this member advertises is offered to the application; a flood beyond the bound is refused outright.
    if (!this.#have.has(index) || pending >= this.options.maxPendingPerNeighbour) {
      this.group.send(from, { type: "denyObject", group: this.group.tag, requestId: theirId, index });
      return;
    }
    const requestId = this.#nextIncoming;
    this.#nextIncoming = this.#nextIncoming >= 0x7fffffff ? 1 : this.#nextIncoming + 1;
    this.#incoming.set(requestId, { peerId: from, theirId, index });
    this.#pendingFrom.set(from, pending + 1);
    // A member that wants nothing more (a seeder, or one that finished) tells its other neighbours the first time an
    // index is asked of it: it is on its way into the swarm.
    if (this.#want.isEmpty && !this.#served.has(index)) {
      this.#served.add(index, index);
      this.#hint("served", index, from);
    }
    this.group.emit("replicationrequest", { index, requestId });
  }

  #take(requestId: number): Incoming | null {
    const request = this.#incoming.get(requestId);
    if (request === undefined) return null;
    this.#incoming.delete(requestId);
    const pending = (this.#pendingFrom.get(request.peerId) ?? 1) - 1;
    if (pending > 0) this.#pendingFrom.set(request.peerId, pending);
    else this.#pendingFrom.delete(request.peerId);
    return request;
  }

  #advertise(change: "add" | "remove", ranges: readonly (readonly [number, number])[]): void {
    if (!this.enabled) return;
    for (const peerId of this.neighbours.neighbours.keys()) this.group.send(peerId, { type: "haveObjects", group: this.group.tag, change, ranges });
  }

  // ---- fetching side ----

  /** An object (`payload`) or a denial (null) for one of this member's requests. */
  #answer(from: string, requestId: number, index: number, payload: Uint8Array | null): void {
    const request = this.#outgoing.get(requestId);
    // Answers to requests that timed out, were cancelled, or were never made are dropped.
    if (request === undefined || request.peerId !== from) return;
    if (payload === null || request.index !== index) {
      if (payload !== null) this.group.stats.malformedPayloads++;
      return this.#fail(requestId, request);
    }
    const object = amf3Value({ bytes: payload }, this.group.options.amfLimits);
    if (object === UNDECODABLE) {
      this.group.stats.malformedPayloads++;
      return this.#fail(requestId, request);
    }
    this.#settle(requestId, request);
    this.#failures.forEach((failures) => failures.delete(index));
    if (this.#want.has(index)) {
      this.#want.remove(index, index);
      this.group.emit("fetchresult", { index, object, payload });
    }
    // An application that re-shares at once has told everyone with its haves; otherwise the hint is taken back.
    if (request.hinted && !this.#have.has(index) && !this.group.closed) this.#hint("notFetching", index, request.peerId);
    this.#scheduleFetch();
  }

  #fail(requestId: number, request: Outgoing): void {
    this.#settle(requestId, request);
    let failures = this.#failures.get(request.peerId);
    if (failures === undefined) this.#failures.set(request.peerId, (failures = new Map()));
    failures.set(request.index, this.group.host.scheduler.now() + this.options.retryAfterMs);
    if (request.hinted) this.#hint("notFetching", request.index, request.peerId);
    if (this.#want.has(request.index) && !this.#have.has(request.index)) this.group.emit("fetchfailed", { index: request.index });
    this.#scheduleFetch();
  }

  #settle(requestId: number, request: Outgoing): void {
    this.#outgoing.delete(requestId);
    if (this.#inFlight.get(request.index) === requestId) this.#inFlight.delete(request.index);
  }

  #scheduleFetch(): void {
    if (this.#fetchScheduled || !this.enabled) return;
    this.#fetchScheduled = true;
    this.group.host.scheduler.setTimer(0, () => {
      this.#fetchScheduled = false;
      if (!this.group.closed) this.#fetch();
    });
  }

  /**
   * Sends requests until the limits are reached or no neighbour has anything still needed. Who is asked spreads the
   * load into a swarm (docs/replication.md, "Who is asked"): a seed (a neighbour holding all this member still needs)
   * is asked one object at a time and only for what no other neighbour holds; any other index goes to the neighbour
   * that offers this member the fewest objects, so the richer holders stay free for what only they have.
   */
  #fetch(): void {
    if (this.#want.isEmpty || this.#holders.size === 0) return;
    const needed = this.#want.minus(this.#have);
    for (const index of this.#inFlight.keys()) needed.remove(index, index);
    const now = this.group.host.scheduler.now();
    const perHolder = new Map<string, number>();
    for (const request of this.#outgoing.values()) perHolder.set(request.peerId, (perHolder.get(request.peerId) ?? 0) + 1);
    const stillWanted = this.#want.minus(this.#have);
    const offers = new Map<string, RangeSet>();
    for (const [peerId, haves] of this.#holders) offers.set(peerId, haves.intersect(stillWanted));
    while (this.#outgoing.size < this.options.maxInFlight && !needed.isEmpty) {
      const { holders, seeds } = this.#holdersFor(needed, stillWanted.size, offers, perHolder, now);
      const index = chooseIndex(this.#strategy, holders, needed, this.group.options.random);
      if (index === null) return;
      needed.remove(index, index);
      let fewest = Infinity;
      let choices: Holder[] = [];
      for (const holder of holders) {
        if (holder.available?.has(index) !== true) continue;
        // By what the holder offers this member, then by this member's requests out to it.
        const rank = offers.get(holder.peerId)!.size * (this.options.maxInFlight + 1) + (perHolder.get(holder.peerId) ?? 0);
        if (rank < fewest) [fewest, choices] = [rank, []];
        if (rank === fewest) choices.push(holder);
      }
      const holder = choices[Math.floor(this.group.options.random() * choices.length)]!;
      const requestId = this.#nextOutgoing;
      this.#nextOutgoing = this.#nextOutgoing >= 0xffffffff ? 1 : this.#nextOutgoing + 1;
      if (!this.group.send(holder.peerId, { type: "requestObject", group: this.group.tag, requestId, index })) continue;
      const hinted = seeds.has(holder.peerId);
      if (hinted) this.#hint("fetching", index, holder.peerId);
      this.#outgoing.set(requestId, { index, peerId: holder.peerId, sentAt: now, hinted });
      this.#inFlight.set(index, requestId);
      perHolder.set(holder.peerId, (perHolder.get(holder.peerId) ?? 0) + 1);
      this.group.emit("fetchsendnotify", { index });
    }
  }

  /**
   * Each holder with what it may be asked for now. A seed is a holder that offers everything this member still
   * wants, when this member has other neighbours (who may come to hold some of it and pass it on): one request out
   * to it at a time, and only for indices no other holder offers (a holder's recent failures do not count). Without
   * that rule every member beside the seeder keeps a pipeline of requests there, the seeder answers the same objects
   * over and over, and the swarm becomes a star (docs/benchmarks.md, bench:replication).
   */
  #holdersFor(needed: RangeSet, stillWanted: number, offers: ReadonlyMap<string, RangeSet>, perHolder: ReadonlyMap<string, number>, now: number): { holders: Holder[]; seeds: ReadonlySet<string> } {
    const severalNeighbours = this.neighbours.neighbours.size > 1;
    const seeds = new Set<string>();
    const elsewhere = new RangeSet();
    for (const [peerId, offer] of offers) {
      if (severalNeighbours && offer.size >= stillWanted) {
        seeds.add(peerId);
        continue;
      }
      const usable = this.#withoutFailures(peerId, offer.intersect(needed), now);
      for (const [start, end] of usable.ranges) elsewhere.add(start, end);
    }
    // What a neighbour is fetching from a seed now, it will soon offer.
    for (const fetching of this.#fetchingBy.values()) for (const index of fetching.keys()) elsewhere.add(index, index);
    const holders: Holder[] = [];
    for (const [peerId, haves] of this.#holders) {
      const seed = seeds.has(peerId);
      const busy = (perHolder.get(peerId) ?? 0) >= (seed ? 1 : this.options.maxInFlightPerHolder);
      let available: RangeSet | null = null;
      if (!busy) {
        available = this.#withoutFailures(peerId, haves.intersect(needed), now);
        if (seed) available = this.#fromSeed(peerId, available.minus(elsewhere), now);
      }
      holders.push({ peerId, haves, available });
    }
    return { holders, seeds };
  }

  /**
   * What to ask seed `peerId` for, of `indices`: those it has not sent out yet; the ones it has will come through the
   * swarm, so they are asked of it only when this member has nothing else out.
   */
  #fromSeed(peerId: string, indices: RangeSet, now: number): RangeSet {
    const served = this.#servedBy.get(peerId);
    if (served === undefined) return indices;
    for (const [index, since] of served) if (now - since < this.options.requestTimeoutMs) indices.remove(index, index);
    return indices;
  }

  /** `indices` without those `peerId` failed for recently. */
  #withoutFailures(peerId: string, indices: RangeSet, now: number): RangeSet {
    for (const [index, until] of this.#failures.get(peerId) ?? []) if (until > now) indices.remove(index, index);
    return indices;
  }
}
