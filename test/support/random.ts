/**
 * A small seeded PRNG (mulberry32) for fuzz and property tests: each run draws a new seed (or takes FLASHMESH_SEED)
 * and specs print it in their failure messages so any failure can be replayed.
 */
export interface Random {
  readonly seed: number;
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** `n` random bytes. */
  bytes(n: number): Uint8Array;
}

function seedFromEnvironment(): number | null {
  const text = typeof process !== "undefined" ? process.env["FLASHMESH_SEED"] : undefined;
  return text === undefined ? null : Number(text) >>> 0;
}

/** A PRNG seeded with `seed`, FLASHMESH_SEED, or a fresh random seed, in that order. */
export function createRandom(seed: number | null = seedFromEnvironment()): Random {
  const start = seed ?? Math.floor(Math.random() * 2 ** 32);
  let state = start >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    seed: start,
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(items.length)]!,
    bytes: (n) => Uint8Array.from({ length: n }, () => int(256)),
  };
}
