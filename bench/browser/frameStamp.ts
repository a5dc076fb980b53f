/**
 * The time stamp bench:media's glass-to-glass figure draws into every frame of its synthetic camera and reads back
 * at the viewer: 32 bits as an 8 × 4 grid of black or white blocks (40 × 40 pixels each on the 320 × 240 canvas),
 * big enough that a video codec's blocking and ringing never flip one. 24 bits are the draw time in ms (wall clock,
 * modulo 2^24: about 4.7 hours, far longer than any latency), 8 are a CRC-8 of them, so a frame caught in a codec's
 * recovery (a smeared key frame) is rejected rather than read as a wrong time.
 */

/** Blocks across and down. */
export const STAMP_COLUMNS = 8;
export const STAMP_ROWS = 4;
const TIME_BITS = 24;
const TIME_MODULUS = 2 ** TIME_BITS;

/** CRC-8 (polynomial 0x07) of the three bytes of a 24-bit value. */
function crc8(value: number): number {
  let crc = 0;
  for (const byte of [(value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

/** The 32 blocks for `timeMs` (wall clock, ms), row by row, most significant bit first: true = white. */
export function stampBits(timeMs: number): boolean[] {
  const time = Math.round(timeMs) % TIME_MODULUS;
  const word = time * 256 + crc8(time); // 32 bits: above what `<<` keeps, so built with arithmetic
  const bits: boolean[] = [];
  for (let bit = 31; bit >= 0; bit--) bits.push(Math.floor(word / 2 ** bit) % 2 === 1);
  return bits;
}

/**
 * The time a frame's blocks carry, from their brightness (0–255, row by row, as {@link stampBits} lays them out);
 * null when the check fails (a damaged frame).
 */
export function readStamp(brightness: ArrayLike<number>): number | null {
  if (brightness.length !== STAMP_COLUMNS * STAMP_ROWS) return null;
  let time = 0;
  let check = 0;
  for (let bit = 0; bit < 32; bit++) {
    const one = brightness[bit]! >= 128 ? 1 : 0;
    if (bit < TIME_BITS) time = time * 2 + one;
    else check = check * 2 + one;
  }
  return crc8(time) === check ? time : null;
}

/**
 * Milliseconds from a stamp read back to `nowMs` (wall clock), across the modulus's wrap. Signed: a reading that
 * comes out a few ms before the stamp (whole-ms clocks, an expected display time already past) shows as negative
 * rather than as a wrap of 4.7 hours.
 */
export function stampAge(stamp: number, nowMs: number): number {
  const age = (((Math.round(nowMs) - stamp) % TIME_MODULUS) + TIME_MODULUS) % TIME_MODULUS;
  return age >= TIME_MODULUS / 2 ? age - TIME_MODULUS : age;
}
