#!/usr/bin/env node
/**
 * `npm run bench:<name>`: builds the library and bench/*.ts into build/bench/, then runs bench/<entry>.ts with the
 * remaining arguments. Each benchmark prints a JSON object as its last line.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { buildLibrary, ROOT } from "./build.mjs";

const BENCHMARKS = { server: "server-load", overlay: "overlay" };
const [name, ...rest] = process.argv.slice(2);
const entry = BENCHMARKS[name];
if (entry === undefined) {
  console.error(`usage: node scripts/bench.mjs <${Object.keys(BENCHMARKS).join("|")}> [options]`);
  process.exit(1);
}
await buildLibrary();
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
const result = spawnSync(process.execPath, [join(ROOT, `build/bench/${entry}.mjs`), ...rest], { cwd: ROOT, stdio: "inherit" });
process.exit(result.status ?? 1);
