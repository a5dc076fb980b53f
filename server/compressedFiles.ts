/**
 * Compressed responses for static files: each file is compressed once per encoding (brotli or gzip, whichever the
 * client accepts, brotli first) and the result kept in memory, keyed by path, size and modification time, so
 * Ruffle's 14 MB `.wasm` costs half a second of a zlib thread once, not on every request. Compression runs on
 * zlib's thread pool; the event loop never waits for it, and neither does a client asking for a large file that is
 * not compressed yet: it gets the file as it is while the compressed copy is made for the next ones.
 */
import { stat, readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { Request, Response } from "express";

type Encoding = "br" | "gzip";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Extensions worth compressing (already-compressed formats such as .swf, .png, .zip are not). */
const COMPRESSIBLE = new Set([".wasm", ".js", ".mjs", ".map", ".json", ".html", ".css", ".svg", ".txt", ".xml"]);
/** Below this a compressed response saves too little to matter. */
const MIN_BYTES = 1024;
/** Files above this are not compressed while a client waits: the first requests get them as they are. */
const INLINE_BYTES = 512 * 1024;
/** Files above this are streamed uncompressed rather than held in memory. */
const MAX_BYTES = 64 * 1024 * 1024;

interface Entry {
  readonly key: string;
  readonly body: Promise<Buffer>;
  size: number;
}

/** Compressed bodies held in memory, oldest evicted first once their total passes `budgetBytes`. */
export class CompressedFileCache {
  readonly #entries = new Map<string, Entry>();
  /** Keys whose compressed body is finished. */
  readonly #ready = new Set<string>();
  #total = 0;

  constructor(private readonly budgetBytes = 96 * 1024 * 1024) {}

  /** Whether a file with this extension is ever compressed. */
  static compressible(extension: string): boolean {
    return COMPRESSIBLE.has(extension);
  }

  /**
   * Answers `request` with `path` compressed when the client accepts brotli or gzip and the file is worth it;
   * resolves false (nothing sent) otherwise, so the caller serves the file as it is.
   */
  async send(request: Request, response: Response, path: string, headers: Record<string, string>): Promise<boolean> {
    if ((request.method !== "GET" && request.method !== "HEAD") || request.headers.range !== undefined) return false;
    const encoding = pickEncoding(request.headers["accept-encoding"]);
    if (encoding === null) return false;
    const info = await stat(path).catch(() => null);
    if (info === null || !info.isFile() || info.size < MIN_BYTES || info.size > MAX_BYTES) return false;
    const version = `${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}`;
    const key = `${encoding}\0${path}\0${version}`;
    if (info.size > INLINE_BYTES && !this.#ready.has(key)) {
      this.#body(key, path, encoding).catch(() => undefined); // made in the background, for the next requests
      return false;
    }
    const etag = `W/"${version}-${encoding}"`;
    response.setHeader("Vary", "Accept-Encoding");
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.setHeader("ETag", etag);
    response.setHeader("Last-Modified", info.mtime.toUTCString());
    if (request.headers["if-none-match"] === etag) {
      response.status(304).end();
      return true;
    }
    const body = await this.#body(key, path, encoding);
    response.setHeader("Content-Encoding", encoding);
    response.setHeader("Content-Length", String(body.length));
    if (request.method === "HEAD") response.end();
    else response.end(body);
    return true;
  }

  #body(key: string, path: string, encoding: Encoding): Promise<Buffer> {
    const cached = this.#entries.get(key);
    if (cached !== undefined) {
      this.#entries.delete(key); // most recently used goes last
      this.#entries.set(key, cached);
      return cached.body;
    }
    const entry: Entry = { key, size: 0, body: readFile(path).then((bytes) => compress(bytes, encoding)) };
    this.#entries.set(key, entry);
    entry.body.then(
      (body) => {
        if (this.#entries.get(key) !== entry) return;
        entry.size = body.length;
        this.#total += body.length;
        this.#ready.add(key);
        this.#evict();
      },
      () => this.#entries.delete(key),
    );
    return entry.body;
  }

  #evict(): void {
    for (const [key, entry] of this.#entries) {
      if (this.#total <= this.budgetBytes) return;
      this.#entries.delete(key);
      this.#ready.delete(key);
      this.#total -= entry.size;
    }
  }
}

function compress(bytes: Buffer, encoding: Encoding): Promise<Buffer> {
  // Brotli quality 5: 14 MB of wasm to 4.1 MB in about 0.5 s here; higher qualities cost seconds for a few percent.
  if (encoding === "br") return brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  return gzipAsync(bytes, { level: 6 });
}

/** brotli when accepted, else gzip when accepted (a `q=0` refuses), else null. */
export function pickEncoding(header: string | undefined): Encoding | null {
  if (header === undefined) return null;
  const accepted = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    accepted.set(name!.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (name: string): number => accepted.get(name) ?? (accepted.has("*") ? accepted.get("*")! : 0);
  if (weight("br") > 0) return "br";
  if (weight("gzip") > 0) return "gzip";
  return null;
}
