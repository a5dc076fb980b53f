#!/usr/bin/env node
/**
 * `npm test`: installs missing system packages (as root), builds, type-checks, then runs every suite:
 * - node:    jasmine specs in Node (build/test/node)
 * - browser: karma + jasmine in headless Chromium, inside a private network namespace with a veth pair when this
 *            process is root and `unshare` exists (so WebRTC traffic never leaves the namespace); directly otherwise.
 * Ends with one line `N passed, N failed`, the totals of all suites.
 *
 * Options: --only node|browser
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildLibrary, buildTests, ROOT, typecheck } from "./build.mjs";
import { ensureSystemPackages } from "./system-deps.mjs";

const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : null;
const RESULTS = join(ROOT, "build/test-results");
/** No suite may run longer than this; a hung browser or server must not eat CI's 90 minutes. */
const SUITE_TIMEOUT_MS = 30 * 60 * 1000;

/** Shell commands that give a fresh network namespace loopback plus a veth pair (platform notes). */
const NAMESPACE_SETUP = [
  "ip link set lo up",
  "ip link add v0 type veth peer name v1",
  "ip addr add 10.213.0.1/24 dev v0",
  "ip link set v0 up",
  "ip link set v1 up",
  "ip route add default dev v0",
].join(" && ");

function canUseNamespace() {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const has = (command) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
  return isRoot && has("unshare") && has("ip");
}

/** Runs `args` (node script and arguments), optionally inside a private network namespace; resolves its exit code. */
function run(args, { privateNetwork = false } = {}) {
  const command = privateNetwork
    ? ["unshare", ["-n", "sh", "-c", `${NAMESPACE_SETUP} && exec "$0" "$@"`, process.execPath, ...args]]
    : [process.execPath, args];
  return new Promise((resolve) => {
    const child = spawn(command[0], command[1], { cwd: ROOT, stdio: "inherit", env: process.env });
    const timer = setTimeout(() => {
      console.error(`[flashmesh] suite timed out after ${SUITE_TIMEOUT_MS / 60000} minutes: ${args.join(" ")}`);
      child.kill("SIGKILL");
    }, SUITE_TIMEOUT_MS);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

function readCounts(name) {
  const file = join(RESULTS, `${name}.json`);
  if (!existsSync(file)) return { passed: 0, failed: 1 }; // the runner died before reporting
  return JSON.parse(readFileSync(file, "utf8"));
}

const totals = { passed: 0, failed: 0 };
const lines = [];
function finish() {
  for (const line of lines) console.log(line);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exit(totals.failed === 0 ? 0 : 1);
}

const suites = [
  { name: "node", args: ["scripts/run-jasmine.mjs"], privateNetwork: false },
  { name: "browser", args: ["scripts/run-karma.mjs"], privateNetwork: canUseNamespace() },
].filter((suite) => only === null || suite.name === only);

if (!ensureSystemPackages(["chromium", "haxe"])) {
  lines.push("setup: a required system package is missing (see above)");
  totals.failed++;
  finish();
}

try {
  await buildLibrary();
  await buildTests();
  typecheck();
} catch (error) {
  console.error(`[flashmesh] build or type check failed: ${error.message ?? error}`);
  lines.push("build: failed");
  totals.failed++;
  finish();
}

rmSync(RESULTS, { recursive: true, force: true });
for (const suite of suites) {
  const where = suite.privateNetwork ? " (private network namespace)" : "";
  console.log(`\n[flashmesh] ${suite.name} suite${where}`);
  await run([...suite.args, join(RESULTS, `${suite.name}.json`)], { privateNetwork: suite.privateNetwork });
  const counts = readCounts(suite.name);
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  lines.push(`${suite.name}: ${counts.passed} passed, ${counts.failed} failed`);
}
finish();
