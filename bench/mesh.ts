/**
 * bench:mesh — 16 real WebRTC peers (or --peers, at most 20: a page holds about 500 RTCPeerConnections) in headless
 * Chromium, through a real `flashmesh serve` on 127.0.0.1, inside a private network namespace when run as root.
 * Reports post-to-all latency p50/p99 beside the one-hop data channel latency measured in the same run. The last
 * line is a JSON object.
 *
 * Usage: npm run bench:mesh [-- --peers 16 --posts 50]
 */
import { chromium } from "playwright-core";
import flags from "../scripts/chromium-flags.json" with { type: "json" };
import { startServerProcess } from "./support/processes.js";

const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
};
const PEERS = Math.min(20, Math.max(2, argument("peers", 16)));
const POSTS = Math.min(500, argument("posts", 50));

setTimeout(() => {
  console.error("bench:mesh: hard stop after 300 s");
  process.exit(2);
}, 300_000).unref();

const server = await startServerProcess(["bin/flashmesh.mjs", "serve", "--port", "0", "--static", "build/bench/browser", "--log-level", "warn"]);
const browser = await chromium.launch({ executablePath: process.env["CHROME_BIN"] ?? "/usr/bin/chromium", args: flags.flags, headless: true });
try {
  const page = await browser.newPage();
  page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
  await page.goto(`${server.url}/mesh.html`);
  const result = await page.evaluate(
    ([url, peers, posts]) => (globalThis as unknown as { flashmeshMeshBench: (u: string, p: number, q: number) => Promise<Record<string, number>> }).flashmeshMeshBench(url, peers, posts),
    [server.url, PEERS, POSTS] as const,
  );
  const chromiumVersion = browser.version();
  console.log(JSON.stringify({ benchmark: "mesh", chromium: chromiumVersion, node: process.version, ...result, goal: { postToAllP50OverOneHopP50: 3 } }));
} finally {
  await browser.close();
  await server.stop();
}
