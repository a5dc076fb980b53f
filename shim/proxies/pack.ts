/**
 * Turns Haxe's build of the injected classes (a SWF) into the ABC block the rewriter injects: the one DoABC body,
 * with every class Haxe added besides `flashmesh.*` (its runtime: Std, flash.Boot, haxe.*…) moved under
 * `flashmesh.haxe.*`, so a SWF that was itself built with Haxe keeps its own runtime classes, and the overrides
 * Ruffle declares differently get Ruffle's signatures (ruffleSignatures.ts). Deterministic: the same
 * SWF gives the same bytes.
 */
import { readAbc, writeAbc } from "../swf/abc.js";
import { readDoAbc, readSwf, TagCode } from "../swf/container.js";
import { definedClasses, moveClasses, PROXY_PACKAGE } from "../swf/redirect.js";
import { matchRuffleSignatures } from "./ruffleSignatures.js";

export function packProxies(swfBytes: Uint8Array): Uint8Array {
  const tags = readSwf(swfBytes).tags.filter((tag) => tag.code === TagCode.doAbc || tag.code === TagCode.doAbc1);
  if (tags.length !== 1) throw new Error(`expected one DoABC tag in the proxies' SWF, found ${tags.length}`);
  const abc = readAbc(readDoAbc(tags[0]!).abc);
  const moves = new Map<string, string>();
  for (const qualified of definedClasses(abc)) {
    const pkg = qualified.slice(0, qualified.indexOf("::"));
    if (pkg === PROXY_PACKAGE) continue;
    moves.set(qualified, pkg === "" ? `${PROXY_PACKAGE}.haxe` : `${PROXY_PACKAGE}.haxe.${pkg}`);
  }
  moveClasses(abc, moves);
  matchRuffleSignatures(abc);
  return writeAbc(abc);
}
