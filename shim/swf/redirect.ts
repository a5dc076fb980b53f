/**
 * Moves classes to another package in an ABC, by editing only its constant pool: the namespace of every QName that
 * names one of the classes, and the namespace set of every Multiname that can find one (compilers reference a class
 * both ways, platform notes). Entries keep their indices, so method bodies, traits and every other index stay valid.
 * Used to point a SWF's `flash.net::NetGroup` at `flashmesh::NetGroup`, and to move the Haxe runtime classes of the
 * injected code out of the way of the SWF's own.
 */
import { NamespaceKind, stringAt, type AbcFile, type AbcNamespace } from "./abc.js";

/** `"package::Name"` → new package. */
export type ClassMoves = ReadonlyMap<string, string>;

/** Package the redirected classes move to: the injected proxies'. */
export const PROXY_PACKAGE = "flashmesh";

/** What the rewrite pass redirects: class moves, and the class names as strings with their new text. */
export interface Redirects {
  /** The redirected classes, as `"package::Name"`. */
  readonly classes: readonly string[];
  readonly moves: ClassMoves;
  /** `"flash.net.NetGroup"` and `"flash.net::NetGroup"` (for `getDefinitionByName`) → the same names in flashmesh. */
  readonly nameStrings: ReadonlyMap<string, string>;
  /** A cheap filter before decoding a pool string: the byte lengths and first bytes of the names above. */
  readonly nameFilter: { readonly shortest: number; readonly longest: number; readonly firstBytes: ReadonlySet<number> };
  /**
   * Classes moved only in SWFs the classes above made flashmesh's (`flash.media::Video`: a SWF whose only such class
   * is Video keeps the player's own), as moves.
   */
  readonly followers: ClassMoves;
  /** Member names renamed in rewritten SWFs (see {@link renameMembers}). */
  readonly memberRenames: MemberRenames;
}

/** The redirects of `classes` (`"flash.net::NetGroup"`, …) to {@link PROXY_PACKAGE}. */
export function redirectsFor(classes: readonly string[], followers: readonly string[] = [], memberRenames: MemberRenames = new Map()): Redirects {
  const moves = new Map<string, string>();
  const nameStrings = new Map<string, string>();
  for (const qualified of classes) {
    const at = qualified.indexOf("::");
    if (at <= 0) throw new Error(`not a qualified class name: ${qualified}`);
    const pkg = qualified.slice(0, at);
    const name = qualified.slice(at + 2);
    moves.set(qualified, PROXY_PACKAGE);
    nameStrings.set(`${pkg}.${name}`, `${PROXY_PACKAGE}.${name}`);
    nameStrings.set(qualified, `${PROXY_PACKAGE}::${name}`);
  }
  const encoded = [...nameStrings.keys()].map((text) => new TextEncoder().encode(text));
  const nameFilter = {
    shortest: Math.min(...encoded.map((bytes) => bytes.length)),
    longest: Math.max(...encoded.map((bytes) => bytes.length)),
    firstBytes: new Set(encoded.map((bytes) => bytes[0]!)),
  };
  const followerMoves = new Map(followers.map((qualified) => [qualified, PROXY_PACKAGE] as const));
  return { classes: [...classes], moves, nameStrings, nameFilter, followers: followerMoves, memberRenames };
}

/** Index of string `text` in the pool, added when missing. */
function internString(abc: AbcFile, text: string): number {
  const bytes = new TextEncoder().encode(text);
  const pool = abc.pool.strings;
  for (let i = 0; i < pool.length; i++) {
    const entry = pool[i]!;
    if (entry.length === bytes.length && entry.every((b, j) => b === bytes[j])) return i + 1;
  }
  pool.push(bytes);
  return pool.length;
}

/** Index of the QName `pkg::name` (a public package namespace), added when missing. */
export function internQName(abc: AbcFile, pkg: string, name: string): number {
  const ns = internNamespace(abc, NamespaceKind.package, pkg);
  const nameIndex = internString(abc, name);
  const found = abc.pool.multinames.findIndex((multiname) => multiname.kind === 0x07 && multiname.ns === ns && multiname.name === nameIndex);
  if (found >= 0) return found + 1;
  abc.pool.multinames.push({ kind: 0x07, ns, name: nameIndex });
  return abc.pool.multinames.length;
}

/** Index of a namespace (kind, name), added when missing. */
function internNamespace(abc: AbcFile, kind: number, name: string): number {
  const nameIndex = internString(abc, name);
  const found = abc.pool.namespaces.findIndex((ns) => ns.kind === kind && ns.name === nameIndex);
  if (found >= 0) return found + 1;
  abc.pool.namespaces.push({ kind, name: nameIndex });
  return abc.pool.namespaces.length;
}

