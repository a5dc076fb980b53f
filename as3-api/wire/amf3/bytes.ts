/**
 * AMF3 bytes that were serialized elsewhere (by Flash Player's own `ByteArray.writeObject` in a SWF, through the
 * Ruffle shim) and travel as they are: flashmesh never re-encodes them, so their SHA-256 is the messageID Flash
 * computes, and a typed object, NaN or a Date arrive in the receiving SWF exactly as they were written.
 */
export class Amf3Bytes {
  constructor(
    /** One AMF3 value, exactly. */
    readonly bytes: Uint8Array,
  ) {}
}
