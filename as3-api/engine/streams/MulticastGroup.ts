/**
 * Multicast streams in one group (Flash's `NetStream(nc, groupspec)`), on top of the group's overlay: which streams
 * exist (announcements flooded to every member, also to late joiners), and the fragments of the streams this member
 * publishes or plays, spread peer to peer:
 * - **push**: a new fragment goes on to at most `pushNeighborLimit` neighbours that play the stream and are not
 *   known to hold it (the publisher pushes each to one, so it does not feed everyone: bench:stream);
 * - **availability**: every `availabilityPeriod` a member tells one neighbour in turn (or all) which fragments it
 *   holds; a `have` also says "I take part in this stream";
 * - **pull**: a fragment missing for `fetchPeriod` is fetched from a neighbour that has it (another one next time
 *   if that one does not answer: fragmentFetcher.ts);
 * - **window**: fragments are kept `window + relayMargin` behind the newest and relayed while kept; a player waits
 *   for a missing fragment at most `window`, then goes on without it.
 * Only members that publish or play a stream hold and relay its fragments (docs/netstream.md). Fragments and
 * announcements of a group with a publish password carry tags (wire/publishAuthorization.ts). The per-stream state
 * and the local ends are in tracks.ts, the shared types in multicastTypes.ts.
 */
import type { Timer } from "../../transport/scheduler.js";
import { bytesToHex } from "../../wire/bytes.js";
import { encodeFrame, type MulticastFrame, type StreamAnnouncement } from "../../wire/frames.js";
import { equalBytes } from "../../wire/postAuthorization.js";
import { announcementTag, fragmentTag } from "../../wire/publishAuthorization.js";
import type { GroupContext, GroupService } from "../host.js";
import type { Neighbours } from "../neighbours.js";
import { FragmentFetcher } from "./fragmentFetcher.js";
import { DEFAULT_TUNING, frameSize, isStreamMessage, newMeters, type MulticastStats, type MulticastTuning, type PlayerListener } from "./multicastTypes.js";
import { lastBit, LocalPlayer, LocalPublication, Track, withBit, type Fragment, type TrackOwner } from "./tracks.js";

/** How long a live stream may go without a newer announcement before it counts as gone, ms. */
const ANNOUNCE_TIMEOUT_MS = 30_000;
/** How often a publisher re-announces its live streams, ms. */
const REANNOUNCE_MS = 5000;
/** How long an ended stream is remembered (so a late copy of its old announcement cannot revive it), ms. */
const TOMBSTONE_MS = 10 * 60_000;
/** Fragment numbers accepted ahead of the highest held (more is a forgery or a broken peer). */
const MAX_AHEAD = 4096;
/** How far past the highest fragment held a neighbour's availability claim is believed. */
const CLAIM_AHEAD = 256;
/**
 * Neighbours a publisher pushes each new fragment to: one, so its upload stays about the stream's rate (with frame
 * headers and availability, under 2× in bench:stream) and the players relay the rest.
 */
const PUBLISHER_PUSH = 1;

/** The multicast streams of one group on one member. */
export class MulticastGroup implements GroupService<MulticastFrame>, TrackOwner {
  readonly frameTypes = ["announce", "fragment", "have", "fetch"] as const;
  readonly stats: MulticastStats = { unauthorized: 0, strayFragments: 0, duplicateFragments: 0, malformedFragments: 0 };
  readonly #tracks = new Map<string, Track>();
  /** Names notified live to the group (PublishNotify sent, UnpublishNotify not yet). */
  readonly #liveNames = new Set<string>();
  readonly #players = new Set<LocalPlayer>();
  #timer: Timer | null = null;
  readonly #fetcher: FragmentFetcher;
  #turn = 0;
  #closed = false;

  constructor(
    readonly group: GroupContext,
    readonly neighbours: Neighbours,
  ) {
    this.#fetcher = new FragmentFetcher(group);
  }

