/**
 * Compares a rebuilt fixture SWF with the committed one, for compilers whose output is not byte-stable.
 * mxmlc (Flex SDK 4.6) writes the build time into two tags (ProductInfo, Metadata), so those are masked. Flex
 * applications also name embedded-asset classes after a hash of the SDK's absolute path
 * (`_class_embed_css_Assets_swf_874954673_…`) and order their tables by it, so the same source built in another
 * folder differs in bytes: for a SWF with such names the comparison is a fingerprint instead (tag codes, symbol
 * names, the ABC's string pool as a multiset and its table sizes, with the path hashes masked).
 */
import { readAbc, type AbcFile } from "../../shim/swf/abc.js";
import { readDoAbc, readSwf, TagCode, type SwfTag } from "../../shim/swf/container.js";

/** Tags whose bodies carry the build's date: ProductInfo (41) and Metadata (77). */
const BUILD_STAMP_TAGS = new Set([41, 77]);
const PATH_HASHED = /_embed_css_/;

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
// A negative path hash is written with a second underscore (`_swf__874954673_`), so the sign is masked too.
const maskHashes = (name: string): string => (PATH_HASHED.test(name) ? name.replace(/_+\d{5,}/g, "_<hash>") : name);

function abcFingerprint(abc: AbcFile): string {
  const strings = abc.pool.strings.map((s) => maskHashes(text(s))).sort();
  const sizes = { methods: abc.methods.length, instances: abc.instances.length, classes: abc.classes.length, scripts: abc.scripts.length, bodies: abc.bodies.length, multinames: abc.pool.multinames.length };
  return JSON.stringify({ sizes, strings });
}

function symbolNames(tag: SwfTag): string[] {
  // SymbolClass: u16 count, then (u16 id, NUL-terminated name) each; only the names and their count matter here.
  const names: string[] = [];
  let at = 2;
  while (at < tag.body.length) {
    const end = tag.body.indexOf(0, at + 2);
    names.push(maskHashes(text(tag.body.subarray(at + 2, end < 0 ? tag.body.length : end))));
    at = end < 0 ? tag.body.length : end + 1;
  }
  return names.sort();
}

/** One line per tag: its code and what of it must match. */
function describeTags(bytes: Uint8Array, fingerprint: boolean): string[] {
  const swf = readSwf(bytes);
  const lines = [`compression ${swf.compression} version ${swf.version} frame ${Buffer.from(swf.frameHeader).toString("hex")}`];
  for (const tag of swf.tags) {
    if (BUILD_STAMP_TAGS.has(tag.code)) lines.push(`${tag.code} (build stamp, masked)`);
    else if (fingerprint && tag.code === TagCode.doAbc) {
      const { flags, name, abc } = readDoAbc(tag);
      lines.push(`${tag.code} ${flags} ${name} ${abcFingerprint(readAbc(abc))}`);
    } else if (fingerprint && tag.code === TagCode.symbolClass) lines.push(`${tag.code} ${JSON.stringify(symbolNames(tag))}`);
    else lines.push(`${tag.code} ${Buffer.from(tag.body).toString("hex")}`);
  }
  return lines;
}

/** Whether mxmlc put path-hashed class names into this SWF (then only a fingerprint comparison is meaningful). */
export function hasPathHashedNames(bytes: Uint8Array): boolean {
  const swf = readSwf(bytes);
  return swf.tags.some((tag) => tag.code === TagCode.symbolClass && PATH_HASHED.test(text(tag.body)));
}

/**
 * The tags of `built` and `committed` that differ (empty when they match): byte for byte with the build stamps
 * masked, or by fingerprint when either SWF has path-hashed names.
 */
export function builtSwfDifferences(built: Uint8Array, committed: Uint8Array): string[] {
  const fingerprint = hasPathHashedNames(built) || hasPathHashedNames(committed);
  const a = describeTags(built, fingerprint);
  const b = describeTags(committed, fingerprint);
  const differences: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) differences.push(`tag ${i}: built ${(a[i] ?? "(none)").slice(0, 120)} / committed ${(b[i] ?? "(none)").slice(0, 120)}`);
  }
  return differences;
}
