/**
 * Byte helpers shared by every codec: lowercase hex (the form Flash writes groupspecs, peer IDs and group addresses
 * in) and strict UTF-8 (names and passwords are `writeUTFBytes` output in Flash).
 */

const HEX_CODES = Array.from("0123456789abcdef", (digit) => digit.charCodeAt(0));
/** Longest run passed to one `String.fromCharCode` call (argument count limits). */
const CHUNK = 8192;

/**
 * Lowercase hex of `bytes`, two characters per byte. Built from character codes rather than by `+=`, so the result
 * is one flat string: servers keep thousands of these (group addresses), and a concatenated string would be a tree
 * of dozens of pieces.
 */
export function bytesToHex(bytes: Uint8Array): string {
  const codes = new Array<number>(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    codes[2 * i] = HEX_CODES[bytes[i]! >> 4]!;
    codes[2 * i + 1] = HEX_CODES[bytes[i]! & 15]!;
  }
  let out = "";
  for (let start = 0; start < codes.length; start += CHUNK) out += String.fromCharCode(...codes.slice(start, start + CHUNK));
  return out;
}

/** Value of one hex digit (either case), or -1 when `code` is not a hex digit. */
export function hexDigitValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return -1;
}

/**
 * Bytes of an even-length hex string (either case), or `null` when the text is not hex. Callers that must report
 * where the text went wrong use their own loop; this is for already-validated text.
 */
export function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const high = hexDigitValue(hex.charCodeAt(2 * i));
    const low = hexDigitValue(hex.charCodeAt(2 * i + 1));
    if (high < 0 || low < 0) return null;
    out[i] = (high << 4) | low;
  }
  return out;
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** UTF-8 bytes of `text`, as AS3's `ByteArray.writeUTFBytes` writes them (no BOM, no normalisation). */
export function utf8Bytes(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** Text of UTF-8 `bytes`, or `null` when they are not well-formed UTF-8. */
export function utf8Text(bytes: Uint8Array): string | null {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** `a` followed by `b`. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
