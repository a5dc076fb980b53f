/**
 * bench:bridge — the cost of one call from a SWF to flashmesh and back, in real Chromium with real Ruffle: the
 * bench-bridge fixture reads `nc.connected` 2,000 times (one ExternalInterface round trip each, through the injected
 * classes and the page's bridge) and makes 2,000 bare ExternalInterface calls for comparison. Three fresh pages;
 * medians reported. Last line: a JSON object.
 */
import { chromium } from "playwright-core";
import flags from "../scripts/chromium-flags.json" with { type: "json" };
import { sleep, startServerProcess } from "./support/processes.js";

const RUNS = 3;
setTimeout(() => {
  console.error("bench:bridge: hard stop after 180 s");
  process.exit(2);
}, 180_000).unref();

const server = await startServerProcess(["bin/flashmesh.mjs", "serve", "--port", "0", "--static", "build/test/e2e/site", "--log-level", "warn"]);
const browser = await chromium.launch({ executablePath: process.env["CHROME_BIN"] ?? "/usr/bin/chromium", args: flags.flags, headless: true });
const bridgeUs: number[] = [];
const bareUs: number[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage();
    await page.goto(`${server.url}/fixture.html?swf=fixtures/bench-bridge/case.swf`);
    let line: string | undefined;
    for (let waited = 0; line === undefined && waited < 60_000; waited += 100) {
      await sleep(100);
      const traces = await page.evaluate(() => (globalThis as unknown as { fixture: { traces: string[] } }).fixture.traces);
      line = traces.find((t) => t.startsWith("bridge "));
    }
    if (line === undefined) throw new Error("the bench SWF printed nothing in 60 s");
    const [, calls, bridgeMs, , , bareMs] = line.split(" ").map(Number) as number[];
    bridgeUs.push((bridgeMs! * 1000) / calls!);
    bareUs.push((bareMs! * 1000) / calls!);
    console.log(`run ${run + 1}: ${line}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const result = { benchmark: "bridge", calls: 2000, bridgeRoundTripUs: Number(median(bridgeUs).toFixed(1)), bareExternalInterfaceUs: Number(median(bareUs).toFixed(1)) };
console.log(`bridge round trip ${result.bridgeRoundTripUs} µs (bare ExternalInterface call ${result.bareExternalInterfaceUs} µs)`);
console.log(JSON.stringify(result));
