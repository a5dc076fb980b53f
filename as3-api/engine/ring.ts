/**
 * The group address ring (reference §4: "Distance is measured between addresses on the ring mod 2^256"). For choosing
 * neighbours and routes, a member's place is the top 52 bits of its group address as an exact integer
 * ({@link positionOf}): members of even a huge group are about 2^240 apart, so nothing is lost, and numbers are far
 * cheaper than 256-bit arithmetic in a simulation of thousands. Values shown to the application (coverage) use the
 * full 256 bits.
 */

/** Size of the position ring: 2^52. */
export const RING = 2 ** 52;
const FULL_RING = 1n << 256n;

/** Ring position of a group address (64 hex digits). */
export { ringPositionOf as positionOf } from "../wire/identity.js";

/** Distance going up the ring from `from` to `to`. */
export function clockwise(from: number, to: number): number {
  const difference = to - from;
  return difference >= 0 ? difference : difference + RING;
}

/** Shortest distance between two positions, either direction. */
export function ringDistance(a: number, b: number): number {
  const up = clockwise(a, b);
  return Math.min(up, RING - up);
}

/**
 * Estimated group size from the density of members around this one (the idea of librtmfp's estimate, which it
 * documents as Flash's, over up to 8 members on each side instead of 2 for a steadier figure): k members before
 * and k after span 2k average gaps. With fewer than four others known, or when the known members are all there is,
 * the count known.
 * @param before positions of the nearest members below, nearest first
 * @param after positions of the nearest members above, nearest first
 * @param known how many other members are known
 */
export function estimateMemberCount(before: readonly number[], after: readonly number[], known: number): number {
  const k = Math.min(before.length, after.length, Math.floor(known / 2));
  // When the k below and k above are all the members known, or all but one, the gaps they span are nearly the whole
  // ring: scaling them up would only turn the chance placement of a few members into a phantom crowd (9 members
  // known once read as 26, which made a 10-member group stop meshing fully). The count known is the estimate then.
  if (known < 4 || k < 2 || 2 * k >= known - 1) return known + 1;
  const span = clockwise(before[k - 1]!, after[k - 1]!);
  return Math.max(known + 1, Math.round((2 * k * RING) / span));
}

/**
 * The arc of addresses this member is nearest to (`localCoverageFrom` to `localCoverageTo`, increasing direction):
 * from halfway to its predecessor to halfway to its successor, in full 256-bit precision. Alone on the ring, it
 * covers everything, from just after itself round to itself.
 */
export function localCoverage(self: string, predecessor: string | null, successor: string | null): { from: string; to: string } {
  const own = BigInt(`0x${self}`);
  if (predecessor === null || successor === null) return { from: toAddress(own + 1n), to: toAddress(own) };
  const down = (own - BigInt(`0x${predecessor}`) + FULL_RING) % FULL_RING || FULL_RING;
  const up = (BigInt(`0x${successor}`) - own + FULL_RING) % FULL_RING || FULL_RING;
  return { from: toAddress(own - down / 2n), to: toAddress(own + (up - 1n) / 2n) };
}

function toAddress(value: bigint): string {
  return (((value % FULL_RING) + FULL_RING) % FULL_RING).toString(16).padStart(64, "0");
}
