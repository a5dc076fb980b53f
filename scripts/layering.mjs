#!/usr/bin/env node
/**
 * The layering check: every import in the sources goes downward, as docs/architecture.md draws the house
 * (wire ← transport ← engine ← flash ← index; shim/swf stands alone; the server imports only as3-api/wire; the player
 * page uses types only). Rules are by folder, so files added to a folder are checked without a list to update; a
 * source file under no rule is itself a violation (a new folder needs its place in the plan first).
 *
 * Packages: code that runs in browsers (as3-api, shim, player, examples) imports only the package's `dependencies`
 * (what a browser-only install has) and no `node:` module; peerjs only from as3-api/transport/peerjs.ts.
 * The server may also import the optional peer dependencies (its own packages).
 *
 * `node scripts/layering.mjs` prints the violations (exit 1 when there are any); test/node/layering.spec.ts runs the
 * same check in `npm test`. No dependency: a line-oriented scan of import/export statements, comments removed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, posix, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Folders whose sources are checked. Tests, benchmarks and scripts may import anything. */
export const CHECKED_FOLDERS = ["as3-api", "shim", "server", "player", "examples"];

const STUB = "as3-api/stub.ts";
const WIRE = "as3-api/wire/";
const TRANSPORT = "as3-api/transport/";
const ENGINE = "as3-api/engine/";
const FLASH = "as3-api/flash/";
const TOPLEVEL = "as3-api/toplevel/";

/**
 * Each source path prefix (a folder ending in "/" or one file) and what its files may import: `may` for any import,
 * `typesOnly` for `import type` alone. A file follows the rule of its longest matching prefix; its own folder is
 * always allowed.
 */
export const LAYERS = [
  { from: WIRE, may: [STUB] },
  { from: TRANSPORT, may: [WIRE, STUB] },
  { from: ENGINE, may: [TRANSPORT, WIRE, STUB] },
  { from: TOPLEVEL, may: [STUB] },
  { from: FLASH, may: [ENGINE, TRANSPORT, WIRE, TOPLEVEL, "as3-api/config.ts", STUB] },
  { from: "as3-api/config.ts", may: [TRANSPORT] },
  { from: STUB, may: [] },
  { from: "as3-api/inspect.ts", may: [FLASH, ENGINE, TRANSPORT, WIRE, TOPLEVEL] },
  { from: "as3-api/index.ts", may: ["as3-api/"] },
  { from: "shim/swf/", may: [] },
  { from: "shim/proxies/", may: ["shim/swf/"] },
  { from: "shim/bridge/", may: ["shim/swf/", "shim/overlay/", "as3-api/"] },
  // The video overlay: stage → element arithmetic and <video> placement over a player element.
  { from: "shim/overlay/", may: [] },
  { from: "shim/ruffle/", may: ["shim/bridge/", "shim/swf/", "shim/proxies/", "as3-api/"] },
  { from: "shim/index.ts", may: ["shim/", "as3-api/"] },
  { from: "shim/global.ts", may: ["shim/"] },
  { from: "shim/pageGlobals.ts", may: ["shim/"] },
  { from: "server/", may: [WIRE] },
  // The player page runs against the script-tag bundle on its page (window.flashmesh), never a second copy.
  { from: "player/", may: [], typesOnly: ["as3-api/", "shim/"] },
  // Examples show the public API: the package entry only.
  { from: "examples/", may: ["as3-api/index.ts"] },
];

/** The one module allowed to import each of these packages. */
export const PACKAGE_OWNERS = { peerjs: "as3-api/transport/peerjs.ts", ioredis: "server/redis.ts" };

/** Where Node's built-in modules and the optional peer dependencies may be imported: the server only. */
const SERVER_ONLY = ["server/"];

/** The source files of `root`'s checked folders (TypeScript and JavaScript modules), relative, with "/" separators. */
export function sourceFiles(root) {
  const files = [];
  for (const folder of CHECKED_FOLDERS) {
    let entries;
    try {
      entries = readdirSync(join(root, folder), { withFileTypes: true, recursive: true });
    } catch {
      continue; // a folder this checkout does not have
    }
    for (const entry of entries) {
      if (entry.isFile() && /\.(ts|mts|mjs|js)$/.test(entry.name)) files.push(relative(root, join(entry.parentPath, entry.name)).split("\\").join("/"));
    }
  }
  return files.sort();
}

