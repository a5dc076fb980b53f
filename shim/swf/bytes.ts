/**
 * Little-endian byte reading and writing for SWF and ABC, with the AVM2 variable-length integers (u30, u32, s32).
 * Every read checks the bounds and throws {@link SwfError} with the offset: a malformed file is refused, never
 * read past its end.
 */

/** A SWF or ABC that cannot be read; `offset` is the byte at fault in the buffer being read. */
export class SwfError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
    this.name = "SwfError";
  }
}

const utf8Decoder = new TextDecoder("utf-8", { fatal: false });
const utf8Encoder = new TextEncoder();

export class ByteReader {
  offset: number;
  readonly #view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.offset = start;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  #need(count: number, what: string): void {
    if (count < 0 || this.offset + count > this.end) throw new SwfError(`truncated ${what}: needs ${count} bytes, ${this.remaining} left`, this.offset);
  }

  u8(): number {
    this.#need(1, "byte");
    return this.bytes[this.offset++]!;
  }

  u16(): number {
    this.#need(2, "u16");
    const value = this.#view.getUint16(this.offset, true);
    this.offset += 2;
    return value;
  }

  u32(): number {
    this.#need(4, "u32");
    const value = this.#view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  d64(): number {
    this.#need(8, "double");
    const value = this.#view.getFloat64(this.offset, true);
    this.offset += 8;
    return value;
  }

  /** AVM2 variable-length unsigned integer (up to 5 bytes, 7 bits each). */
  u32v(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.u8();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result >>> 0;
    }
    throw new SwfError("variable-length integer longer than 5 bytes", this.offset - 1);
  }

  /** u30: a u32v that must fit 30 bits. */
  u30(): number {
    const at = this.offset;
    const value = this.u32v();
    if (value > 0x3fffffff) throw new SwfError(`u30 out of range: ${value}`, at);
    return value;
  }

  /** s32: a u32v read as two's complement. */
  s32v(): number {
    return this.u32v() | 0;
  }

  take(count: number, what = "bytes"): Uint8Array {
    this.#need(count, what);
    const slice = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return slice;
  }

  utf8(count: number): string {
    return utf8Decoder.decode(this.take(count, "string"));
  }

  /** A null-terminated string (SWF STRING). */
  cString(): string {
    const start = this.offset;
    let end = start;
    while (end < this.end && this.bytes[end] !== 0) end++;
    if (end >= this.end) throw new SwfError("unterminated string", start);
    this.offset = end + 1;
    return utf8Decoder.decode(this.bytes.subarray(start, end));
  }
}

export class ByteWriter {
  #buffer = new Uint8Array(1024);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  #grow(extra: number): void {
    if (this.#length + extra <= this.#buffer.length) return;
    let size = this.#buffer.length * 2;
    while (size < this.#length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = next;
  }

  u8(value: number): this {
    this.#grow(1);
    this.#buffer[this.#length++] = value & 0xff;
    return this;
  }

  u16(value: number): this {
    return this.u8(value).u8(value >>> 8);
  }

  u32(value: number): this {
    return this.u16(value & 0xffff).u16(value >>> 16);
  }

  d64(value: number): this {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    return this.bytes(bytes);
  }

  u32v(value: number): this {
    let rest = value >>> 0;
    for (;;) {
      if (rest < 0x80) return this.u8(rest);
      this.u8((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 128);
    }
  }

  s32v(value: number): this {
    return this.u32v(value >>> 0);
  }

  bytes(bytes: Uint8Array): this {
    this.#grow(bytes.length);
    this.#buffer.set(bytes, this.#length);
    this.#length += bytes.length;
    return this;
  }

  utf8(text: string): Uint8Array {
    return utf8Encoder.encode(text);
  }

  cString(text: string): this {
    return this.bytes(utf8Encoder.encode(text)).u8(0);
  }

  finish(): Uint8Array {
    return this.#buffer.slice(0, this.#length);
  }
}
