/**
 * AMF3, the serialization Flash uses for NetGroup messages (reference §1.2: "the messageID is the hexadecimal of the
 * SHA256 of the raw bytes of the serialization of the message"). flashmesh carries every post, routed message and
 * replicated object in it, so anything a SWF can put in a message round-trips: undefined, null, booleans, int,
 * Number, String, Date, Array (dense and associative parts), anonymous objects, ByteArray (as Uint8Array), and
 * shared or cyclic references. Encoding is deterministic: the same value (same key insertion order) always gives the
 * same bytes, so every member computes the same messageID.
 * @see https://www.adobe.com/content/dam/acom/en/devnet/pdf/amf-file-format-spec.pdf
 */
import { AmfReader } from "./amf3/reader.js";
import { AmfWriter } from "./amf3/writer.js";
import { AmfError, DEFAULT_AMF_LIMITS, type AmfLimits } from "./amf3/format.js";

export { AmfError, AMF3_TRAITS, Amf3Xml, amf3Typed, amf3Vector, DEFAULT_AMF_LIMITS, Marker, type AmfLimits, type Amf3ObjectTraits, type Amf3VectorTraits } from "./amf3/format.js";

/** Serializes `value` to AMF3. Throws AmfError for what AMF cannot hold (functions, symbols, bigints). */
export function encodeAmf3(value: unknown): Uint8Array {
  const writer = new AmfWriter();
  writer.value(value, 0);
  return writer.finish();
}

/** Reads one AMF3 value that must fill `bytes` exactly. */
export function decodeAmf3(bytes: Uint8Array, limits: AmfLimits = DEFAULT_AMF_LIMITS): unknown {
  const reader = new AmfReader(bytes, limits);
  const value = reader.value(0);
  if (reader.offset !== bytes.length) throw new AmfError(`${bytes.length - reader.offset} bytes after the value`, reader.offset);
  return value;
}

export { Amf3Bytes } from "./amf3/bytes.js";
