/**
 * Why a SWF could not be read: cut short (its bytes end before what its header announces) or damaged (corrupt
 * inside). The rewrite only says "unreadable"; the page tells the two apart here, with the browser's own inflater
 * for compressed SWFs, so a person gets "download it again" rather than a zlib message.
 */

/** A SWF that ends early: `have` of the `want` (uncompressed) bytes its header announces. */
export interface CutShort {
  readonly have: number;
  readonly want: number;
}

const CHUNK = 4096;

/** The SWF's shortfall when it is cut short; null when it is complete or damaged in some other way. */
export async function cutShort(bytes: Uint8Array): Promise<CutShort | null> {
  if (bytes.length < 8) return { have: bytes.length, want: 8 };
  const want = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  const signature = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!);
  if (signature === "FWS") return bytes.length < want ? { have: bytes.length, want } : null;
  if (signature !== "CWS") return null; // ZWS (LZMA): the browser has no inflater for it
  // Fed chunk by chunk: corrupt data fails the write of its chunk, while a stream that is merely cut short takes
  // every chunk and fails only when closed.
  const stream = new DecompressionStream("deflate");
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let have = 8;
  const reading = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        have += value.length;
      }
    } catch {
      // The stream failed: the writer side says how.
    }
  })();
  const body = new Uint8Array(bytes.subarray(8)); // a copy on its own ArrayBuffer, as the stream wants
  let endedEarly = false;
  try {
    for (let at = 0; at < body.length; at += CHUNK) await writer.write(body.subarray(at, at + CHUNK));
    try {
      await writer.close();
    } catch {
      endedEarly = true;
    }
  } catch {
    endedEarly = false; // corrupt inside
  }
  await reading;
  return endedEarly && have < want ? { have, want } : null;
}
