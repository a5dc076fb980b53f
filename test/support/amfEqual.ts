/**
 * Value equality for what decodeAmf3 returns, for round-trip tests: primitives by Object.is (NaN equals NaN, -0 is
 * not 0), Dates by time (NaN times equal), byte arrays by content, arrays and objects by prototype, own enumerable
 * keys (in any order: a decoded object's integer-like keys come first in JavaScript) and values, and shared or
 * cyclic references by shape: a pair of objects met again must be met as the same pair.
 */

/** Where `a` and `b` first differ, as a path (`$.k0[2]`), or null when they are equal. */
export function amfValueDifference(a: unknown, b: unknown): string | null {
  return differ(a, b, "$", new Map(), new Map());
}

function differ(a: unknown, b: unknown, path: string, seenA: Map<object, object>, seenB: Map<object, object>): string | null {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) {
    return Object.is(a, b) ? null : `${path}: ${describe(a)} vs ${describe(b)}`;
  }
  // References: the structure of sharing must match too (a cycle on one side only is a difference).
  const pairedA = seenA.get(a);
  const pairedB = seenB.get(b);
  if (pairedA !== undefined || pairedB !== undefined) return pairedA === b && pairedB === a ? null : `${path}: shared references differ`;
  seenA.set(a, b);
  seenB.set(b, a);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: ${describe(a)} vs ${describe(b)}`;
  if (a instanceof Date) return Object.is(a.getTime(), (b as Date).getTime()) ? null : `${path}: ${a.getTime()} vs ${(b as Date).getTime()}`;
  if (a instanceof Uint8Array) {
    const other = b as Uint8Array;
    return a.length === other.length && a.every((byte, i) => byte === other[i]) ? null : `${path}: bytes differ`;
  }
  if (Array.isArray(a) && a.length !== (b as unknown[]).length) return `${path}: length ${a.length} vs ${(b as unknown[]).length}`;
  const keysA = Object.keys(a).sort();
  const keysB = Object.keys(b).sort();
  if (keysA.join("\u0000") !== keysB.join("\u0000")) return `${path}: keys ${JSON.stringify(keysA)} vs ${JSON.stringify(keysB)}`;
  for (const key of keysA) {
    const inner = differ((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}[${JSON.stringify(key)}]`, seenA, seenB);
    if (inner !== null) return inner;
  }
  return null;
}

function describe(value: unknown): string {
  if (typeof value === "object" && value !== null) return value.constructor?.name ?? "object without prototype";
  return `${typeof value} ${String(value)}`;
}
