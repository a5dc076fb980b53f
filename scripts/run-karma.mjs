#!/usr/bin/env node
/**
 * Runs the bundled browser specs (build/test/browser, or the folder after `--specs`) with karma + jasmine in headless
 * Chromium and writes {passed, failed, skipped} to the file named by the last argument. scripts/test.mjs starts this
 * inside a private network namespace when it can. FLASHMESH_KARMA_LOG=debug shows karma's own log.
 *
 * Not green (scripts/suite-verdict.mjs): no spec ran, a spec never ran (karma-jasmine reports Jasmine's "excluded",
 * the mark of a focused `fit`/`fdescribe` elsewhere or an `xit`, as "disabled"), fewer specs finished than the
 * browser announced, or the browser disconnected. `pending()` specs are counted as skipped, not as finished green.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative } from "node:path";
import { ROOT } from "./build.mjs";
import { startServerProcess } from "./server-process.mjs";
import { suiteVerdict } from "./suite-verdict.mjs";
import { chromiumPath } from "./system-deps.mjs";

const require = createRequire(import.meta.url);
const karma = require("karma");

/** Chromium flags verified on this machine kind (scripts/chromium-flags.json). */
const CHROMIUM_FLAGS = JSON.parse(readFileSync(new URL("./chromium-flags.json", import.meta.url), "utf8")).flags;

const specsAt = process.argv.indexOf("--specs");
const specOption = specsAt < 0 ? "build/test/browser" : process.argv[specsAt + 1];
// karma's file patterns are relative to basePath (the project): a runner spec's temp folder is absolute.
const specDir = isAbsolute(specOption) ? relative(ROOT, specOption) : specOption;
const resultsFile = process.argv.length > 2 && !process.argv.at(-1).startsWith("--") && process.argv.at(-2) !== "--specs" ? process.argv.at(-1) : undefined;
process.env.CHROME_BIN = chromiumPath();

// The real `flashmesh serve` (the built CLI) on a free 127.0.0.1 port, for the browser specs.
const flashmeshServe = await startServerProcess(["bin/flashmesh.mjs", "serve", "--port", "0", "--static", "none", "--log-level", "warn"], {
  cwd: ROOT,
  timeoutMs: 15_000,
});
process.on("exit", () => flashmeshServe.child.kill("SIGTERM"));
// A second one hosting the specs' server-side applications (test/apps, docs/server-apps.md).
const appsServe = await startServerProcess(["bin/flashmesh.mjs", "serve", "--port", "0", "--static", "none", "--no-player", "--log-level", "warn", "--apps", "test/apps", "--app-timeout-ms", "2000"], {
  cwd: ROOT,
  timeoutMs: 15_000,
});
process.on("exit", () => appsServe.child.kill("SIGTERM"));

const config = await karma.config.parseConfig(
  null,
  {
    basePath: ROOT,
    frameworks: ["jasmine"],
    plugins: ["karma-jasmine", "karma-chrome-launcher"],
    files: [
      { pattern: join(specDir, "**/*.spec.js"), type: "js" },
      { pattern: "dist/**/*", included: false, served: true, watched: false },
      { pattern: "fixtures/**/*", included: false, served: true, watched: false },
    ],
    browsers: ["FlashmeshChromium"],
    customLaunchers: { FlashmeshChromium: { base: "ChromeHeadless", flags: CHROMIUM_FLAGS } },
    hostname: "127.0.0.1",
    listenAddress: "127.0.0.1",
    port: 9876,
    singleRun: true,
    autoWatch: false,
    reporters: ["dots"],
    browserNoActivityTimeout: 120_000,
    captureTimeout: 60_000,
    browserDisconnectTimeout: 10_000,
    client: { jasmine: { random: false, timeoutInterval: 60_000 }, flashmesh: { serverUrl: flashmeshServe.url, appsServerUrl: appsServe.url } },
    logLevel: process.env.FLASHMESH_KARMA_LOG ?? "warn",
  },
  { promiseConfig: true, throwErrors: true },
);

const counts = { passed: 0, failed: 0, skipped: 0 };
const problems = [];
const exitCode = await new Promise((resolve) => {
  const server = new karma.Server(config, (code) => resolve(code));
  const excluded = [];
  server.on("spec_complete", (_browser, result) => {
    if (result.pending) counts.skipped++;
    else if (result.skipped) excluded.push([...result.suite, result.description].join(" "));
  });
  server.on("run_complete", (browsers, results) => {
    counts.passed = results.success;
    counts.failed = results.failed + (results.error && results.failed === 0 ? 1 : 0);
    // A run cut short (a disconnect, a spec file that stopped loading) must not look green: every spec the browser
    // announced has to have finished.
    let registered = 0;
    browsers.forEach((browser) => {
      const last = browser.lastResult;
      registered += last.total;
      if (last.disconnected || last.error) problems.push(`${browser.name}: ${last.disconnected ? "disconnected" : "error"} after ${last.success + last.failed} of ${last.total} specs`);
    });
    problems.push(...suiteVerdict({ ...counts, registered, excluded }));
  });
  server.start();
});
for (const problem of problems) console.error(`[flashmesh] ${specOption}: ${problem}`);
if (problems.length > 0 && counts.failed === 0) counts.failed = 1;
if (exitCode !== 0 && counts.failed === 0) counts.failed = 1; // the browser never ran the suite
await flashmeshServe.stop();
await appsServe.stop();
if (resultsFile) {
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(counts));
}
process.exit(counts.failed === 0 ? 0 : 1);
