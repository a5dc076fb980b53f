/**
 * Nesting depth of JSON text, measured before anything parses it. JSON.parse itself copes with deep nesting, but
 * everything after it that walks the value (JSON.stringify, PeerJS's handlers, our own checks) recurses and throws
 * `RangeError` at a few thousand levels: a message nested deeper than a small bound is refused before it is parsed.
 * One linear pass, no recursion, no allocation.
 */

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * True when `text`'s objects and arrays nest at most `maxDepth` levels (strings skipped, escapes honoured). Not a
 * validator: text that passes may still be bad JSON (JSON.parse decides that), but text that fails is never parsed.
 */
export function jsonDepthWithin(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      if (++depth > maxDepth) return false;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      depth--;
    }
  }
  return true;
}
