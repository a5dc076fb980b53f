#!/usr/bin/env node
/**
 * Runs the bundled browser specs (build/test/browser) with karma + jasmine in headless Chromium and writes
 * {passed, failed} to the file named by the first argument. scripts/test.mjs starts this inside a private network
 * namespace when it can. FLASHMESH_KARMA_LOG=debug shows karma's own log.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { ROOT } from "./build.mjs";
import { startServerProcess } from "./server-process.mjs";
import { chromiumPath } from "./system-deps.mjs";

const require = createRequire(import.meta.url);
const karma = require("karma");

/** Chromium flags verified on this machine kind (scripts/chromium-flags.json). */
const CHROMIUM_FLAGS = JSON.parse(readFileSync(new URL("./chromium-flags.json", import.meta.url), "utf8")).flags;

const resultsFile = process.argv[2];
process.env.CHROME_BIN = chromiumPath();

// The real `flashmesh serve` (the built CLI) on a free 127.0.0.1 port, for the browser specs.
const flashmeshServe = await startServerProcess(["bin/flashmesh.mjs", "serve", "--port", "0", "--static", "none", "--log-level", "warn"], {
  cwd: ROOT,
  timeoutMs: 15_000,
});
process.on("exit", () => flashmeshServe.child.kill("SIGTERM"));

const config = await karma.config.parseConfig(
  null,
  {
    basePath: ROOT,
    frameworks: ["jasmine"],
    plugins: ["karma-jasmine", "karma-chrome-launcher"],
    files: [
      { pattern: "build/test/browser/**/*.spec.js", type: "js" },
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
    client: { jasmine: { random: false, timeoutInterval: 60_000 }, flashmesh: { serverUrl: flashmeshServe.url } },
    logLevel: process.env.FLASHMESH_KARMA_LOG ?? "warn",
  },
  { promiseConfig: true, throwErrors: true },
);

const counts = { passed: 0, failed: 0 };
const exitCode = await new Promise((resolve) => {
  const server = new karma.Server(config, (code) => resolve(code));
  server.on("run_complete", (browsers, results) => {
    counts.passed = results.success;
    counts.failed = results.failed + (results.error && results.failed === 0 ? 1 : 0);
    // A run cut short (a disconnect, a spec file that stopped loading) must not look green: every spec the browser
    // announced has to have finished.
    browsers.forEach((browser) => {
      const last = browser.lastResult;
      const finished = last.success + last.failed + last.skipped;
      if (last.disconnected || last.error || finished < last.total) {
        console.error(`[flashmesh] ${browser.name}: ran ${finished} of ${last.total} specs${last.disconnected ? " (disconnected)" : ""}${last.error ? " (error)" : ""}`);
        counts.failed += Math.max(1, last.total - finished);
      }
    });
  });
  server.start();
});
if (exitCode !== 0 && counts.failed === 0) counts.failed = 1; // the browser never ran the suite
await flashmeshServe.stop();
if (resultsFile) {
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(counts));
}
process.exit(counts.failed === 0 ? 0 : 1);
