/**
 * Every SWF on its way into Ruffle passes here: rewritten for flashmesh when it references the P2P classes (with a
 * fresh bridge token and a context for it), passed through untouched otherwise. Never throws: a SWF flashmesh cannot
 * read runs as it is, with one console warning.
 */
import proxies from "../proxies/flashmesh-proxies.abc";
import type { Bridge } from "../bridge/bridge.js";
import { REDIRECTS } from "../bridge/classes/index.js";
import { rewriteSwf, type RewriteOutcome } from "../swf/rewrite.js";

function freshToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `flashmesh-token-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Rewrites `bytes` (named `label` in messages) for the player `element` (null: found later by its callback). */
export function prepareSwf(bridge: Bridge, bytes: Uint8Array, label: string, element: HTMLElement | null = null): RewriteOutcome {
  const token = freshToken();
  const outcome = rewriteSwf(bytes, proxies, token, REDIRECTS);
  const context = outcome.rewritten ? bridge.open(token, outcome.swfVersion, element) : null;
  bridge.announceSwf({ label, outcome, context });
  if (outcome.rewritten) {
    console.info(`[flashmesh] ${label}: ${outcome.references} references to the flash.net P2P and flash.media classes now use flashmesh`);
  } else if (outcome.kind === "unreadable") {
    console.warn(`[flashmesh] ${label} runs unchanged: ${outcome.reason}`);
  }
  return outcome;
}
