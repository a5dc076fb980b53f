#!/usr/bin/env node
/**
 * Builds flashmesh with esbuild:
 * - dist/flashmesh.mjs   ESM library (`import { GroupSpecifier } from "flashmesh"`, Node or browser)
 * - dist/flashmesh.js    IIFE for a `<script>` tag after Ruffle's (shim/global.ts)
 * - dist/flashmesh-shim.mjs  the ESM plugin API (`import { installFlashmesh } from "flashmesh/shim"`)
 * - dist/flashmesh-cli.mjs  the `flashmesh` command (`flashmesh serve`), run by bin/flashmesh.mjs
 * - dist/player/         the player page's script and style (player/, served by `flashmesh serve` at /player/)
 * - dist/types/          `.d.ts` declarations (tsc): as3-api/ for "flashmesh", shim/ for "flashmesh/shim"
 * and, with --tests, every spec bundled for its runner:
 * - build/test/node/     test/node + test/shared, for jasmine in Node
 * - build/test/browser/  test/browser + test/shared in one bundle (all.spec.js), for karma in Chromium
 * - build/test/e2e/      test/e2e specs (Node, driving Chromium pages with playwright-core) and, in site/, what
 *                        their server serves: the page bundles (test/e2e/pages/*.ts → <name>.js + <name>.html),
 *                        Ruffle, dist/flashmesh.js and fixtures/ (linked)
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

const common = { bundle: true, target: "es2022", sourcemap: true, logLevel: "warning", absWorkingDir: ROOT, loader: { ".abc": "binary" } };

/** Spec files (`*.spec.ts`) under `dir`, recursively. */
function specsIn(dir) {
  const found = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".spec.ts")) found.push(relative(ROOT, join(entry.parentPath, entry.name)));
  }
  return found.sort();
}

/** Output name of a spec: its folder and name, so test/shared/x.spec.ts and test/node/x.spec.ts never collide. */
function specEntries(files) {
  return Object.fromEntries(files.map((file) => [file.replace(/^test\//, "").replace(/\.ts$/, "").replaceAll("/", "__"), file]));
}

/** Builds the library bundles and type declarations into dist/. */
export async function buildLibrary() {
  rmSync(join(ROOT, "dist"), { recursive: true, force: true });
  await Promise.all([
    esbuild.build({ ...common, entryPoints: ["as3-api/index.ts"], outfile: "dist/flashmesh.mjs", format: "esm", platform: "neutral", packages: "external" }),
    esbuild.build({ ...common, entryPoints: ["shim/global.ts"], outfile: "dist/flashmesh.js", format: "iife", platform: "browser" }),
    esbuild.build({ ...common, entryPoints: ["shim/index.ts"], outfile: "dist/flashmesh-shim.mjs", format: "esm", platform: "browser", packages: "external" }),
    esbuild.build({ ...common, entryPoints: ["player/main.ts"], outfile: "dist/player/player.js", format: "iife", platform: "browser" }),
    esbuild.build({ ...common, entryPoints: ["server/cli.ts"], outfile: "dist/flashmesh-cli.mjs", format: "esm", platform: "node", packages: "external" }),
  ]);
  copyFileSync(join(ROOT, "player/player.css"), join(ROOT, "dist/player/player.css"));
  execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
}

/** Bundles every spec for the Node and browser runners into build/test/. */
export async function buildTests() {
  rmSync(join(ROOT, "build/test"), { recursive: true, force: true });
  const shared = specsIn("test/shared");
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: specEntries([...specsIn("test/node"), ...shared]),
      outdir: "build/test/node",
      format: "esm",
      platform: "node",
      packages: "external",
    }),
    // One bundle for every browser spec: the page registers all of them in one script, or none. (With one script
    // per spec file, karma runs sometimes started with only the first files registered and reported the rest as
    // never having existed.)
    esbuild.build({
      ...common,
      stdin: {
        contents: [...specsIn("test/browser"), ...shared].map((file) => `import "./${file}";`).join("\n"),
        resolveDir: ROOT,
        sourcefile: "browser-specs.ts",
        loader: "ts",
      },
      outfile: "build/test/browser/all.spec.js",
      format: "iife",
      platform: "browser",
    }),
    esbuild.build({ ...common, entryPoints: specEntries(specsIn("test/e2e")), outdir: "build/test/e2e", format: "esm", platform: "node", packages: "external" }),
    esbuild.build({ ...common, entryPoints: e2ePages(), outdir: E2E_SITE, format: "iife", platform: "browser" }),
  ]);
  buildE2eSite();
}

/** Where the end-to-end specs' `flashmesh serve` serves from: the pages, Ruffle, the script-tag bundle, fixtures. */
export const E2E_SITE = "build/test/e2e/site";

/**
 * Writes each page's HTML (the scripts a page needs before its own bundle are named in its first line:
 * `// scripts: ruffle/ruffle.js flashmesh.js`) and links Ruffle, dist/flashmesh.js and fixtures/ into the site.
 */
function buildE2eSite() {
  const site = join(ROOT, E2E_SITE);
  mkdirSync(site, { recursive: true });
  for (const [name, source] of Object.entries(e2ePages())) {
    const first = readFileSync(join(ROOT, source), "utf8").split("\n")[0] ?? "";
    const before = first.startsWith("// scripts:") ? first.slice("// scripts:".length).trim().split(/\s+/) : [];
    const scripts = [...before, `${name}.js`].map((src) => `<script src="${src}"></script>`).join("");
    writeFileSync(join(site, `${name}.html`), `<!doctype html><meta charset="utf-8"><title>${name}</title><body>${scripts}</body>\n`);
  }
  const links = { ruffle: "node_modules/@ruffle-rs/ruffle", "flashmesh.js": "dist/flashmesh.js", "flashmesh.js.map": "dist/flashmesh.js.map", fixtures: "fixtures" };
  for (const [name, target] of Object.entries(links)) {
    rmSync(join(site, name), { force: true, recursive: false });
    symlinkSync(join(ROOT, target), join(site, name));
  }
}

/** Pages of the end-to-end specs: test/e2e/pages/<name>.ts. */
function e2ePages() {
  const dir = join(ROOT, "test/e2e/pages");
  return Object.fromEntries(readdirSync(dir).filter((file) => file.endsWith(".ts")).map((file) => [file.slice(0, -3), join("test/e2e/pages", file)]));
}

/** Type-checks everything (sources, specs, scripts' TypeScript) with the strict settings of tsconfig.json. */
export function typecheck() {
  execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: ROOT, stdio: "inherit" });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await buildLibrary();
  if (process.argv.includes("--tests")) await buildTests();
  console.log(`[flashmesh] built ${basename(ROOT)}/dist${process.argv.includes("--tests") ? " and build/test" : ""}`);
}
