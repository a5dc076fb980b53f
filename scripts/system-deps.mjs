#!/usr/bin/env node
/**
 * Makes sure the system packages flashmesh's build and tests use are present: Debian's `chromium` (browser tests),
 * `haxe` (builds the SWFs of the conformance fixtures and the injected proxy classes), `coturn` (the TURN spec) and
 * `redis-server` (the specs and benchmark of several nodes sharing state through Redis). Installs them with apt-get
 * when running as root; otherwise says exactly what to install. Nothing is downloaded from anywhere but Debian.
 *
 * Usage: node scripts/system-deps.mjs [chromium] [haxe] [coturn] [redis-server]   (no argument: all of them)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";

/** What each package provides, how to find it, and whether a missing one stops the caller. */
export const SYSTEM_PACKAGES = {
  chromium: { command: "chromium", why: "the browser tests (headless Chromium with real WebRTC)", required: true },
  haxe: { command: "haxe", why: "rebuilding SWF fixtures and the injected proxy classes", required: false },
  coturn: { command: "turnserver", why: "the end-to-end TURN spec (two browsers with no route between them meet through coturn)", required: false },
  "redis-server": { command: "redis-server", why: "the several-nodes specs and bench:cluster (flashmesh serve --redis)", required: false },
};

/** Path of the Chromium binary tests should use: `$CHROME_BIN` if it exists, else Debian's. */
export function chromiumPath() {
  const fromEnv = process.env.CHROME_BIN;
  return fromEnv && existsSync(fromEnv) ? fromEnv : "/usr/bin/chromium";
}

function has(command) {
  if (command === "chromium" && existsSync(chromiumPath())) return true;
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/**
 * Installs the missing packages among `names` when possible. Returns true when every required one is present
 * afterwards; prints what to do otherwise.
 */
export function ensureSystemPackages(names = Object.keys(SYSTEM_PACKAGES)) {
  const missing = names.filter((name) => !has(SYSTEM_PACKAGES[name].command));
  if (missing.length === 0) return true;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
  if (isRoot && hasApt) {
    console.log(`[flashmesh] installing Debian packages: ${missing.join(" ")}`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    try {
      execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
      execFileSync("apt-get", ["install", "-y", "-qq", ...missing], { stdio: "inherit", env });
    } catch (error) {
      console.error(`[flashmesh] apt-get failed: ${error.message}`);
    }
  }
  const stillMissing = missing.filter((name) => !has(SYSTEM_PACKAGES[name].command));
  for (const name of stillMissing) {
    const { why, required } = SYSTEM_PACKAGES[name];
    const how = hasApt ? `sudo apt-get install -y ${name}` : `install ${name} with your system's package manager`;
    console.error(`[flashmesh] ${required ? "missing" : "optional, missing"}: ${name}, needed for ${why}. Install it with: ${how}`);
  }
  return stillMissing.every((name) => !SYSTEM_PACKAGES[name].required);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const names = process.argv.slice(2);
  process.exit(ensureSystemPackages(names.length > 0 ? names : undefined) ? 0 : 1);
}
