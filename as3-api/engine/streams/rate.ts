/**
 * Bytes counted over time: a total and a rate averaged over the last few seconds (what NetStreamInfo and
 * NetStreamMulticastInfo report: "averaged over a few seconds"). One-second buckets, so a meter costs a few numbers.
 */

/** How far back rates look, ms. */
const WINDOW_MS = 4000;
const BUCKET_MS = 1000;

/** A byte counter with a recent rate. */
export class RateMeter {
  total = 0;
  /** Count of items (fragments, messages) besides the bytes. */
  count = 0;
  /** Highest rate seen at a bucket boundary, bytes per second. */
  max = 0;
  readonly #buckets: { start: number; bytes: number }[] = [];

  constructor(readonly startedAt: number) {}

  add(bytes: number, now: number): void {
    this.total += bytes;
    this.count++;
    const start = Math.floor(now / BUCKET_MS) * BUCKET_MS;
    const last = this.#buckets.at(-1);
    if (last !== undefined && last.start === start) last.bytes += bytes;
    else {
      if (last !== undefined) this.max = Math.max(this.max, this.perSecond(now));
      this.#buckets.push({ start, bytes });
    }
    while (this.#buckets.length > 0 && this.#buckets[0]!.start <= now - WINDOW_MS - BUCKET_MS) this.#buckets.shift();
  }

  /** Bytes per second over the last few seconds (or since the start, when younger). */
  perSecond(now: number): number {
    const from = Math.max(this.startedAt, now - WINDOW_MS);
    const seconds = (now - from) / 1000;
    if (seconds <= 0) return 0;
    let bytes = 0;
    for (const bucket of this.#buckets) if (bucket.start + BUCKET_MS > from) bytes += bucket.bytes;
    return bytes / seconds;
  }
}
