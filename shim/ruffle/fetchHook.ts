/**
 * Ruffle fetches SWFs given by URL (`load({ url })`, polyfilled `<embed>`/`<object>`, SWFs loading SWFs) with the
 * page's `fetch`; flashmesh wraps it and rewrites responses that are SWFs. Only responses that say they are Flash
 * (URL ending in .swf, or a Flash content type) are read, and only when their first bytes are a SWF signature is
 * anything changed; everything else streams through untouched.
 */
import type { Bridge } from "../bridge/bridge.js";
import { looksLikeSwf } from "../swf/container.js";
import { prepareSwf } from "./loader.js";

function mightBeSwf(url: string, response: Response): boolean {
  const type = response.headers.get("content-type") ?? "";
  if (/shockwave-flash|adobe\.flash/i.test(type)) return true;
  try {
    return /\.swf$/i.test(new URL(url, globalThis.location?.href).pathname);
  } catch {
    return false;
  }
}

/** Wraps `globalThis.fetch`; returns the function that restores it. */
export function hookFetch(bridge: Bridge): () => void {
  const original = globalThis.fetch;
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const response = await original(input, init);
    const url = response.url || (typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (!response.ok || !mightBeSwf(url, response)) return response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    const outcome = looksLikeSwf(bytes) ? prepareSwf(bridge, bytes, url) : null;
    const body = outcome?.bytes ?? bytes;
    const headers = new Headers(response.headers);
    headers.delete("content-length");
    headers.delete("content-encoding");
    const rewritten = new Response(body as Uint8Array<ArrayBuffer>, { status: response.status, statusText: response.statusText, headers });
    // Ruffle takes the SWF's own URL (loaderInfo.url, relative loads) from the response.
    Object.defineProperty(rewritten, "url", { value: response.url });
    Object.defineProperty(rewritten, "redirected", { value: response.redirected });
    return rewritten;
  };
  globalThis.fetch = wrapped as typeof fetch;
  return () => {
    if (globalThis.fetch === (wrapped as typeof fetch)) globalThis.fetch = original;
  };
}
