#!/usr/bin/env node
/**
 * `npm run bench:<name>`: builds the library and bench/*.ts into build/bench/, then runs bench/<entry>.ts with the
 * remaining arguments. Each benchmark prints a JSON object as its last line.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { buildLibrary, buildTests, ROOT } from "./build.mjs";
import { canUseNamespace, runNode } from "./private-network.mjs";
import { chromiumPath, ensureSystemPackages } from "./system-deps.mjs";

/** Benchmark name → entry in bench/, and whether it runs browsers (which need Chromium and a private network). */
const BENCHMARKS = { apps: { entry: "apps" }, server: { entry: "server-load" }, cluster: { entry: "cluster-load" }, hostile: { entry: "server-hostile" }, overlay: { entry: "overlay" }, replication: { entry: "replication", browser: true }, stream: { entry: "stream" }, mesh: { entry: "mesh", browser: true }, media: { entry: "media", browser: true }, rewrite: { entry: "rewrite" }, size: { entry: "size" }, bridge: { entry: "bridge", browser: true, site: true } };
const [name, ...rest] = process.argv.slice(2);
// `bench:media -- --multicast`: the multicast media measurement, its own entry (bench/media-multicast.ts).
const benchmark = name === "media" && rest.includes("--multicast") ? { entry: "media-multicast", browser: true } : BENCHMARKS[name];
if (benchmark === undefined) {
  console.error(`usage: node scripts/bench.mjs <${Object.keys(BENCHMARKS).join("|")}> [options]`);
  process.exit(1);
}
await buildLibrary();
// bench:bridge serves the end-to-end site (Ruffle, flashmesh.js, the fixture page and SWFs).
if (benchmark.site) await buildTests();
const entries = readdirSync(join(ROOT, "bench")).filter((file) => file.endsWith(".ts")).map((file) => `bench/${file}`);
await esbuild.build({
  entryPoints: entries,
  outdir: "build/bench",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  format: "esm",
  platform: "node",
  target: "es2022",
  packages: "external",
  absWorkingDir: ROOT,
  logLevel: "warning",
});
await esbuild.build({
  entryPoints: readdirSync(join(ROOT, "bench/browser")).filter((file) => file.endsWith(".ts")).map((file) => `bench/browser/${file}`),
  outdir: "build/bench/browser",
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  absWorkingDir: ROOT,
  logLevel: "warning",
});
writeFileSync(join(ROOT, "build/bench/browser/mesh.html"), '<!doctype html><meta charset="utf-8"><title>bench:mesh</title><script src="mesh-page.js"></script>\n');
writeFileSync(join(ROOT, "build/bench/browser/replication.html"), '<!doctype html><meta charset="utf-8"><title>bench:replication</title><script src="replication-page.js"></script>\n');
if (benchmark.browser) {
  if (!ensureSystemPackages(["chromium"])) process.exit(1);
  process.env.CHROME_BIN = chromiumPath();
}
const code = await runNode([join(ROOT, `build/bench/${benchmark.entry}.mjs`), ...rest], {
  cwd: ROOT,
  privateNetwork: Boolean(benchmark.browser) && canUseNamespace(),
  timeoutMs: 60 * 60 * 1000,
});
process.exit(code);
