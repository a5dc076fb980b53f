#!/usr/bin/env node
/**
 * `npm test`: installs missing system packages (as root), builds, type-checks, then runs every suite:
 * - node:    jasmine specs in Node (build/test/node)
 * - browser: karma + jasmine in headless Chromium, inside a private network namespace with a veth pair when this
 *            process is root and `unshare` exists (so WebRTC traffic never leaves the namespace); directly otherwise.
 * - e2e:     jasmine in Node driving several Chromium pages (playwright-core) against a real `flashmesh serve`,
 *            in the same kind of namespace.
 * Ends with one line `N passed, N failed`, the totals of all suites.
 *
 * Options: --only node|browser|e2e
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildLibrary, buildTests, ROOT, typecheck } from "./build.mjs";
import { canUseNamespace, runNode } from "./private-network.mjs";
import { ensureSystemPackages } from "./system-deps.mjs";

const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : null;
const RESULTS = join(ROOT, "build/test-results");
/** No suite may run longer than this; a hung browser or server must not eat CI's 90 minutes. */
const SUITE_TIMEOUT_MS = 30 * 60 * 1000;

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
  { name: "e2e", args: ["scripts/run-jasmine.mjs", "--specs", "build/test/e2e"], privateNetwork: canUseNamespace() },
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
  await runNode([...suite.args, join(RESULTS, `${suite.name}.json`)], { cwd: ROOT, privateNetwork: suite.privateNetwork, timeoutMs: SUITE_TIMEOUT_MS });
  const counts = readCounts(suite.name);
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  lines.push(`${suite.name}: ${counts.passed} passed, ${counts.failed} failed`);
}
finish();
