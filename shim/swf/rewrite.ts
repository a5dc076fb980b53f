/**
 * The rewrite pass: points a SWF's references to the redirected classes (`flash.net::NetConnection`, `NetGroup`, …:
 * the list comes from the bridge's class descriptors) at the injected `flashmesh::` classes (names in
 * strings too, for `getDefinitionByName("flash.net.NetGroup")`), then adds the
 * injected ABC (with this player's bridge token) before the SWF's own code, and writes the SWF uncompressed. Bytes in,
 * bytes out, never a throw: a SWF
 * with no P2P reference, an AVM1 SWF, or one flashmesh cannot read comes back as the very same bytes, with the reason.
 */
import { readAbc, writeAbc, type AbcFile } from "./abc.js";
import { SwfError } from "./bytes.js";
import { doAbcTag, readDoAbc, readSwf, TagCode, writeSwf, type SwfTag } from "./container.js";
import { moveClasses, renameMembers, type Redirects } from "./redirect.js";

/** Replaces pool strings that are exactly a redirected class's name; returns how many. */
function redirectNameStrings(abc: AbcFile, { nameStrings, nameFilter }: Redirects): number {
  const decoder = new TextDecoder();
  const { shortest, longest, firstBytes } = nameFilter;
  let changed = 0;
  abc.pool.strings.forEach((bytes, i) => {
    if (bytes.length < shortest || bytes.length > longest || !firstBytes.has(bytes[0]!)) return; // most strings stop here
    const target = nameStrings.get(decoder.decode(bytes));
    if (target === undefined) return;
    abc.pool.strings[i] = new TextEncoder().encode(target);
    changed++;
  });
  return changed;
}

/** The placeholder the injected Bridge class holds, replaced by each SWF's token. */
export const TOKEN_PLACEHOLDER = "flashmesh-token-00000000000000000000000000000000";

/** Why a SWF was passed through: the kind callers act on, and `reason`, the text for people. */
export type PassThrough = "no-p2p" | "actionscript-1-2" | "already-rewritten" | "unreadable";

export type RewriteOutcome =
  | { readonly rewritten: true; readonly bytes: Uint8Array; readonly swfVersion: number; readonly references: number }
  | { readonly rewritten: false; readonly bytes: Uint8Array; readonly kind: PassThrough; readonly reason: string; readonly swfVersion: number | null };

const FILE_ATTRIBUTES_AS3 = 0x08;
/** Name of the injected DoABC tag; a SWF that has one was rewritten already and is left alone. */
const INJECTED_NAME = "flashmesh";

/** The injected ABC with `token` in place of the placeholder. */
function injectedAbc(proxies: Uint8Array, token: string): Uint8Array {
  const abc = readAbc(proxies);
  const placeholder = new TextEncoder().encode(TOKEN_PLACEHOLDER);
  const at = abc.pool.strings.findIndex((s) => s.length === placeholder.length && s.every((b, i) => b === placeholder[i]));
  if (at < 0) throw new Error("the injected classes carry no bridge token placeholder");
  abc.pool.strings[at] = new TextEncoder().encode(token);
  return writeAbc(abc);
}

/**
 * Rewrites `input` for the player whose bridge token is `token`: points the classes of `redirects` (built from the
 * bridge's class descriptors, shim/bridge/classes) at the injected ones and injects `proxies` (the packed ABC of
 * shim/proxies). Never throws.
 */
export function rewriteSwf(input: Uint8Array, proxies: Uint8Array, token: string, redirects: Redirects): RewriteOutcome {
  let swfVersion: number | null = null;
  try {
    const swf = readSwf(input);
    swfVersion = swf.version;
    const attributes = swf.tags.find((tag) => tag.code === TagCode.fileAttributes);
    if (attributes === undefined || ((attributes.body[0] ?? 0) & FILE_ATTRIBUTES_AS3) === 0) {
      return { rewritten: false, bytes: input, kind: "actionscript-1-2", reason: "ActionScript 1/2 SWF (it cannot use the P2P classes)", swfVersion };
    }
    if (swf.tags.some((tag) => tag.code === TagCode.doAbc && readDoAbc(tag).name === INJECTED_NAME)) {
      return { rewritten: false, bytes: input, kind: "already-rewritten", reason: "already rewritten by flashmesh", swfVersion };
    }
    let references = 0;
    let firstAbc = -1;
    const tags: SwfTag[] = swf.tags.map((tag, index) => {
      if (tag.code !== TagCode.doAbc && tag.code !== TagCode.doAbc1) return tag;
      if (firstAbc < 0) firstAbc = index;
      const { flags, name, abc: bytes } = readDoAbc(tag);
      const abc: AbcFile = readAbc(bytes);
      const changed = moveClasses(abc, redirects.moves) + redirectNameStrings(abc, redirects);
      // Followers and renames count only if the SWF is rewritten anyway (references > 0 below).
      const followed = moveClasses(abc, redirects.followers) + renameMembers(abc, redirects.memberRenames);
      if (changed + followed === 0) return tag;
      references += changed;
      const written = writeAbc(abc);
      return tag.code === TagCode.doAbc ? doAbcTag(flags, name, written) : { code: tag.code, body: written, longForm: true };
    });
    if (references === 0) return { rewritten: false, bytes: input, kind: "no-p2p", reason: "no reference to the flash.net P2P classes", swfVersion };
    // Lazily initialised (flag 1), before the SWF's own code, so its first `new NetConnection` finds the classes.
    tags.splice(firstAbc, 0, doAbcTag(1, INJECTED_NAME, injectedAbc(proxies, token)));
    // Written uncompressed: the bytes go straight to Ruffle in memory, and deflating would cost more than the rest
    // of the rewrite together (bench:rewrite).
    return { rewritten: true, bytes: writeSwf({ ...swf, compression: "none", tags }), swfVersion, references };
  } catch (error) {
    const reason = error instanceof SwfError ? `not a readable SWF: ${error.message}` : `rewrite failed: ${(error as Error).message}`;
    return { rewritten: false, bytes: input, kind: "unreadable", reason, swfVersion };
  }
}
