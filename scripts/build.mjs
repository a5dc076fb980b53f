#!/usr/bin/env node
/**
 * Builds flashmesh with esbuild:
 * - dist/flashmesh.mjs   ESM library (`import { GroupSpecifier } from "flashmesh"`, Node or browser)
 * - dist/flashmesh-shim.mjs  the ESM plugin API (`import { installFlashmesh } from "flashmesh/shim"`)
 *                        These two are one build with shared chunks (dist/chunks/): both entries run the same modules,
 *                        so `configure()` or `inspectNetGroup()` from "flashmesh" see what "flashmesh/shim" creates.
 *                        Packages stay external (the consumer's bundler or Node resolves them; peerjs is imported
 *                        only when a WebRTC session opens).
 * - dist/flashmesh.js    minified IIFE for a `<script>` tag after Ruffle's (shim/global.ts), with its source map
 * - dist/THIRD_PARTY_NOTICES.txt  the licences of the packages bundled into dist/flashmesh.js and dist/player/
 * - dist/flashmesh-cli.mjs  the `flashmesh` command (`flashmesh serve`), run by bin/flashmesh.mjs
 * - dist/flashmesh-server.mjs  the server as a library (`flashmesh/server`: mount it in an Express app)
 * - dist/flashmesh-app-worker.mjs  a server-side application's worker thread (`flashmesh serve --apps`)
 * - dist/player/         the player page's script and style (player/, served by `flashmesh serve` at /player/)
 * - dist/types/          `.d.ts` declarations (tsc): as3-api/ for "flashmesh", shim/ for "flashmesh/shim",
 *                        shim/pageGlobals.d.ts for "flashmesh/global" (window.FlashmeshConfig, window.flashmesh)
 * and, with --tests, every spec bundled for its runner:
 * - build/test/node/     test/node + test/shared, for jasmine in Node
 * - build/test/browser/  test/browser + test/shared in one bundle (all.spec.js), for karma in Chromium
 * - build/test/e2e/      test/e2e specs (Node, driving Chromium pages with playwright-core) and, in site/, what
 *                        their server serves: the page bundles (test/e2e/pages/*.ts → <name>.js + <name>.html),
 *                        Ruffle, dist/flashmesh.js and fixtures/ (linked)
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
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
  const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const [, scriptTag, player] = await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: { flashmesh: "as3-api/index.ts", "flashmesh-shim": "shim/index.ts" },
      outdir: "dist",
      outExtension: { ".js": ".mjs" },
      chunkNames: "chunks/[name]-[hash]",
      splitting: true,
      format: "esm",
      platform: "neutral",
      packages: "external",
    }),
    esbuild.build({
      ...common,
      entryPoints: ["shim/global.ts"],
      outfile: "dist/flashmesh.js",
      format: "iife",
      platform: "browser",
      minify: true,
      metafile: true,
      banner: { js: `/*! flashmesh ${version} | MIT licence | bundled third-party code: THIRD_PARTY_NOTICES.txt */` },
    }),
    esbuild.build({ ...common, entryPoints: ["player/main.ts"], outfile: "dist/player/player.js", format: "iife", platform: "browser", metafile: true }),
    esbuild.build({ ...common, entryPoints: ["server/cli.ts"], outfile: "dist/flashmesh-cli.mjs", format: "esm", platform: "node", packages: "external" }),
    esbuild.build({ ...common, entryPoints: ["server/index.ts"], outfile: "dist/flashmesh-server.mjs", format: "esm", platform: "node", packages: "external" }),
    esbuild.build({ ...common, entryPoints: ["server/apps/workerMain.ts"], outfile: "dist/flashmesh-app-worker.mjs", format: "esm", platform: "node", packages: "external" }),
  ]);
  copyFileSync(join(ROOT, "player/player.css"), join(ROOT, "dist/player/player.css"));
  writeFileSync(join(ROOT, NOTICES_FILE), thirdPartyNotices([scriptTag.metafile, player.metafile]));
  execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
}

/** Where the licences of bundled third-party code go (shipped in the package, served beside flashmesh.js). */
export const NOTICES_FILE = "dist/THIRD_PARTY_NOTICES.txt";

/**
 * The notices text for the packages esbuild put into the given bundles (read from their metafiles): each package's
 * name, version, declared licence and licence files, as shipped in node_modules. A package's own dependencies are
 * listed too when installed, because a package's build may inline them without their notice (peerjs' ES build
 * carries eventemitter3); listing one too many is harmless, one too few is not. A package without a licence file
 * is listed with what its package.json says, and the build warns.
 */
function thirdPartyNotices(metafiles) {
  const roots = new Set();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const root = packageRoot(input);
      if (root !== null) roots.add(root);
    }
  }
  const seen = new Map();
  const visit = (root) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, root, "package.json"), "utf8"));
    if (seen.has(manifest.name)) return;
    seen.set(manifest.name, { root, manifest });
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      const nested = [join(root, "node_modules", dependency), join("node_modules", dependency)].find((dir) => existsSync(join(ROOT, dir, "package.json")));
      if (nested !== undefined) visit(nested);
    }
  };
  for (const root of [...roots].sort()) visit(root);
  const sections = [...seen.values()]
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name))
    .map(({ root, manifest }) => {
      const files = readdirSync(join(ROOT, root)).filter((file) => /^(licen[cs]e|copying|notice)(\.|$)/i.test(file)).sort();
      if (files.length === 0) console.warn(`[flashmesh] ${manifest.name} ships no licence file; the notices give its package.json licence only`);
      const texts = files.map((file) => readFileSync(join(ROOT, root, file), "utf8").trim());
      const header = `${manifest.name} ${manifest.version} (${manifest.license ?? "licence not declared"})${manifest.homepage ? ` ${manifest.homepage}` : ""}`;
      return [header, "-".repeat(header.length), ...(texts.length > 0 ? texts : ["(no licence file in the package)"])].join("\n\n");
    });
  const intro =
    "flashmesh's script-tag bundle (flashmesh.js) and player page (player/player.js) contain the following packages.\n" +
    "Their licences and copyright notices follow, as shipped with each package.";
  return [intro, ...sections].join("\n\n\n") + "\n";
}

/** The package folder (relative to ROOT) a bundled input belongs to, or null for flashmesh's own sources. */
function packageRoot(input) {
  const at = input.lastIndexOf("node_modules/");
  if (at === -1) return null;
  let dir = dirname(input);
  // The nearest package.json with a name: some packages have bare {"type": "module"} files in subfolders.
  while (dir.length > at + "node_modules".length) {
    const manifest = join(ROOT, dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name !== undefined) return dir;
    dir = dirname(dir);
  }
  return null;
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
      // The specs are imported for their side effect (registering with jasmine); package.json's "sideEffects"
      // speaks of the published dist/ files and would have esbuild drop them.
      ignoreAnnotations: true,
    }),
    esbuild.build({ ...common, entryPoints: specEntries(specsIn("test/e2e")), outdir: "build/test/e2e", format: "esm", platform: "node", packages: "external" }),
    esbuild.build({ ...common, entryPoints: e2ePages(false), outdir: E2E_SITE, format: "iife", platform: "browser" }),
    // Pages that import "flashmesh" by name get what a consumer's bundler gets: package.json's exports, i.e. dist/.
    // (tsconfig.json maps the name to the sources for the type checker, and esbuild would follow that mapping.)
    esbuild.build({ ...common, entryPoints: e2ePages(true), outdir: E2E_SITE, format: "iife", platform: "browser", tsconfigRaw: {} }),
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

/**
 * Pages of the end-to-end specs: test/e2e/pages/<name>.ts; with `byPackageName` true or false, only the pages that
 * do or do not import "flashmesh" (or "flashmesh/…") by package name.
 */
function e2ePages(byPackageName = null) {
  const dir = join(ROOT, "test/e2e/pages");
  const pages = readdirSync(dir).filter((file) => file.endsWith(".ts"));
  const chosen = byPackageName === null ? pages : pages.filter((file) => /from "flashmesh(\/[\w-]+)?"/.test(readFileSync(join(dir, file), "utf8")) === byPackageName);
  return Object.fromEntries(chosen.map((file) => [file.slice(0, -3), join("test/e2e/pages", file)]));
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
