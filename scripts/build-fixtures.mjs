#!/usr/bin/env node
/**
 * `npm run build:fixtures`: rebuilds every fixtures/<case>/case.swf from the `// Build:` line at the top of its
 * Main.hx (Haxe from Debian). With `--out <dir>` it writes there instead, for the spec that checks the committed SWFs
 * are what their sources build to.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "./build.mjs";
import { ensureSystemPackages } from "./system-deps.mjs";

/** Each case's build: its name and the haxe arguments of its `// Build:` line. */
export function fixtureBuilds() {
  const dir = join(ROOT, "fixtures");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "Main.hx")))
    .map((entry) => {
      const line = readFileSync(join(dir, entry.name, "Main.hx"), "utf8").split("\n").find((l) => l.startsWith("// Build: haxe "));
      if (line === undefined) throw new Error(`fixtures/${entry.name}/Main.hx has no "// Build: haxe …" line`);
      return { name: entry.name, args: line.slice("// Build: haxe ".length).trim().split(/\s+/) };
    });
}

/** Runs one build with the output redirected to `swf` (the `-swf` argument is replaced). */
export function buildFixture(build, swf) {
  const args = [...build.args];
  args[args.indexOf("-swf") + 1] = swf;
  execFileSync("haxe", args, { cwd: ROOT, stdio: "inherit" });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (!ensureSystemPackages(["haxe"])) process.exit(1);
  // --out <dir>: write <dir>/<case>.swf instead (the spec that checks the committed SWFs uses it).
  const at = process.argv.indexOf("--out");
  for (const build of fixtureBuilds()) {
    const out = at < 0 ? join(ROOT, "fixtures", build.name, "case.swf") : join(process.argv[at + 1], `${build.name}.swf`);
    buildFixture(build, out);
    console.log(`[flashmesh] built ${out}`);
  }
}
