#!/usr/bin/env node
/**
 * Runs bundled Node specs with jasmine and writes {passed, failed, skipped} to the file named by the last argument.
 * `--specs <dir>` picks the folder (default build/test/node; the end-to-end suite uses build/test/e2e; relative to
 * the project, or absolute). Exit code 0 only when every spec passed (skipped = `pending()`, counted, not failed).
 *
 * A run is a failure, not green, when (scripts/suite-verdict.mjs):
 * - it ran no spec at all (an empty or misnamed folder: Jasmine calls that "incomplete", not "failed");
 * - a spec was focused (`fit`/`fdescribe`: Jasmine runs only those and says "incomplete");
 * - fewer specs finished than were registered (excluded `xit`/`xdescribe` specs, or a run cut short).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, relative } from "node:path";
import Jasmine from "jasmine";
import { ROOT } from "./build.mjs";
import { suiteVerdict } from "./suite-verdict.mjs";

const specsAt = process.argv.indexOf("--specs");
const specOption = specsAt < 0 ? "build/test/node" : process.argv[specsAt + 1];
// Jasmine joins spec_dir onto the project folder, so an absolute folder (a runner spec's temp folder) goes relative.
const specDir = isAbsolute(specOption) ? relative(ROOT, specOption) : specOption;
const resultsFile = process.argv.length > 2 && !process.argv.at(-1).startsWith("--") && process.argv.at(-2) !== "--specs" ? process.argv.at(-1) : undefined;
const jasmine = new Jasmine({ projectBaseDir: ROOT });
jasmine.exitOnCompletion = false;
jasmine.loadConfig({
  spec_dir: specDir,
  spec_files: ["**/*.spec.js"],
  env: { random: true, stopSpecOnExpectationFailure: false },
});
jasmine.jasmine.DEFAULT_TIMEOUT_INTERVAL = 120_000;

const counts = { passed: 0, failed: 0, skipped: 0 };
const run = { registered: 0, excluded: [], overallStatus: "", incompleteReason: "" };
jasmine.addReporter({
  jasmineStarted(info) {
    run.registered = info.totalSpecsDefined;
  },
  specDone(result) {
    if (result.status === "passed") counts.passed++;
    else if (result.status === "failed") counts.failed++;
    else if (result.status === "pending") counts.skipped++;
    else run.excluded.push(result.fullName);
  },
  suiteDone(result) {
    // A failing beforeAll/afterAll fails the suite without failing a spec: count it, or it would vanish.
    if (result.status === "failed") counts.failed++;
  },
  jasmineDone(result) {
    run.overallStatus = result.overallStatus;
    run.incompleteReason = result.incompleteReason ?? "";
    if (result.overallStatus === "failed" && counts.failed === 0) counts.failed++;
  },
});

await jasmine.execute();
const problems = suiteVerdict({ ...counts, ...run });
for (const problem of problems) console.error(`[flashmesh] ${specOption}: ${problem}`);
if (problems.length > 0 && counts.failed === 0) counts.failed = 1;
if (resultsFile) {
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(counts));
}
process.exit(counts.failed === 0 ? 0 : 1);
