/**
 * Where a SWF's `NetConnection.connect(url)` goes. Archived SWFs hard-code Adobe's `rtmfp://p2p.rtmfp.net/<key>/`,
 * `rtmfp://localhost/<app>` and every other shape; no browser can reach those hosts (RTMFP is UDP), so every
 * `rtmfp://` URL goes to the configured `flashmesh serve` unless a rewrite rule says otherwise.
 */
import { defaultServer, flashmeshConfig, type UrlRewriteRule } from "../../config.js";

/** Where to connect. */
export type RtmfpTarget =
  | { readonly kind: "server"; readonly server: string; readonly app: string }
  | { readonly kind: "serverless" };

/** Thrown for a URL flashmesh cannot connect to; NetConnection turns it into `NetConnection.Connect.Failed`. */
export class RtmfpUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RtmfpUrlError";
  }
}

const RTMFP_URL = /^rtmfp:\/\/([^/?#]*)(\/[^?#]*)?/i;

/** Applies the first matching rule; `null` when none matches. */
export function rewriteUrl(url: string, rules: readonly UrlRewriteRule[]): string | null {
  for (const [pattern, replacement] of rules) {
    if (typeof pattern === "string") {
      if (pattern === url) return replacement;
    } else {
      pattern.lastIndex = 0;
      if (pattern.test(url)) {
        pattern.lastIndex = 0;
        return url.replace(pattern, replacement);
      }
    }
  }
  return null;
}

/**
 * Whether flashmesh connects `url`: every `rtmfp:` URL, and any other (`""`, `rtmp://…`, an obsolete host) that a
 * rewrite rule matches. Other URLs stay the player's (RTMP, Flash Remoting).
 */
export function isFlashmeshUrl(url: string): boolean {
  return /^rtmfp:/i.test(url) || rewriteUrl(url, flashmeshConfig().urlRewriteRules) !== null;
}

/** The app (path without the leading slash) of an `rtmfp://host/app…` URL. */
function appOf(url: string): string {
  const match = RTMFP_URL.exec(url);
  if (match === null) throw new RtmfpUrlError(`not an rtmfp:// URL: ${url}`);
  return (match[2] ?? "").replace(/^\//, "");
}

/**
 * Resolves a SWF's rtmfp URL (`"rtmfp:"` or `"rtmfp://host[:port]/app…"`) with the configured rewrite rules.
 * Throws {@link RtmfpUrlError} for anything else.
 */
export function resolveRtmfpUrl(url: string): RtmfpTarget {
  const rewritten = rewriteUrl(url, flashmeshConfig().urlRewriteRules) ?? url;
  if (/^rtmfp:$/i.test(rewritten)) return { kind: "serverless" };
  if (/^(https?|wss?):\/\//i.test(rewritten)) return { kind: "server", server: rewritten, app: /^rtmfp:\/\//i.test(url) ? appOf(url) : "" };
  if (/^rtmfp:\/\//i.test(rewritten)) return { kind: "server", server: defaultServer(), app: appOf(rewritten) };
  throw new RtmfpUrlError(rewritten === url ? `not an rtmfp URL: ${url}` : `rewrite rule turned ${url} into ${rewritten}, which is neither an rtmfp nor a server URL`);
}
