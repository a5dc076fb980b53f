#!/usr/bin/env node
/**
 * `npm test`: installs missing system packages (as root), builds, type-checks, then runs every suite:
 * - node:    jasmine specs in Node (build/test/node)
 * - browser: karma + jasmine in headless Chromium, inside a private network namespace with a veth pair when this
 *            process is root and `unshare` exists (so WebRTC traffic never leaves the namespace); directly otherwise.
 * - e2e:     jasmine in Node driving several Chromium pages (playwright-core) against a real `flashmesh serve`,
 *            in the same kind of namespace.
 * Prints one line per suite, then as the very last line `N passed, N failed, N skipped`, the totals of all suites
 * (skipped: specs that called `pending()`, e.g. a rebuild check whose compiler is not installed). A suite that ran no
 * spec, had a focused spec or finished fewer specs than it registered counts as failed (scripts/suite-verdict.mjs).
 *
 * Options: --only node|browser|e2e (any other name is an error)
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildLibrary, buildTests, ROOT, typecheck } from "./build.mjs";
import { canUseNamespace, runNode } from "./private-network.mjs";
import { ensureSystemPackages } from "./system-deps.mjs";

const SUITE_NAMES = ["node", "browser", "e2e"];
const only = process.argv.includes("--only") ? (process.argv[process.argv.indexOf("--only") + 1] ?? "") : null;
if (only !== null && !SUITE_NAMES.includes(only)) {
  console.error(`[flashmesh] --only takes one of ${SUITE_NAMES.join(", ")}, not "${only}"`);
  process.exit(2);
}
const RESULTS = join(ROOT, "build/test-results");
/** No suite may run longer than this; a hung browser or server must not eat CI's 90 minutes. */
const SUITE_TIMEOUT_MS = 30 * 60 * 1000;

function readCounts(name) {
  const file = join(RESULTS, `${name}.json`);
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 }; // the runner died before reporting
  const counts = JSON.parse(readFileSync(file, "utf8"));
  return { passed: counts.passed, failed: counts.failed, skipped: counts.skipped ?? 0 };
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
function finish() {
  for (const line of lines) console.log(line);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(totals.failed === 0 ? 0 : 1);
}

const suites = [
  { name: "node", args: ["scripts/run-jasmine.mjs"], privateNetwork: false },
  { name: "browser", args: ["scripts/run-karma.mjs"], privateNetwork: canUseNamespace() },
  { name: "e2e", args: ["scripts/run-jasmine.mjs", "--specs", "build/test/e2e"], privateNetwork: canUseNamespace() },
].filter((suite) => only === null || suite.name === only);

if (!ensureSystemPackages(["chromium", "haxe", "coturn", "redis-server"])) {
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
  const exitCode = await runNode([...suite.args, join(RESULTS, `${suite.name}.json`)], { cwd: ROOT, privateNetwork: suite.privateNetwork, timeoutMs: SUITE_TIMEOUT_MS });
  const counts = readCounts(suite.name);
  // A runner that exits non-zero has failed, whatever its file says (it may have been killed after writing it).
  if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
  // The runners apply the same rule; checked again here so a runner that wrote an empty run cannot pass.
  if (counts.passed + counts.failed === 0) counts.failed = 1;
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  lines.push(`${suite.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}
finish();
