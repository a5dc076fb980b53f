/**
 * The static folders (the player page, Ruffle, flashmesh.js, fixtures), with the content types Flash content needs
 * (browsers and Ruffle check `application/wasm` for streaming compilation, and `.swf` must not be sniffed as text),
 * compression (compressedFiles.ts), and caching: files whose name carries a content hash (Ruffle's
 * `core.ruffle.<hash>.js` chunks and `<hash>.wasm`) are immutable for a year; every other file is revalidated.
 */
import { extname, join, normalize, sep } from "node:path";
import express, { type RequestHandler } from "express";
import { CompressedFileCache } from "./compressedFiles.js";

/** Content types set explicitly, whatever the mime database of the day says. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".swf": "application/x-shockwave-flash",
  ".wasm": "application/wasm",
  ".mjs": "text/javascript; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json",
  ".html": "text/html; charset=utf-8",
  ".json": "application/json",
  ".css": "text/css; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** A file name with a content hash: 16 or more hex digits as a whole dot-, dash- or underscore-separated part. */
const HASHED = /(^|[.\-_])[0-9a-f]{16,}\.[a-z0-9]+(\.map)?$/;

/** Whether the file named `name` never changes under that name. */
export function isHashedName(name: string): boolean {
  return HASHED.test(name);
}

/** Cache-Control for a file. */
export function cacheControl(path: string): string {
  const name = path.slice(path.lastIndexOf(sep) + 1);
  return isHashedName(name) ? "public, max-age=31536000, immutable" : "no-cache";
}

const cache = new CompressedFileCache();

function headersFor(path: string): Record<string, string> {
  const type = CONTENT_TYPES[extname(path).toLowerCase()];
  return { "Cache-Control": cacheControl(path), ...(type === undefined ? {} : { "Content-Type": type }) };
}

/** Sends the file at `path` (compressed when it pays), or passes to `next` when there is none. */
export function sendFile(request: express.Request, response: express.Response, next: express.NextFunction, path: string): void {
  const headers = headersFor(path);
  const plain = (): void => {
    response.sendFile(path, { headers, cacheControl: false, lastModified: true }, (error) => {
      if (error !== undefined && !response.headersSent) next((error as { status?: number }).status === 404 ? undefined : error);
    });
  };
  if (!CompressedFileCache.compressible(extname(path).toLowerCase())) return plain();
  cache.send(request, response, path, headers).then(
    (sent) => {
      if (!sent) plain();
    },
    (error: unknown) => (response.headersSent ? response.destroy() : next(error)),
  );
}

/** Serves `dir` read-only. */
export function serveStatic(dir: string): RequestHandler {
  const files = express.static(dir, {
    index: ["index.html"],
    fallthrough: true,
    cacheControl: false,
    setHeaders(response, path) {
      for (const [name, value] of Object.entries(headersFor(path))) response.setHeader(name, value);
    },
  });
  const root = normalize(dir + sep);
  return (request, response, next) => {
    let relative: string;
    try {
      relative = decodeURIComponent(request.path);
    } catch {
      return files(request, response, next);
    }
    if (relative.endsWith("/")) relative += "index.html";
    const path = normalize(join(root, relative));
    // Outside the folder, dot files and anything unusual go to express.static, which refuses them properly.
    if (!path.startsWith(root) || relative.includes("\0") || /(^|\/)\./.test(relative) || !CompressedFileCache.compressible(extname(path).toLowerCase())) return files(request, response, next);
    if ((request.method !== "GET" && request.method !== "HEAD") || request.headers.range !== undefined) return files(request, response, next);
    cache.send(request, response, path, headersFor(path)).then(
      (sent) => {
        if (!sent) files(request, response, next);
      },
      (error: unknown) => (response.headersSent ? response.destroy() : next(error)),
    );
  };
}