  now(): number {
    return this.group.host.scheduler.now();
  }

  /** Whether the groupspec enables multicast (frames of other groups are ignored). */
  get enabled(): boolean {
    return this.group.options.multicast;
  }

  /** Whether this member may publish (it holds the publish password, or the group has none). */
  get mayPublish(): boolean {
    const authorization = this.group.options.publishAuthorization;
    return !authorization.required || authorization.key !== null;
  }

  /** A neighbour joined: it hears of the live streams, and of those this member takes part in. */
  neighbourAdded(peerId: string): void {
    if (!this.enabled || this.#closed) return;
    const live = [...this.#tracks.values()].filter((track) => track.announcement.live).map((track) => track.announcement);
    for (let at = 0; at < live.length; at += 32) this.group.send(peerId, { type: "announce", group: this.group.tag, streams: live.slice(at, at + 32) });
    for (const track of this.#tracks.values()) if (track.participating && track.announcement.live) this.#sendHave(track, peerId);
  }

  neighbourRemoved(peerId: string): void {
    this.#fetcher.forget(peerId);
    for (const track of this.#tracks.values()) track.peers.delete(peerId);
  }

  /** Publishes a new stream named `name`; null when this member may not publish in this group. */
  publish(name: string, tuning: MulticastTuning): LocalPublication | null {
    if (!this.mayPublish) return null;
    this.#start();
    const random = this.group.options.random;
    const streamId = bytesToHex(Uint8Array.from({ length: 8 }, () => Math.floor(random() * 256)));
    const publisher = this.group.host.peerId;
    const key = this.group.options.publishAuthorization.key;
    const announcement: StreamAnnouncement = { streamId, name, publisher, live: true, version: 1, tag: key === null ? new Uint8Array(0) : announcementTag(key, streamId, publisher, name) };
    const track = new Track(announcement, this.now());
    track.meters = newMeters(this.now());
    this.#tracks.set(streamId, track);
    const publication = new LocalPublication(this, track, tuning);
    track.publication = publication;
    this.#broadcastAnnouncement(track, null);
    this.#sendHaveToAll(track);
    // Local players of that name follow it (the publisher's own NetGroup hears no PublishNotify: docs/netstream.md).
    for (const player of this.#players) if (player.name === name) this.#follow(player);
    return publication;
  }

  /** Plays the stream named `name` (whenever one is live). */
  play(name: string, tuning: MulticastTuning, listener: PlayerListener): LocalPlayer {
    this.#start();
    const player = new LocalPlayer(this, name, tuning, listener);
    this.#players.add(player);
    this.#follow(player);
    return player;
  }

  /** The live streams this member knows of (for tools and specs). */
  liveStreams(): StreamAnnouncement[] {
    return [...this.#tracks.values()].filter((track) => track.announcement.live).map((track) => track.announcement);
  }

  /** Stops every stream of this member in the group (the overlay is closing). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#timer?.cancel();
    for (const track of this.#tracks.values()) track.publication?.close();
    this.#players.clear();
  }

  // ---- from the local streams ----

  /** @internal */
  publishFragment(publication: LocalPublication, seq: number, time: number, payload: Uint8Array): void {
    const track = publication.track;
    const key = this.group.options.publishAuthorization.key;
    const fragment: Fragment = { seq, time, payload, tag: key === null ? new Uint8Array(0) : fragmentTag(key, track.announcement.streamId, seq, payload) };
    this.#store(track, fragment);
    this.#push(track, fragment, null);
    this.#deliver(track);
  }

  /** @internal */
  unpublish(publication: LocalPublication): void {
    const track = publication.track;
    track.publication = null;
    if (!track.announcement.live) return;
    track.announcement = { ...track.announcement, live: false, version: track.announcement.version + 1, tag: track.announcement.tag };
    this.#broadcastAnnouncement(track, null);
    this.#ended(track);
  }

  /** @internal */
  stopPlaying(player: LocalPlayer): void {
    this.#players.delete(player);
    player.track?.players.delete(player);
    player.track = null;
  }

  // ---- from the network ----

  /** A multicast frame of this group from neighbour `peerId` (the overlay passes neighbours' frames only). */
  receive(peerId: string, frame: MulticastFrame): void {
    if (this.#closed || !this.enabled) return;
    const size = frameSize(frame);
    switch (frame.type) {
      case "announce":
        for (const announcement of frame.streams) this.#onAnnouncement(peerId, announcement);
        return;
      case "fragment": return this.#onFragment(peerId, frame.streamId, { seq: frame.seq, time: frame.time, payload: frame.payload, tag: frame.tag }, size);
      case "have": {
        const track = this.#tracks.get(frame.streamId);
        if (track === undefined || !track.announcement.live) return;
        track.meters?.receiveControl.add(size, this.now());
        track.peers.set(peerId, { first: frame.first, bits: frame.bits });
        const last = lastBit(frame.first, frame.bits);
        // A claim beyond what anyone delivered may be a lie: it is believed only a little way past what this member held.
        if (last > track.highest) this.#learnHighest(track, Math.min(last, track.held + CLAIM_AHEAD));
        return;
      }
      case "fetch": {
        const track = this.#tracks.get(frame.streamId);
        if (track === undefined || !track.participating) return;
        track.meters?.receiveControl.add(size, this.now());
        for (const seq of frame.seqs) {
          const fragment = track.fragments.get(seq);
          if (fragment === undefined) continue;
          const bytes = this.#fragmentBytes(track, fragment);
          if (this.group.sendBytes(peerId, bytes, "fragment")) {
            track.meters?.sendData.add(bytes.length, this.now());
            track.meters?.requestedByPeers.add(fragment.payload.length, this.now());
          }
        }
        return;
      }
    }
  }

  // ---- internals ----

  #onAnnouncement(from: string, announcement: StreamAnnouncement): void {
    if (!this.#authorizedAnnouncement(announcement)) return void this.stats.unauthorized++;
    const known = this.#tracks.get(announcement.streamId);
    const now = this.now();
    if (known !== undefined) {
      if (announcement.version <= known.announcement.version || known.announcement.publisher !== announcement.publisher || known.announcement.name !== announcement.name) return;
      const wasLive = known.announcement.live;
      known.announcement = announcement;
      known.lastAnnounced = now;
      this.#broadcastAnnouncement(known, from);
      if (wasLive && !announcement.live) this.#ended(known);
      return;
    }
    if (!announcement.live) return; // the end of a stream never heard of
    const track = new Track(announcement, now);
    this.#tracks.set(announcement.streamId, track);
    this.#start();
    this.#broadcastAnnouncement(track, from);
    this.#started(track);
  }

  #authorizedAnnouncement(announcement: StreamAnnouncement): boolean {
    const { required, key } = this.group.options.publishAuthorization;
    if (!required) return true;
    if (announcement.tag.length === 0) return false;
    return key === null || equalBytes(announcement.tag, announcementTag(key, announcement.streamId, announcement.publisher, announcement.name));
  }

  /** A stream became live: PublishNotify for a new name, and local players of that name follow it. */
  #started(track: Track): void {
    const name = track.announcement.name;
    if (!this.#liveNames.has(name)) {
      this.#liveNames.add(name);
      this.group.emit("publishnotify", { name });
    }
    for (const player of this.#players) if (player.name === name && (player.track === null || !player.track.announcement.live)) this.#follow(player);
  }

  /** A stream ended (unpublished, or its announcements stopped): players hear it; UnpublishNotify when no other stream of that name is live. */
  #ended(track: Track): void {
    const name = track.announcement.name;
    for (const player of [...track.players]) {
      track.players.delete(player);
      player.track = null;
      player.listener.unpublishNotify();
      this.#follow(player); // another live stream of the same name, if any
    }
    track.fragments.clear();
    track.missingSince.clear();
    track.fetched.clear();
    const stillLive = [...this.#tracks.values()].some((other) => other.announcement.live && other.announcement.name === name);
    if (!stillLive && this.#liveNames.delete(name) && track.announcement.publisher !== this.group.host.peerId) this.group.emit("unpublishnotify", { name });
  }

  /** Points `player` at the live stream of its name (the first announced), if it follows none. */
  #follow(player: LocalPlayer): void {
    if (player.closed || player.track !== null) return;
    let chosen: Track | null = null;
    for (const track of this.#tracks.values()) if (track.announcement.live && track.announcement.name === player.name) {
      chosen = track;
      break;
    }
    if (chosen === null) return;
    const reset = player.next !== null;
    player.track = chosen;
    chosen.players.add(player);
    chosen.meters ??= newMeters(this.now());
    // Delivery starts after what is known to exist now; earlier fragments still in neighbours' windows may follow.
    player.next = chosen.held + 1;
    const now = this.now();
    for (let seq = player.next; seq <= chosen.highest; seq++) if (!chosen.fragments.has(seq) && !chosen.missingSince.has(seq)) chosen.missingSince.set(seq, now);
    player.listener.publishNotify(reset);
    this.#sendHaveToAll(chosen);
  }

  #onFragment(from: string, streamId: string, fragment: Fragment, size: number): void {
    const track = this.#tracks.get(streamId);
    if (track === undefined || !track.announcement.live) return void this.stats.strayFragments++;
    if (!track.participating) return;
    if (!this.#authorizedFragment(track, fragment)) return void this.stats.unauthorized++;
    if (fragment.seq > track.held + MAX_AHEAD) {
      // A member that never held a fragment of this stream joins it wherever it is now, when a neighbour's availability
      // shows it about that far along (a stream past its 4,096th fragment: two minutes of media). Otherwise stray.
      if (track.held !== 0 || !this.#claimed(track, fragment.seq)) return void this.stats.strayFragments++;
      this.#joinAt(track, fragment.seq);
    }
    if (!isStreamMessage(fragment.payload)) return void this.stats.malformedFragments++;
    const now = this.now();
    const meters = track.meters!;
    meters.receiveData.add(size, now);
    if (track.fragments.has(fragment.seq) || (track.players.size > 0 && fragment.seq < this.#oldestWanted(track))) return void this.stats.duplicateFragments++;
    const fetched = track.fetched.get(fragment.seq);
    if (fetched?.from.has(from)) {
      meters.requestedFromPeers.add(fragment.payload.length, now);
      this.#fetcher.answered(from);
    }
    else meters.pushedFromPeers.add(fragment.payload.length, now);
    this.#store(track, fragment);
    this.#push(track, fragment, from);
    this.#deliver(track);
  }

  /** Whether a neighbour's availability reaches within {@link CLAIM_AHEAD} of fragment `seq` (it is about that far along). */
  #vouches(have: { first: number; bits: Uint8Array }, seq: number): boolean {
    const last = lastBit(have.first, have.bits);
    return last >= have.first && last + CLAIM_AHEAD >= seq;
  }

  #claimed(track: Track, seq: number): boolean {
    for (const have of track.peers.values()) if (this.#vouches(have, seq)) return true;
    return false;
  }

  /**
   * A member that held nothing of `track` starts where its neighbours are: at the oldest fragment a neighbour that is
   * about as far along as `seq` still holds (the window's start), as a late joiner does on a younger stream.
   */
  #joinAt(track: Track, seq: number): void {
    let start = seq;
    for (const have of track.peers.values()) if (this.#vouches(have, seq)) start = Math.min(start, Math.max(have.first, seq - MAX_AHEAD));
    track.held = start - 1;
    track.highest = Math.max(track.highest, start - 1);
    for (const missing of [...track.missingSince.keys()]) if (missing < start) track.missingSince.delete(missing);
    for (const player of track.players) if (player.next !== null && player.next < start) player.next = start;
  }

  #authorizedFragment(track: Track, fragment: Fragment): boolean {
    const { required, key } = this.group.options.publishAuthorization;
    if (!required) return true;
    if (fragment.tag.length === 0) return false;
    return key === null || equalBytes(fragment.tag, fragmentTag(key, track.announcement.streamId, fragment.seq, fragment.payload));
  }

  /** The lowest fragment number any local player still waits for. */
  #oldestWanted(track: Track): number {
    let oldest = Infinity;
    for (const player of track.players) oldest = Math.min(oldest, player.next ?? Infinity);
    return track.publication !== null ? 0 : oldest;
  }

  #store(track: Track, fragment: Fragment): void {
    track.fragments.set(fragment.seq, fragment);
    track.missingSince.delete(fragment.seq);
    track.fetched.delete(fragment.seq);
    track.newestTime = Math.max(track.newestTime, fragment.time);
    track.held = Math.max(track.held, fragment.seq);
    this.#learnHighest(track, fragment.seq);
  }

  #learnHighest(track: Track, seq: number): void {
    if (track.players.size === 0) {
      track.highest = Math.max(track.highest, seq);
      return;
    }
    const now = this.now();
    const floor = Math.max(track.highest + 1, seq - MAX_AHEAD);
    for (let missing = floor; missing <= seq; missing++) if (!track.fragments.has(missing)) track.missingSince.set(missing, now);
    if (seq > track.highest) track.highest = seq;
  }

  /** Pushes a new fragment on to neighbours taking part that are not known to hold it. */
  #push(track: Track, fragment: Fragment, from: string | null): void {
    const limit = Math.min(track.publication !== null ? PUBLISHER_PUSH : Infinity, this.#tuning(track).pushNeighborLimit);
    if (limit <= 0) return;
    const candidates: string[] = [];
    for (const [peerId, have] of track.peers) if (peerId !== from && this.neighbours.neighbours.has(peerId) && !track.holds(have, fragment.seq)) candidates.push(peerId);
    const random = this.group.options.random;
    let bytes: Uint8Array | null = null;
    for (let sent = 0; sent < limit && candidates.length > 0; sent++) {
      const peerId = candidates.splice(Math.floor(random() * candidates.length), 1)[0]!;
      bytes ??= this.#fragmentBytes(track, fragment);
      if (this.group.sendBytes(peerId, bytes, "fragment")) {
        const now = this.now();
        track.meters!.sendData.add(bytes.length, now);
        track.meters!.pushedToPeers.add(fragment.payload.length, now);
        // Until its next availability says so, count it as holding this one (no second push).
        const have = track.peers.get(peerId);
        if (have !== undefined) track.peers.set(peerId, withBit(have, fragment.seq));
      }
    }
  }

  /** Hands fragments to local players in order; a gap is waited on for at most the window. */
  #deliver(track: Track): void {
    const now = this.now();
    for (const player of track.players) {
      while (player.next !== null && player.next <= track.highest && player.track === track && !player.closed) {
        const fragment = track.fragments.get(player.next);
        if (fragment === undefined) {
          const since = track.missingSince.get(player.next);
          if (since === undefined) track.missingSince.set(player.next, now);
          if (since === undefined || now - since < player.tuning.windowMs) break;
          player.next++; // given up: it left the window
          continue;
        }
        player.next++;
        player.lastTime = fragment.time;
        player.meters.receiveData.add(fragment.payload.length, now);
        player.listener.data(fragment.payload, fragment.time, fragment.seq);
      }
    }
  }

  #tuning(track: Track): MulticastTuning {
    return track.publication?.tuning ?? [...track.players][0]?.tuning ?? DEFAULT_TUNING;
  }

  #fragmentBytes(track: Track, fragment: Fragment): Uint8Array {
    return encodeFrame({ type: "fragment", group: this.group.tag, streamId: track.announcement.streamId, seq: fragment.seq, time: fragment.time >>> 0, tag: fragment.tag, payload: fragment.payload });
  }

  #broadcastAnnouncement(track: Track, except: string | null): void {
    const bytes = encodeFrame({ type: "announce", group: this.group.tag, streams: [track.announcement] });
    for (const peerId of this.neighbours.neighbours.keys()) if (peerId !== except) this.group.sendBytes(peerId, bytes, "announce");
  }

