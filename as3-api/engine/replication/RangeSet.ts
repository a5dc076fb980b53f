/**
 * A set of object indices (whole numbers 0 … 2^53) kept as sorted, disjoint, non-adjacent inclusive intervals, so a
 * set such as "0 … 2^53" costs one entry: replication's have and want sets, and each neighbour's advertised haves.
 */

/** An inclusive interval of indices. */
export type IndexRange = readonly [start: number, end: number];

/** Sorted, disjoint, non-adjacent intervals. */
export class RangeSet {
  #ranges: [number, number][] = [];

  constructor(ranges: Iterable<IndexRange> = []) {
    for (const [start, end] of ranges) this.add(start, end);
  }

  /** The intervals, lowest first (a copy). */
  get ranges(): IndexRange[] {
    return this.#ranges.map(([start, end]) => [start, end] as const);
  }

  /** Number of intervals (not of indices). */
  get intervalCount(): number {
    return this.#ranges.length;
  }

  get isEmpty(): boolean {
    return this.#ranges.length === 0;
  }

  /** Number of indices (exact up to 2^53). */
  get size(): number {
    let size = 0;
    for (const [start, end] of this.#ranges) size += end - start + 1;
    return size;
  }

  /** Adds `start … end` (nothing when `end < start`). */
  add(start: number, end: number): void {
    if (end < start) return;
    const ranges = this.#ranges;
    // First interval that ends at or after start − 1 (it may merge), last that starts at or before end + 1.
    const low = this.#firstEndingAtOrAfter(start - 1);
    let high = low;
    while (high < ranges.length && ranges[high]![0] <= end + 1) high++;
    if (low < high) {
      start = Math.min(start, ranges[low]![0]);
      end = Math.max(end, ranges[high - 1]![1]);
    }
    ranges.splice(low, high - low, [start, end]);
  }

  /** Removes `start … end`. */
  remove(start: number, end: number): void {
    if (end < start) return;
    const ranges = this.#ranges;
    const low = this.#firstEndingAtOrAfter(start);
    let high = low;
    while (high < ranges.length && ranges[high]![0] <= end) high++;
    if (low === high) return;
    const replacement: [number, number][] = [];
    const first = ranges[low]!;
    const last = ranges[high - 1]!;
    if (first[0] < start) replacement.push([first[0], start - 1]);
    if (last[1] > end) replacement.push([end + 1, last[1]]);
    ranges.splice(low, high - low, ...replacement);
  }

  has(index: number): boolean {
    const at = this.#firstEndingAtOrAfter(index);
    return at < this.#ranges.length && this.#ranges[at]![0] <= index;
  }

  /** Replaces the contents with `other`'s. */
  assign(other: RangeSet): void {
    this.#ranges = other.#ranges.map(([start, end]) => [start, end]);
  }

  /** A new set: this one without `other`'s indices. */
  minus(other: RangeSet): RangeSet {
    const result = new RangeSet();
    result.#ranges = this.#ranges.map(([start, end]) => [start, end]);
    for (const [start, end] of other.#ranges) result.remove(start, end);
    return result;
  }

  /** A new set: the indices in both. */
  intersect(other: RangeSet): RangeSet {
    const result = new RangeSet();
    const a = this.#ranges;
    const b = other.#ranges;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const start = Math.max(a[i]![0], b[j]![0]);
      const end = Math.min(a[i]![1], b[j]![1]);
      if (start <= end) result.#ranges.push([start, end]);
      if (a[i]![1] < b[j]![1]) i++;
      else j++;
    }
    return result;
  }

  /** The lowest index, or null when empty. */
  first(): number | null {
    return this.#ranges[0]?.[0] ?? null;
  }

  #firstEndingAtOrAfter(index: number): number {
    const ranges = this.#ranges;
    let low = 0;
    let high = ranges.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ranges[middle]![1] < index) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
