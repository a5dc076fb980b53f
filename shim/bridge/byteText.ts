/**
 * Bytes across ExternalInterface, which has no ByteArray (platform notes), in the forms Ruffle 0.6 turns into and
 * out of ByteArrays natively (measured: docs/shim.md, "Bytes across the bridge"):
 * - from the SWF: `escape()` of the ByteArray read as UTF-16LE (`toString()` of the bytes behind a FF FE byte-order
 *   mark), with the byte count. `escape` keeps every code unit, lone surrogates too, which ExternalInterface's own
 *   string conversion would replace.
 * - to the SWF: one character per byte in the `x-user-defined` encoding (0x00–0x7F as themselves, 0x80–0xFF as
 *   U+F780–U+F7FF), which `ByteArray.writeMultiByte(text, "x-user-defined")` turns back into the bytes.
 */

const CHUNK = 8192;

/** The bytes of `escaped` (the SWF's form): `length` bytes, or null when the text is not that form. */
export function bytesFromSwfText(escaped: unknown, length: unknown): Uint8Array | null {
  if (typeof escaped !== "string" || typeof length !== "number" || !Number.isInteger(length) || length < 0) return null;
  const units = unescape(escaped);
  if (length > units.length * 2 || length < units.length * 2 - 1) return null;
  const bytes = new Uint8Array(units.length * 2);
  for (let i = 0; i < units.length; i++) {
    const unit = units.charCodeAt(i);
    bytes[2 * i] = unit & 0xff;
    bytes[2 * i + 1] = unit >> 8;
  }
  return bytes.subarray(0, length);
}

/** `bytes` as the SWF's `writeMultiByte(text, "x-user-defined")` reads them. */
export function swfTextOf(bytes: Uint8Array): string {
  let text = "";
  const codes = new Array<number>(Math.min(CHUNK, bytes.length));
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    codes.length = end - start;
    for (let i = start; i < end; i++) {
      const byte = bytes[i]!;
      codes[i - start] = byte < 0x80 ? byte : 0xf700 + byte;
    }
    text += String.fromCharCode(...codes);
  }
  return text;
}