  #sendHaveToAll(track: Track): void {
    for (const peerId of this.neighbours.neighbours.keys()) this.#sendHave(track, peerId);
  }

  #sendHave(track: Track, peerId: string): void {
    let first = Infinity;
    for (const seq of track.fragments.keys()) first = Math.min(first, seq);
    if (first === Infinity) first = track.highest + 1;
    const span = Math.min(4096, Math.max(0, track.highest - first + 1));
    const bits = new Uint8Array(Math.ceil(span / 8));
    for (let seq = first; seq < first + span; seq++) if (track.fragments.has(seq)) bits[(seq - first) >> 3]! |= 1 << ((seq - first) & 7);
    const bytes = encodeFrame({ type: "have", group: this.group.tag, streamId: track.announcement.streamId, first, bits });
    if (this.group.sendBytes(peerId, bytes, "have")) track.meters?.sendControl.add(bytes.length, this.now());
  }

  /** Starts the maintenance timer, the first time this member has a stream to look after. */
  #start(): void {
    if (this.#timer === null && !this.#closed) this.#schedule(100);
  }

  #schedule(delayMs: number): void {
    this.#timer = this.group.host.scheduler.setTimer(delayMs, () => {
      if (this.#closed || this.group.closed) return;
      this.#tick();
      let period = 1000;
      for (const track of this.#tracks.values()) if (track.participating) period = Math.min(period, this.#tuning(track).availabilityPeriodMs);
      this.#schedule(Math.max(10, period));
    });
  }

  /** Maintenance: expiry, availability, fetches, re-announcements, timeouts of vanished publishers. */
  #tick(): void {
    const now = this.now();
    const neighbours = [...this.neighbours.neighbours.keys()];
    for (const track of [...this.#tracks.values()]) {
      const announcement = track.announcement;
      if (!announcement.live) {
        if (now - track.lastAnnounced > TOMBSTONE_MS) this.#tracks.delete(announcement.streamId);
        continue;
      }
      if (track.publication !== null) {
        if (now - track.lastAnnounced >= REANNOUNCE_MS) {
          track.announcement = { ...announcement, version: announcement.version + 1 };
          track.lastAnnounced = now;
          this.#broadcastAnnouncement(track, null);
        }
      } else if (now - track.lastAnnounced > ANNOUNCE_TIMEOUT_MS) {
        // The publisher vanished without a word: its stream ends here.
        track.announcement = { ...announcement, live: false };
        this.#ended(track);
        continue;
      }
      if (!track.participating) continue;
      const tuning = this.#tuning(track);
      const keepMs = tuning.windowMs + tuning.relayMarginMs;
      for (const [seq, fragment] of track.fragments) {
        if (track.newestTime - fragment.time <= keepMs) continue;
        track.fragments.delete(seq);
        // It left the window: a player still behind it (a late joiner waiting on older numbers) will never be handed
        // it, and would otherwise wait a whole window for each such number in turn, as for a number never heard of.
        for (const player of track.players) if (player.next !== null && player.next <= seq) player.next = seq + 1;
      }
      if (neighbours.length > 0) {
        if (tuning.availabilitySendToAll) this.#sendHaveToAll(track);
        else this.#sendHave(track, neighbours[this.#turn++ % neighbours.length]!);
      }
      if (track.players.size > 0) this.#fetcher.fetchMissing(track, tuning, this.#oldestWanted(track), now);
      this.#deliver(track);
    }
  }
}
