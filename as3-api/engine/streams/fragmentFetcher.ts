/**
 * The pull of a multicast stream: fragments missing longer than the fetch period are asked of a neighbour that
 * claims them, and asked again of another after {@link REFETCH_MS}. Neighbours are ranked by the fetches they left
 * unanswered, so one that advertises fragments and never sends them stops being asked (docs/netstream.md).
 */
import { encodeFrame } from "../../wire/frames.js";
import type { GroupContext } from "../host.js";
import type { MulticastTuning } from "./multicastTypes.js";
import type { Track } from "./tracks.js";

/** Fragments a fetch asks for at most. */
const FETCH_BATCH = 64;
/** A fetch not answered within this long is asked again of another holder, ms (at most the fetch period). */
const REFETCH_MS = 1000;

/** The fetches of one member in one group, across its streams. */
export class FragmentFetcher {
  /**
   * Fetches each neighbour left unanswered, less the ones it answered: holders with fewer are asked first, so a
   * peer that advertises fragments and never sends them stops being asked.
   */
  readonly #unanswered = new Map<string, number>();

  constructor(readonly group: GroupContext) {}

  /** A neighbour left: its record goes. */
  forget(peerId: string): void {
    this.#unanswered.delete(peerId);
  }

  /** `peerId` answered a fetch of ours. */
  answered(peerId: string): void {
    this.#unanswered.set(peerId, Math.max(0, (this.#unanswered.get(peerId) ?? 0) - 1));
  }

  /**
   * Asks neighbours that hold them for `track`'s fragments missing longer than the fetch period; numbers below
   * `oldest` (no local player waits for them any more) are forgotten.
   */
  fetchMissing(track: Track, tuning: MulticastTuning, oldest: number, now: number): void {
    const asks = new Map<string, number[]>();
    const random = this.group.options.random;
    for (const [seq, since] of track.missingSince) {
      if (seq < oldest) {
        track.missingSince.delete(seq);
        continue;
      }
      if (now - since < tuning.fetchPeriodMs) continue;
      const fetched = track.fetched.get(seq);
      if (fetched !== undefined && now - fetched.at < Math.min(REFETCH_MS, tuning.fetchPeriodMs)) continue;
      if (fetched !== undefined) this.#unanswered.set(fetched.last, (this.#unanswered.get(fetched.last) ?? 0) + 1);
      const claimed = [...track.peers].filter(([, have]) => track.holds(have, seq)).map(([peerId]) => peerId);
      if (claimed.length === 0) continue;
      // The most reliable holders first (fewest fetches left unanswered), and among them one not yet asked for this
      // fragment. Reliability comes first so that a neighbour that claims everything and answers nothing is not asked
      // in turn with the honest ones for every fragment: while the window is short, each such turn loses a second.
      const fewest = Math.min(...claimed.map((peerId) => this.#unanswered.get(peerId) ?? 0));
      let holders = claimed.filter((peerId) => (this.#unanswered.get(peerId) ?? 0) === fewest);
      const notAsked = holders.filter((peerId) => !fetched?.from.has(peerId));
      if (notAsked.length > 0) holders = notAsked;
      const peerId = holders[Math.floor(random() * holders.length)]!;
      const list = asks.get(peerId) ?? [];
      if (list.length >= FETCH_BATCH) continue;
      list.push(seq);
      asks.set(peerId, list);
      const from = fetched?.from ?? new Set<string>();
      from.add(peerId);
      track.fetched.set(seq, { at: now, last: peerId, from });
    }
    for (const [peerId, seqs] of asks) {
      const bytes = encodeFrame({ type: "fetch", group: this.group.tag, streamId: track.announcement.streamId, seqs });
      if (this.group.sendBytes(peerId, bytes, "fetch")) track.meters?.sendControl.add(bytes.length, now);
    }
  }
}
