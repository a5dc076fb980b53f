/**
 * bench:size — what a page downloads. Bundles small consumer programs against the built package (resolved by
 * package name through package.json's exports, as a consumer's bundler resolves them; esbuild, minified, browser):
 * GroupSpecifier alone (goal ≤ 30 KB minified), the whole library with code splitting (what loads before a session
 * opens, and the peerjs chunk loaded when one does), and the whole library in one file (the baseline of the ratios,
 * measured in the same run). Also the script-tag bundle (dist/flashmesh.js) as shipped. Sizes in bytes, gzip beside.
 * Last line: a JSON object.
 */
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const GOAL_GROUPSPECIFIER_BYTES = 30 * 1024;

interface Size {
  readonly bytes: number;
  readonly gzipBytes: number;
}

const sizeOf = (contents: Uint8Array): Size => ({ bytes: contents.length, gzipBytes: gzipSync(contents, { level: 9 }).length });
const sum = (sizes: readonly Size[]): Size => ({ bytes: sizes.reduce((n, s) => n + s.bytes, 0), gzipBytes: sizes.reduce((n, s) => n + s.gzipBytes, 0) });

/** Bundles `program`; returns the size loaded at start (the entry and the chunks it imports statically) and the rest. */
async function bundle(program: string, splitting: boolean): Promise<{ initial: Size; lazy: Size }> {
  const result = await esbuild.build({
    stdin: { contents: program, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    minify: true,
    splitting,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    outdir: "build/bench/size",
    // As a consumer: tsconfig.json's `paths` (the type checker's map of "flashmesh" to the sources) must not apply.
    tsconfigRaw: {},
    logLevel: "warning",
  });
  const byPath = new Map(result.outputFiles.map((file) => [file.path, file.contents]));
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((path) => outputs[path]!.entryPoint === "<stdin>" && path.endsWith(".js"))!;
  const initial = new Set<string>();
  const visit = (path: string): void => {
    if (initial.has(path)) return;
    initial.add(path);
    for (const imported of outputs[path]!.imports) if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
  };
  visit(entry);
  const contentsOf = (path: string): Uint8Array => [...byPath.entries()].find(([full]) => full.endsWith(path))![1];
  const js = Object.keys(outputs).filter((path) => path.endsWith(".js"));
  return {
    initial: sum(js.filter((path) => initial.has(path)).map((path) => sizeOf(contentsOf(path)))),
    lazy: sum(js.filter((path) => !initial.has(path)).map((path) => sizeOf(contentsOf(path)))),
  };
}

const groupSpecifier = await bundle('import { GroupSpecifier } from "flashmesh"; console.log(String(new GroupSpecifier("myGroup")));', false);
const wholeSplit = await bundle('import * as flashmesh from "flashmesh"; console.log(flashmesh);', true);
const wholeOneFile = await bundle('import * as flashmesh from "flashmesh"; console.log(flashmesh);', false);
const scriptTag = sizeOf(readFileSync("dist/flashmesh.js"));

const kb = (size: Size): string => `${(size.bytes / 1024).toFixed(1)} KB (gzip ${(size.gzipBytes / 1024).toFixed(1)} KB)`;
console.log(`GroupSpecifier alone:                  ${kb(groupSpecifier.initial)}   goal ≤ 30 KB`);
console.log(`whole library, split, before a session: ${kb(wholeSplit.initial)}; peerjs chunk, when one opens: ${kb(wholeSplit.lazy)}`);
console.log(`whole library in one file (baseline):   ${kb(wholeOneFile.initial)}`);
console.log(`script tag (dist/flashmesh.js):         ${kb(scriptTag)}`);
console.log(
  JSON.stringify({
    benchmark: "size",
    groupSpecifierBytes: groupSpecifier.initial.bytes,
    groupSpecifierGzipBytes: groupSpecifier.initial.gzipBytes,
    wholeLibraryBeforeSessionBytes: wholeSplit.initial.bytes,
    peerjsChunkBytes: wholeSplit.lazy.bytes,
    wholeLibraryOneFileBytes: wholeOneFile.initial.bytes,
    scriptTagBytes: scriptTag.bytes,
    scriptTagGzipBytes: scriptTag.gzipBytes,
    groupSpecifierRatio: Number((groupSpecifier.initial.bytes / wholeOneFile.initial.bytes).toFixed(3)),
    goals: { groupSpecifierBytes: GOAL_GROUPSPECIFIER_BYTES },
    met: { groupSpecifierBytes: groupSpecifier.initial.bytes <= GOAL_GROUPSPECIFIER_BYTES },
  }),
);
