/**
 * flashmesh's settings, shared by every NetConnection of the page (or Node process): which `flashmesh serve` an
 * `rtmfp://` URL goes to, how URLs are rewritten first, the ICE servers for WebRTC, and how sessions open.
 * Set with {@link configure}; the script-tag build reads `window.FlashmeshConfig` into it.
 */
import { openPeerJSSession } from "./transport/peerjs.js";
import type { SessionOpener } from "./transport/session.js";

/**
 * One URL rewrite rule, as in Ruffle's `urlRewriteRules`: a string pattern matches the whole URL exactly; a RegExp
 * is applied with `url.replace(pattern, replacement)` when it matches. The first matching rule wins.
 */
export type UrlRewriteRule = readonly [pattern: RegExp | string, replacement: string];

/** Settings of {@link configure}. */
export interface FlashmeshConfig {
  /**
   * The `flashmesh serve` every `rtmfp://` URL goes to unless a rewrite rule names another (http, https, ws or wss
   * URL). Default: the page's own origin when it was served over http(s), else `http://127.0.0.1:8080`.
   */
  readonly server: string | null;
  /**
   * Applied to the SWF's `rtmfp://…` URL before connecting. A rule whose result is an `http(s)://` or `ws(s)://`
   * URL picks the server (the developer key in the original path is kept); a result that is an `rtmfp://` URL
   * replaces the SWF's URL (and goes to {@link server}); `"rtmfp:"` makes it serverless.
   */
  readonly urlRewriteRules: readonly UrlRewriteRule[];
  /** STUN/TURN servers for WebRTC; none by default (peers on one machine or LAN need none). */
  readonly iceServers: readonly RTCIceServer[];
  /** Opens server sessions; the default is WebRTC through `flashmesh serve`. Tests and simulations swap it. */
  readonly openSession: SessionOpener;
}

const DEFAULTS: FlashmeshConfig = {
  server: null,
  urlRewriteRules: [],
  iceServers: [],
  openSession: openPeerJSSession,
};

let current: FlashmeshConfig = DEFAULTS;

/** Changes some settings; the others keep their values. Returns the settings now in force. */
export function configure(settings: Partial<FlashmeshConfig>): FlashmeshConfig {
  current = { ...current, ...settings };
  return current;
}

/** Puts every setting back to its default. */
export function resetConfiguration(): void {
  current = DEFAULTS;
}

/** The settings in force. */
export function flashmeshConfig(): FlashmeshConfig {
  return current;
}

/** The server URL in force: the configured one, else this page's origin, else the local default. */
export function defaultServer(): string {
  if (current.server !== null) return current.server;
  const location = (globalThis as { location?: { protocol: string; origin: string } }).location;
  if (location !== undefined && (location.protocol === "http:" || location.protocol === "https:")) return location.origin;
  return "http://127.0.0.1:8080";
}
