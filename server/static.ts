/**
 * The static folder (the player page and what it loads), with the content types Flash content needs: browsers
 * and Ruffle check `application/wasm` for streaming compilation, and `.swf` must not be sniffed as text.
 */
import express, { type RequestHandler } from "express";

/** Content types set explicitly, whatever the mime database of the day says. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".swf": "application/x-shockwave-flash",
  ".wasm": "application/wasm",
  ".mjs": "text/javascript; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
};

/** Serves `dir` read-only. */
export function serveStatic(dir: string): RequestHandler {
  return express.static(dir, {
    index: ["index.html"],
    fallthrough: true,
    setHeaders(response, path) {
      const extension = path.slice(path.lastIndexOf(".")).toLowerCase();
      const type = CONTENT_TYPES[extension];
      if (type !== undefined) response.setHeader("Content-Type", type);
    },
  });
}
