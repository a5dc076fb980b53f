#!/usr/bin/env node
/**
 * `npm run build:proxies`: compiles the injected classes (shim/proxies/src, Haxe) with Debian's Haxe and packs them
 * into shim/proxies/flashmesh-proxies.abc, the committed bytes the rewriter injects (users need no Haxe). Run it after
 * changing the Haxe sources; a spec rebuilds (with --out) and compares whenever Haxe is installed.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { ROOT } from "./build.mjs";
import { ensureSystemPackages } from "./system-deps.mjs";

/** Every class in shim/proxies/src/flashmesh (a new proxy file is built without a list to update), sorted. */
function proxyClasses() {
  return readdirSync(join(ROOT, "shim/proxies/src/flashmesh"))
    .filter((file) => file.endsWith(".hx"))
    .map((file) => `flashmesh.${file.slice(0, -3)}`)
    .sort();
}

/** Haxe's command line for the proxies. */
const HAXE_ARGUMENTS = ["-cp", "shim/proxies/src", "-swf-version", "10.1", "-D", "haxe-boot", "-D", "no-traces", ...proxyClasses()];

export const PROXIES_ABC = join(ROOT, "shim/proxies/flashmesh-proxies.abc");

/** Builds the proxies and returns the packed ABC bytes. */
export async function buildProxies() {
  const work = mkdtempSync(join(tmpdir(), "flashmesh-proxies-"));
  try {
    const swf = join(work, "proxies.swf");
    execFileSync("haxe", [...HAXE_ARGUMENTS, "-swf", swf], { cwd: ROOT, stdio: "inherit" });
    const packer = join(work, "pack.mjs");
    await esbuild.build({ entryPoints: [join(ROOT, "shim/proxies/pack.ts")], bundle: true, format: "esm", platform: "node", outfile: packer, logLevel: "warning" });
    const { packProxies } = await import(pathToFileURL(packer).href);
    return packProxies(new Uint8Array(readFileSync(swf)));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (!ensureSystemPackages(["haxe"])) process.exit(1);
  // --out <file>: write elsewhere (the spec that checks the committed bytes uses it).
  const at = process.argv.indexOf("--out");
  const out = at < 0 ? PROXIES_ABC : process.argv[at + 1];
  const bytes = await buildProxies();
  writeFileSync(out, bytes);
  console.log(`[flashmesh] wrote ${out} (${bytes.length} bytes)`);
}
