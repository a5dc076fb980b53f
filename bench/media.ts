/**
 * bench:media — time to the first video frame: a camera reaching a player through a flashmesh DIRECT_CONNECTIONS
 * NetStream vs one raw RTCPeerConnection pair in the same page and run (bench/browser/media-page.ts), headless
 * Chromium with its fake camera, a real `flashmesh serve` on 127.0.0.1, inside a private network namespace when run
 * as root. The last line is a JSON object with the goal beside each figure.
 *
 * Usage: npm run bench:media [-- --rounds 10]
 */
import { writeFileSync } from "node:fs";
import { chromium } from "playwright-core";
import flags from "../scripts/chromium-flags.json" with { type: "json" };
import { percentile, startServerProcess } from "./support/processes.js";

const at = process.argv.indexOf("--rounds");
const ROUNDS = Math.min(50, Math.max(1, at < 0 ? 10 : Number(process.argv[at + 1]) || 10));

setTimeout(() => {
  console.error("bench:media: hard stop after 300 s");
  process.exit(2);
}, 300_000).unref();

writeFileSync("build/bench/browser/media.html", '<!doctype html><meta charset="utf-8"><title>bench:media</title><script src="media-page.js"></script>\n');
const server = await startServerProcess(["bin/flashmesh.mjs", "serve", "--port", "0", "--static", "build/bench/browser", "--log-level", "warn"]);
const browser = await chromium.launch({ executablePath: process.env["CHROME_BIN"] ?? "/usr/bin/chromium", args: flags.flags, headless: true });
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/media.html`);
  const { flashmesh, raw } = await page.evaluate(
    ([url, rounds]) => (globalThis as unknown as { flashmeshMediaBench: { run(u: string, r: number): Promise<{ flashmesh: number[]; raw: number[] }> } }).flashmeshMediaBench.run(url as string, rounds as number),
    [server.url, ROUNDS] as const,
  );
  const p50 = { flashmesh: percentile(flashmesh, 50), raw: percentile(raw, 50) };
  console.error(`rounds ${ROUNDS}: flashmesh ${flashmesh.map((ms) => ms.toFixed(0)).join(" ")} ms; raw ${raw.map((ms) => ms.toFixed(0)).join(" ")} ms`);
  console.log(
    JSON.stringify({
      rounds: ROUNDS,
      firstFrameP50Ms: { flashmesh: Math.round(p50.flashmesh), raw: Math.round(p50.raw) },
      // flashmesh opens a data link and then a media call, both signalled through the server; raw hands its SDP over in-page.
      firstFrameRatio: { value: Number((p50.flashmesh / p50.raw).toFixed(2)), goal: "≤ 1.5" },
    }),
  );
} finally {
  await browser.close();
  await server.stop();
}
