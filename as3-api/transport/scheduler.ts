/**
 * Time for the engine. Real groups use the platform's timers; simulations use {@link SimulatedScheduler}, whose
 * clock only moves when the simulation steps it, so thousands of members run in virtual time and every run with the
 * same seed is the same run.
 */

/** A pending timer. */
export interface Timer {
  cancel(): void;
}

/** Clock and timers. */
export interface Scheduler {
  /** Milliseconds on this scheduler's clock. */
  now(): number;
  /** Calls `callback` once, `delayMs` from now. */
  setTimer(delayMs: number, callback: () => void): Timer;
}

/** The platform's clock and `setTimeout`. */
export const realScheduler: Scheduler = {
  now: () => performance.now(),
  setTimer(delayMs, callback) {
    const handle = setTimeout(callback, delayMs);
    return { cancel: () => clearTimeout(handle) };
  },
};

interface Entry {
  readonly at: number;
  readonly order: number;
  callback: (() => void) | null;
}

/** Discrete-event time: a priority queue of callbacks, run in time order (ties in the order they were set). */
export class SimulatedScheduler implements Scheduler {
  #now = 0;
  #order = 0;
  readonly #heap: Entry[] = [];

  now(): number {
    return this.#now;
  }

  setTimer(delayMs: number, callback: () => void): Timer {
    const entry: Entry = { at: this.#now + Math.max(0, delayMs), order: this.#order++, callback };
    this.#push(entry);
    return { cancel: () => void (entry.callback = null) };
  }

  /** Timers still queued (cancelled ones included until their time comes). */
  get pending(): number {
    return this.#heap.length;
  }

  /** Runs every callback due up to `time`, then sets the clock to `time`. Returns how many ran. */
  runUntil(time: number, maxCallbacks = Number.MAX_SAFE_INTEGER): number {
    let ran = 0;
    while (this.#heap.length > 0 && this.#heap[0]!.at <= time && ran < maxCallbacks) {
      const entry = this.#pop();
      this.#now = entry.at;
      if (entry.callback !== null) {
        entry.callback();
        ran++;
      }
    }
    this.#now = Math.max(this.#now, time);
    return ran;
  }

  /** {@link runUntil} `durationMs` from now. */
  runFor(durationMs: number): number {
    return this.runUntil(this.#now + durationMs);
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    heap.push(entry);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #pop(): Entry {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}
