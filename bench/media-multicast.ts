/**
 * bench:media --multicast — audio/video over a multicast NetStream, 1 → 8 viewers (bench/browser/media-multicast-page.ts):
 * glass-to-glass latency (a clock drawn into the "camera", read back from each frame a viewer shows), p50 and p90 over
 * every viewer's frames, and the publisher's upload against the stream's own rate, in headless Chromium on a real
 * `flashmesh serve` on 127.0.0.1, inside a private network namespace when run as root. All the NetConnections share
 * one page (and so this machine's cores): CPU is not measured per viewer. The last line is a JSON object with the goal
 * beside each figure.
 *
 * Usage: npm run bench:media -- --multicast [--viewers 1,2,4,8] [--seconds 8]
 */
import { writeFileSync } from "node:fs";
import { chromium } from "playwright-core";
import flags from "../scripts/chromium-flags.json" with { type: "json" };
import { percentile, startServerProcess } from "./support/processes.js";

const option = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
};
const COUNTS = (option("--viewers") ?? "1,2,4,8").split(",").map((n) => Math.min(12, Math.max(1, Number(n) || 1)));
const MEASURE_MS = Math.min(60, Math.max(2, Number(option("--seconds") ?? 8) || 8)) * 1000;

setTimeout(() => {
  console.error("bench:media --multicast: hard stop after 600 s");
  process.exit(2);
}, 600_000).unref();

interface Round {
  viewers: number;
  latenciesMs: number[];
  publisherUpload: number;
  streamRate: number;
  unreadable: number;
}

writeFileSync("build/bench/browser/media-multicast.html", '<!doctype html><meta charset="utf-8"><title>bench:media multicast</title><script src="media-multicast-page.js"></script>\n');
const server = await startServerProcess(["bin/flashmesh.mjs", "serve", "--port", "0", "--static", "build/bench/browser", "--log-level", "warn"]);
const browser = await chromium.launch({ executablePath: process.env["CHROME_BIN"] ?? "/usr/bin/chromium", args: flags.flags, headless: true });
try {
  const page = await browser.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") console.error(`page: ${message.text()}`);
  });
  await page.goto(`${server.url}/media-multicast.html`);
  const rounds = await page.evaluate(
    ([url, counts, measureMs]) =>
      (globalThis as unknown as { flashmeshMulticastMediaBench: { run(u: string, c: number[], m: number): Promise<Round[]> } }).flashmeshMulticastMediaBench.run(url as string, counts as number[], measureMs as number),
    [server.url, COUNTS, MEASURE_MS] as const,
  );
  const latency: Record<string, number | string> = {};
  const latencyP90: Record<string, number | string> = {};
  const upload: Record<string, number | string> = {};
  for (const round of rounds) {
    const p50 = percentile(round.latenciesMs, 50);
    const p90 = percentile(round.latenciesMs, 90);
    const ratio = round.streamRate > 0 ? round.publisherUpload / round.streamRate : Number.NaN;
    console.error(
      `${round.viewers} viewer(s): latency p50 ${p50.toFixed(0)} ms, p90 ${p90.toFixed(0)} ms over ${round.latenciesMs.length} frames (${round.unreadable} unreadable); ` +
        `publisher upload ${(round.publisherUpload / 1024).toFixed(1)} KB/s, stream ${(round.streamRate / 1024).toFixed(1)} KB/s, ratio ${ratio.toFixed(2)}`,
    );
    latency[String(round.viewers)] = Math.round(p50);
    latencyP90[String(round.viewers)] = Math.round(p90);
    upload[String(round.viewers)] = Number(ratio.toFixed(2));
  }
  latency["goal"] = "≤ 1000 at every size";
  upload["goal"] = "≤ 2 at every size";
  console.log(JSON.stringify({ measureSeconds: MEASURE_MS / 1000, multicastLatencyP50Ms: latency, multicastLatencyP90Ms: latencyP90, publisherUploadRatio: upload }));
} finally {
  await browser.close();
  await server.stop();
}