function isPackage(ns: AbcNamespace | undefined): ns is AbcNamespace {
  return ns !== undefined && (ns.kind === NamespaceKind.package || ns.kind === NamespaceKind.packageInternal);
}

/**
 * Applies `moves` to `abc` in place; returns how many multinames changed (0: the ABC does not reference any of the
 * classes, and is left as it was).
 */
export function moveClasses(abc: AbcFile, moves: ClassMoves): number {
  const pool = abc.pool;
  // Which names matter at all, to skip the work for unrelated multinames.
  const names = new Set([...moves.keys()].map((key) => key.slice(key.indexOf("::") + 2)));
  const packageOf = (nsIndex: number): string | null => {
    const ns = pool.namespaces[nsIndex - 1];
    return isPackage(ns) ? stringAt(pool, ns.name) : null;
  };
  const setCache = new Map<string, number>();
  let changed = 0;
  for (const multiname of pool.multinames) {
    if (!("name" in multiname) || multiname.name === 0) continue;
    const name = stringAt(pool, multiname.name);
    if (!names.has(name)) continue;
    if (multiname.kind === 0x07 || multiname.kind === 0x0d) {
      const pkg = packageOf(multiname.ns);
      const target = pkg === null ? undefined : moves.get(`${pkg}::${name}`);
      if (target === undefined) continue;
      multiname.ns = internNamespace(abc, pool.namespaces[multiname.ns - 1]!.kind, target);
      changed++;
    } else if (multiname.kind === 0x09 || multiname.kind === 0x0e) {
      const set = pool.nsSets[multiname.nsSet - 1];
      if (set === undefined) continue;
      let replaced = false;
      const next = set.map((nsIndex) => {
        const pkg = packageOf(nsIndex);
        const target = pkg === null ? undefined : moves.get(`${pkg}::${name}`);
        if (target === undefined) return nsIndex;
        replaced = true;
        return internNamespace(abc, pool.namespaces[nsIndex - 1]!.kind, target);
      });
      if (!replaced) continue;
      // One new set per distinct result, shared by every multiname that needs it.
      const key = next.join(",");
      let index = setCache.get(key);
      if (index === undefined) {
        pool.nsSets.push(next);
        index = pool.nsSets.length;
        setCache.set(key, index);
      }
      multiname.nsSet = index;
      changed++;
    }
  }
  return changed;
}

/** The classes an ABC defines, as `"package::Name"` (instance names that are package QNames). */
export function definedClasses(abc: AbcFile): string[] {
  const pool = abc.pool;
  const found: string[] = [];
  for (const instance of abc.instances) {
    const multiname = pool.multinames[instance.name - 1];
    if (multiname === undefined || (multiname.kind !== 0x07 && multiname.kind !== 0x0d)) continue;
    const ns = pool.namespaces[multiname.ns - 1];
    if (isPackage(ns)) found.push(`${stringAt(pool, ns.name)}::${stringAt(pool, multiname.name)}`);
  }
  return found;
}

/** Member name → new name (`"attachCamera"` → `"__fmAttachCamera"`). */
export type MemberRenames = ReadonlyMap<string, string>;

/**
 * Renames members in place: every multiname whose name is one of `renames`' keys gets the new name (a string added
 * to the pool; the old string stays for any other use, such as a `pushstring`). A SWF's calls and its own
 * definitions of that name move together. Used where a proxy cannot override a player method because the player
 * types its parameter with a class the proxy's arguments are not (`NetStream.attachCamera(theCamera:Camera)`, and
 * Ruffle's Camera is final): the calls then reach the proxy's own method. Returns how many multinames changed.
 */
export function renameMembers(abc: AbcFile, renames: MemberRenames): number {
  const pool = abc.pool;
  const targets = new Map<number, number>();
  // A cheap filter before decoding: only strings as long as a renamed name can be one (names are ASCII).
  const lengths = [...renames.keys()].map((name) => name.length);
  const [shortest, longest] = [Math.min(...lengths), Math.max(...lengths)];
  pool.strings.forEach((bytes, i) => {
    if (bytes.length < shortest || bytes.length > longest) return;
    const renamed = renames.get(new TextDecoder().decode(bytes));
    if (renamed !== undefined) targets.set(i + 1, internString(abc, renamed));
  });
  if (targets.size === 0) return 0;
  let changed = 0;
  for (const multiname of pool.multinames) {
    if (!("name" in multiname)) continue;
    const target = targets.get(multiname.name);
    if (target === undefined) continue;
    multiname.name = target;
    changed++;
  }
  return changed;
}
