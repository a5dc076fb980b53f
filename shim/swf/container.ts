/**
 * The SWF container: header, compression (FWS none, CWS zlib, ZWS LZMA) and the tag list. Tags keep their bodies as
 * bytes and whether their header used the long form, so an unchanged tag is written back exactly as it was read.
 * @see https://open-flash.github.io/mirrors/swf-spec-19.pdf (chapter 2, "SWF Structure Summary")
 */
import { unzlibSync, zlibSync } from "fflate";
import { ByteReader, ByteWriter, SwfError } from "./bytes.js";
import { decodeLzma } from "./lzma.js";

export type SwfCompression = "none" | "zlib" | "lzma";

export interface SwfTag {
  readonly code: number;
  readonly body: Uint8Array;
  /** The header used the 6-byte long form (some tools write it even for short tags). */
  readonly longForm: boolean;
}

export interface SwfFile {
  readonly compression: SwfCompression;
  readonly version: number;
  /** Frame size RECT, frame rate and frame count, as read. */
  readonly frameHeader: Uint8Array;
  tags: SwfTag[];
}

/** Tag codes flashmesh looks at. */
export const TagCode = {
  end: 0,
  showFrame: 1,
  doAbc1: 72,
  fileAttributes: 69,
  symbolClass: 76,
  doAbc: 82,
} as const;

/** The largest uncompressed SWF flashmesh reads (a header can claim 4 GiB). */
export const MAX_SWF_BYTES = 256 * 1024 * 1024;

/** Whether `bytes` starts like a SWF (FWS, CWS or ZWS). */
export function looksLikeSwf(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  const [a, b, c] = [bytes[0], bytes[1], bytes[2]];
  return (a === 0x46 || a === 0x43 || a === 0x5a) && b === 0x57 && c === 0x53;
}

/** The uncompressed body (everything after the 8-byte header). */
function uncompressedBody(bytes: Uint8Array, compression: SwfCompression, fileLength: number): Uint8Array {
  const bodyLength = fileLength - 8;
  if (fileLength < 8 || fileLength > MAX_SWF_BYTES) throw new SwfError(`SWF header gives a length of ${fileLength} bytes`, 4);
  if (compression === "none") {
    if (bytes.length < fileLength) throw new SwfError(`SWF is ${bytes.length} bytes, its header says ${fileLength}`, bytes.length);
    return bytes.subarray(8, fileLength);
  }
  if (compression === "zlib") {
    let body: Uint8Array;
    try {
      body = unzlibSync(bytes.subarray(8));
    } catch (error) {
      throw new SwfError(`zlib data is corrupt: ${(error as Error).message}`, 8);
    }
    if (body.length < bodyLength) throw new SwfError(`zlib data gives ${body.length} bytes, the header says ${bodyLength}`, 8);
    return body.subarray(0, bodyLength);
  }
  const reader = new ByteReader(bytes, 8);
  reader.u32(); // compressed length: not needed, the decoder stops at the size the header gives
  const props = reader.take(5, "LZMA properties");
  return decodeLzma(props, bytes, reader.offset, bodyLength);
}

/** Reads a SWF; throws {@link SwfError} when it is not one or is malformed. */
export function readSwf(bytes: Uint8Array): SwfFile {
  if (!looksLikeSwf(bytes)) throw new SwfError("not a SWF (no FWS, CWS or ZWS signature)", 0);
  const compression: SwfCompression = bytes[0] === 0x46 ? "none" : bytes[0] === 0x43 ? "zlib" : "lzma";
  const version = bytes[3]!;
  const fileLength = new DataView(bytes.buffer, bytes.byteOffset + 4, 4).getUint32(0, true);
  const body = uncompressedBody(bytes, compression, fileLength);
  const reader = new ByteReader(body);
  if (reader.remaining < 1) throw new SwfError("no frame header", 8);
  const rectBits = 5 + 4 * (body[0]! >>> 3);
  const headerLength = Math.ceil(rectBits / 8) + 4;
  const frameHeader = reader.take(headerLength, "frame header");
  const tags: SwfTag[] = [];
  while (reader.remaining > 0) {
    const at = reader.offset;
    if (reader.remaining < 2) break; // a stray byte after the last tag: tolerated, as players do
    const codeAndLength = reader.u16();
    const code = codeAndLength >>> 6;
    let length = codeAndLength & 0x3f;
    const longForm = length === 0x3f;
    if (longForm) length = reader.u32();
    if (length > reader.remaining) throw new SwfError(`tag ${code} claims ${length} bytes, ${reader.remaining} left`, at + 8);
    tags.push({ code, body: reader.take(length), longForm });
    if (code === TagCode.end) break;
  }
  return { compression, version, frameHeader, tags };
}

/** Writes a SWF in its `compression`; "lzma" is written zlib-compressed (flashmesh does not encode LZMA). */
export function writeSwf(swf: SwfFile): Uint8Array {
  const body = new ByteWriter();
  body.bytes(swf.frameHeader);
  for (const tag of swf.tags) {
    if (tag.longForm || tag.body.length >= 0x3f) body.u16((tag.code << 6) | 0x3f).u32(tag.body.length);
    else body.u16((tag.code << 6) | tag.body.length);
    body.bytes(tag.body);
  }
  const bodyBytes = body.finish();
  const header = new ByteWriter();
  const compressed = swf.compression !== "none";
  header.bytes(Uint8Array.of(compressed ? 0x43 : 0x46, 0x57, 0x53, swf.version)).u32(bodyBytes.length + 8);
  if (!compressed) return header.bytes(bodyBytes).finish();
  return header.bytes(zlibSync(bodyBytes, { level: 6 })).finish();
}

/** A DoABC (82) or DoABC1 (72) tag's parts: flags and name (DoABC only), and the ABC bytes. */
export function readDoAbc(tag: SwfTag): { flags: number; name: string; abc: Uint8Array } {
  if (tag.code === TagCode.doAbc1) return { flags: 0, name: "", abc: tag.body };
  const reader = new ByteReader(tag.body);
  const flags = reader.u32();
  const name = reader.cString();
  return { flags, name, abc: tag.body.subarray(reader.offset) };
}

/** A DoABC (82) tag. */
export function doAbcTag(flags: number, name: string, abc: Uint8Array): SwfTag {
  const writer = new ByteWriter().u32(flags).cString(name).bytes(abc);
  return { code: TagCode.doAbc, body: writer.finish(), longForm: true };
}