/**
 * The imports of a module's text: `{ specifier, typeOnly, line }` for static imports and re-exports, bare imports,
 * and `import("…")` (type-only when written `typeof import("…")`). Comments are removed first, so a doc comment that
 * shows an import is not one.
 */
export function importsOf(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, " ")).replace(/^\s*\/\/.*$/gm, "");
  const lineAt = (index) => code.slice(0, index).split("\n").length;
  const found = [];
  for (const match of code.matchAll(/^[ \t]*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*["']([^"']+)["']/gm)) {
    const clause = match[3].trim();
    const named = /^\{([^}]*)\}$/.exec(clause);
    const everyNameIsType = named !== null && named[1].split(",").map((name) => name.trim()).filter((name) => name !== "").every((name) => name.startsWith("type "));
    found.push({ specifier: match[4], typeOnly: match[2] !== undefined || everyNameIsType, line: lineAt(match.index) });
  }
  for (const match of code.matchAll(/^[ \t]*import\s*["']([^"']+)["']/gm)) found.push({ specifier: match[1], typeOnly: false, line: lineAt(match.index) });
  for (const match of code.matchAll(/(typeof\s+)?\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.push({ specifier: match[2], typeOnly: match[1] !== undefined, line: lineAt(match.index) });
  return found;
}

/** The rule for a source path: the one with the longest matching prefix, or undefined. */
function ruleFor(path) {
  return LAYERS.filter((rule) => path === rule.from || (rule.from.endsWith("/") && path.startsWith(rule.from))).sort((a, b) => b.from.length - a.from.length)[0];
}

const allows = (prefixes, path) => prefixes.some((prefix) => path === prefix || (prefix.endsWith("/") && path.startsWith(prefix)));

/** The package a bare specifier names ("@scope/name/sub" → "@scope/name"). */
const packageOf = (specifier) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

/** Every import in `root`'s sources that breaks the plan, as readable lines (empty when the house is in order). */
export function layeringViolations(root) {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const browserPackages = new Set([manifest.name, ...Object.keys(manifest.dependencies ?? {})]);
  const serverPackages = new Set([...browserPackages, ...Object.keys(manifest.peerDependencies ?? {})]);
  const violations = [];
  for (const file of sourceFiles(root)) {
    const rule = ruleFor(file);
    if (rule === undefined) {
      violations.push(`${file}: no layering rule covers this file (give its folder a place in docs/architecture.md and scripts/layering.mjs)`);
      continue;
    }
    // A folder's files import each other freely; a one-file rule allows only what it lists.
    const own = rule.from.endsWith("/") ? [rule.from] : [];
    for (const { specifier, typeOnly, line } of importsOf(readFileSync(join(root, file), "utf8"))) {
      const where = `${file}:${line} imports "${specifier}"`;
      if (specifier.startsWith(".")) {
        const target = posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.(m?)js$/, ".$1ts");
        if (target === file || allows([...own, ...rule.may], target) || (typeOnly && allows(rule.typesOnly ?? [], target))) continue;
        const kinds = rule.typesOnly === undefined ? "" : `; types only from ${rule.typesOnly.join(", ")}`;
        violations.push(`${where} (${target}): ${rule.from} may import only ${[...own, ...rule.may].join(", ") || "nothing of ours"}${kinds}`);
        continue;
      }
      const name = specifier.startsWith("node:") ? specifier : packageOf(specifier);
      const owner = PACKAGE_OWNERS[name];
      if (owner !== undefined && owner !== file && !typeOnly) {
        violations.push(`${where}: only ${owner} imports ${name}`);
        continue;
      }
      const serverSide = allows(SERVER_ONLY, file);
      if (typeOnly || (serverSide ? name.startsWith("node:") || serverPackages.has(name) : browserPackages.has(name))) continue;
      violations.push(
        serverSide
          ? `${where}: not a dependency or peer dependency in package.json`
          : `${where}: code that runs in browsers imports only package.json "dependencies" (what a browser-only install has), never node: modules`,
      );
    }
  }
  return violations;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const violations = layeringViolations(root);
  for (const violation of violations) console.error(violation);
  console.log(violations.length === 0 ? `[flashmesh] layering: ${sourceFiles(root).length} files, every import goes downward` : `[flashmesh] layering: ${violations.length} violation(s)`);
  process.exit(violations.length === 0 ? 0 : 1);
}
