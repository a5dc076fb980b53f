/**
 * The one error `decodeGroupspec` throws. `offset` is the byte offset of the problem within the option bytes (the hex
 * after `"G:"`, two characters per byte); `charOffset` is the same place as an index into the string.
 */
export class GroupspecError extends Error {
  /** Byte offset within the option bytes; -1 when the input is not a string at all. */
  readonly offset: number;
  /** Index into the groupspec string of the first character at fault. */
  readonly charOffset: number;
  /** The reason alone, without the position. */
  readonly reason: string;

  constructor(reason: string, offset: number, charOffset: number) {
    super(offset >= 0 ? `Invalid groupspec at byte ${offset} (character ${charOffset}): ${reason}` : `Invalid groupspec: ${reason}`);
    this.name = "GroupspecError";
    this.reason = reason;
    this.offset = offset;
    this.charOffset = charOffset;
  }
}
