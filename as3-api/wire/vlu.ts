/**
 * Variable-length unsigned integers as RTMFP writes them (RFC 7016 §2.1.2): big-endian base 128, the high bit set on
 * every byte but the last. Groupspec options use them for lengths and option IDs (reference §3.1).
 */

/** Longest VLU accepted when decoding: 4 bytes hold 2^28 - 1, far beyond any groupspec or frame length we accept. */
export const MAX_VLU_BYTES = 4;

/** VLU bytes of the non-negative safe integer `value` (e.g. 201 → 0x81 0x49). */
export function encodeVLU(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`VLU value must be a non-negative integer, got ${value}`);
  const groups: number[] = [value % 128];
  let rest = Math.floor(value / 128);
  while (rest > 0) {
    groups.unshift((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  return Uint8Array.from(groups);
}

/** Result of {@link decodeVLU}: the value and the offset just past it, or why it could not be read. */
export type VLUResult = { ok: true; value: number; next: number } | { ok: false; reason: string };

/**
 * Reads one VLU from `bytes` at `offset`. Rejects truncation, encodings longer than {@link MAX_VLU_BYTES} and
 * non-minimal encodings (a leading 0x80 byte), since Flash never writes those and accepting them would let two
 * strings mean one group.
 */
export function decodeVLU(bytes: Uint8Array, offset: number): VLUResult {
  let value = 0;
  for (let i = 0; i < MAX_VLU_BYTES; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) return { ok: false, reason: "truncated variable-length number" };
    if (i === 0 && byte === 0x80) return { ok: false, reason: "non-minimal variable-length number" };
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return { ok: true, value, next: offset + i + 1 };
  }
  return { ok: false, reason: `variable-length number longer than ${MAX_VLU_BYTES} bytes` };
}
