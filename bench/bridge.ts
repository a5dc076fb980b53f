/**
 * bench:bridge — the cost of one call from a SWF to flashmesh and back, in real Chromium with real Ruffle: the
 * bench-bridge fixture reads `nc.connected` 2,000 times (one ExternalInterface round trip each, through the injected
 * classes and the page's bridge) and makes 2,000 bare ExternalInterface calls for comparison. Then application values
 * as AMF3: a 16 KB typed object and a 64 KB ByteArray sent 20 times each with sendToNearest to the SWF's own address
 * (writeObject in AS3 → page → group → SWF → readObject: a full round trip), and posted 20 times each (SWF → page,
 * messageID), beside the baseline in the same run: base64 of 64 KB in an AS3 loop. Three fresh pages; medians
 * reported. Last line: a JSON object, the goal beside each figure.
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
const base64MBps: number[] = [];
const values = new Map<string, { size: number; us: number }[]>();
const value = (name: string): { size: number; us: number }[] => values.get(name) ?? values.set(name, []).get(name)!;
try {
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage();
    await page.goto(`${server.url}/fixture.html?swf=fixtures/bench-bridge/case.swf`);
    let traces: string[] = [];
    for (let waited = 0; !traces.includes("done") && waited < 120_000; waited += 100) {
      await sleep(100);
      traces = await page.evaluate(() => (globalThis as unknown as { fixture: { traces: string[] } }).fixture.traces);
    }
    if (!traces.includes("done")) throw new Error(`the bench SWF did not finish in 120 s: ${JSON.stringify(traces)}`);
    const line = traces.find((t) => t.startsWith("bridge "))!;
    const [, calls, bridgeMs, , , bareMs] = line.split(" ").map(Number) as number[];
    bridgeUs.push((bridgeMs! * 1000) / calls!);
    bareUs.push((bareMs! * 1000) / calls!);
    for (const trace of traces) {
      const [what, kind, size, rounds, first, second] = trace.split(" ");
      if (what === "base64loop") base64MBps.push(Number(kind) / 1e6 / (Number(size) / 1000));
      if (what === "post") value(`post${kind}`).push({ size: Number(size), us: (Number(first) * 1000) / Number(rounds) });
      if (what === "roundtrip") value(`roundtrip${kind}`).push({ size: Number(size), us: (Number(second) * 1000) / Number(rounds) });
    }
    console.log(`run ${run + 1}: ${traces.filter((t) => /^(bridge|base64loop|post|roundtrip) /.test(t)).join(" | ")}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** Median time of one transfer and its throughput (AMF3 bytes / time). */
const figure = (name: string): { bytes: number; us: number; MBps: number } => {
  const runs = values.get(name) ?? [];
  const us = median(runs.map((r) => r.us));
  const bytes = runs[0]?.size ?? 0;
  return { bytes, us: Math.round(us), MBps: Number((bytes / us).toFixed(2)) };
};
const roundTripTyped = figure("roundtriptyped");
const roundTripBytes = figure("roundtripbytes");
const baseline = Number(median(base64MBps).toFixed(2));
const result = {
  benchmark: "bridge",
  calls: 2000,
  bridgeRoundTripUs: Number(median(bridgeUs).toFixed(1)),
  bareExternalInterfaceUs: Number(median(bareUs).toFixed(1)),
  roundTripTyped16k: { ...roundTripTyped, goalMBps: 20 },
  roundTripByteArray64k: { ...roundTripBytes, goalMBps: 20, timesBase64Loop: Number((roundTripBytes.MBps / baseline).toFixed(1)) },
  postTyped16k: figure("posttyped"),
  postByteArray64k: figure("postbytes"),
  base64LoopMBps: baseline,
};
console.log(`bridge round trip ${result.bridgeRoundTripUs} µs (bare ExternalInterface call ${result.bareExternalInterfaceUs} µs)`);
console.log(`16 KB typed object round trip ${roundTripTyped.us} µs = ${roundTripTyped.MBps} MB/s; 64 KB ByteArray ${roundTripBytes.us} µs = ${roundTripBytes.MBps} MB/s (goal 20); AS3 base64 loop alone ${baseline} MB/s`);
console.log(JSON.stringify(result));
