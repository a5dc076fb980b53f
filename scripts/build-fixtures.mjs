#!/usr/bin/env node
/**
 * `npm run build:fixtures`: rebuilds every fixtures/<case>/case.swf from the `Build:` line in its source's header
 * (`Main.hx`: Haxe from Debian; `Main.as` / `Main.mxml`: the Flex SDK's mxmlc, from the npm package `flex-sdk`,
 * installed on demand with `npm install --no-save --ignore-scripts flex-sdk@4.6.0-0` and Java 17). With `--out <dir>`
 * it writes <dir>/<case>.swf instead, for the spec that checks the committed SWFs are what their sources build to;
 * `--only haxe|mxmlc` limits it to one compiler.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "./build.mjs";

const SOURCES = ["Main.hx", "Main.as", "Main.mxml"];

/** Each case's build: name, compiler ("haxe" or "mxmlc"), and the command's words. */
export function fixtureBuilds() {
  const dir = join(ROOT, "fixtures");
  const builds = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const source = entry.isDirectory() ? SOURCES.find((file) => existsSync(join(dir, entry.name, file))) : undefined;
    if (source === undefined) continue;
    const line = readFileSync(join(dir, entry.name, source), "utf8").split("\n").find((l) => l.includes("Build: "));
    if (line === undefined) throw new Error(`fixtures/${entry.name}/${source} has no "Build: …" line`);
    const words = line.slice(line.indexOf("Build: ") + "Build: ".length).trim().split(/\s+/);
    builds.push({ name: entry.name, compiler: words[0] === "haxe" ? "haxe" : "mxmlc", words });
  }
  return builds;
}

/** Whether a compiler is here. */
export function compilerAvailable(compiler) {
  if (compiler === "haxe") return spawnSync("haxe", ["-version"]).status === 0;
  return existsSync(join(ROOT, "node_modules/flex-sdk/lib/flex_sdk/lib/mxmlc.jar")) && spawnSync("java", ["-version"]).status === 0;
}

/** Runs one build with its output sent to `swf`. */
export function buildFixture(build, swf) {
  const words = build.words.map((word) => (word.startsWith("-output=") ? `-output=${swf}` : word));
  const swfAt = words.indexOf("-swf");
  if (swfAt >= 0) words[swfAt + 1] = swf;
  execFileSync(words[0], words.slice(1), { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const option = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : null);
  const out = option("--out");
  const only = option("--only");
  for (const build of fixtureBuilds()) {
    if (only !== null && build.compiler !== only) continue;
    if (!compilerAvailable(build.compiler)) {
      console.log(`[flashmesh] skipped fixtures/${build.name}: ${build.compiler} is not installed`);
      continue;
    }
    const target = out === null ? join(ROOT, "fixtures", build.name, "case.swf") : join(out, `${build.name}.swf`);
    buildFixture(build, target);
    console.log(`[flashmesh] built ${target}`);
  }
}
