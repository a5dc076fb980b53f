#!/usr/bin/env node
/**
 * Runs bundled Node specs with jasmine and writes {passed, failed} to the file named by the last argument.
 * `--specs <dir>` picks the folder (default build/test/node; the end-to-end suite uses build/test/e2e).
 * Exit code 0 only when every spec passed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import Jasmine from "jasmine";
import { ROOT } from "./build.mjs";

const specsAt = process.argv.indexOf("--specs");
const specDir = specsAt < 0 ? "build/test/node" : process.argv[specsAt + 1];
const resultsFile = process.argv.length > 2 && !process.argv.at(-1).startsWith("--") && process.argv.at(-2) !== "--specs" ? process.argv.at(-1) : undefined;
const jasmine = new Jasmine({ projectBaseDir: ROOT });
jasmine.exitOnCompletion = false;
jasmine.loadConfig({
  spec_dir: specDir,
  spec_files: ["**/*.spec.js"],
  env: { random: true, stopSpecOnExpectationFailure: false },
});
jasmine.jasmine.DEFAULT_TIMEOUT_INTERVAL = 120_000;

const counts = { passed: 0, failed: 0 };
jasmine.addReporter({
  specDone(result) {
    if (result.status === "passed") counts.passed++;
    else if (result.status === "failed") counts.failed++;
  },
  suiteDone(result) {
    // A failing beforeAll/afterAll fails the suite without failing a spec: count it, or it would vanish.
    if (result.status === "failed") counts.failed++;
  },
  jasmineDone(result) {
    if (result.overallStatus === "failed" && counts.failed === 0) counts.failed++;
  },
});

await jasmine.execute();
if (resultsFile) {
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(counts));
}
process.exit(counts.failed === 0 ? 0 : 1);
