/**
 * bench:mesh — 16 real WebRTC peers (or --peers, 2 to 20), each in its own headless Chromium page, through a real
 * `flashmesh serve` on 127.0.0.1, inside a private network namespace when run as root. Reports post-to-all latency
 * p50/p99 beside the one-hop latency (a directed message to a neighbour) measured in the same run. The last line is
 * a JSON object.
 *
 * It runs twice, each time with fresh pages and group: as is (on loopback a hop is about 1 ms, nearly all processing),
 * then with every link delaying what it sends by `--delay` ms plus up to `--jitter` ms, and treating a `--loss`
 * fraction of frames as lost and retransmitted (one more round trip late, order kept), applied where frames enter
 * the data channel (PeerJSTransportOptions.linkConditions): a real network's hop, for the post-to-all ÷ one-hop ratio.
 *
 * Usage: npm run bench:mesh [-- --peers 16 --posts 50 --delay 20 --jitter 5 --loss 0.005]
 */
import { chromium, type Page } from "playwright-core";
import flags from "../scripts/chromium-flags.json" with { type: "json" };
import type { LinkConditions } from "../as3-api/transport/links.js";
import type { Receipt } from "./browser/mesh-page.js";
import { percentile, sleep, startServerProcess } from "./support/processes.js";

const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
};
const PEERS = Math.min(20, Math.max(2, argument("peers", 16)));
const POSTS = Math.min(500, Math.max(1, argument("posts", 50)));
const CONDITIONS: LinkConditions = {
  latencyMs: Math.min(500, Math.max(0, argument("delay", 20))),
  jitterMs: Math.min(500, Math.max(0, argument("jitter", 5))),
  loss: Math.min(0.5, Math.max(0, argument("loss", 0.005))),
};

setTimeout(() => {
  console.error("bench:mesh: hard stop after 600 s");
  process.exit(2);
}, 600_000).unref();

type PeerApi = {
  start(url: string, group: string, conditions: LinkConditions | null): Promise<{ peerId: string; address: string }>;
  neighbours(): { peerId: string; address: string }[];
  post(seq: number): void;
  sendTo(address: string, seq: number): string;
  takeReceipts(): Receipt[];
};
const call = <R>(page: Page, method: keyof PeerApi, ...args: unknown[]): Promise<R> =>
  page.evaluate(
    ([name, rest]) => (globalThis as unknown as { flashmeshMeshPeer: Record<string, (...a: unknown[]) => unknown> }).flashmeshMeshPeer[name as string]!(...(rest as unknown[])),
    [method, args] as const,
  ) as Promise<R>;

const server = await startServerProcess(["bin/flashmesh.mjs", "serve", "--port", "0", "--static", "build/bench/browser", "--log-level", "warn"]);
const browser = await chromium.launch({ executablePath: process.env["CHROME_BIN"] ?? "/usr/bin/chromium", args: flags.flags, headless: true });

/** One run: PEERS fresh pages in a group of their own, links under `conditions` (null: as they are). */
async function measure(conditions: LinkConditions | null, group: string): Promise<Record<string, number>> {
  const oneHopPhase: Receipt[] = [];
  const pages: Page[] = [];
  try {
    const identities: { peerId: string; address: string }[] = [];
    for (let i = 0; i < PEERS; i++) {
      const page = await browser.newPage();
      page.on("pageerror", (error) => console.error(`page ${i}: ${error.message}`));
      pages.push(page);
      await page.goto(`${server.url}/mesh.html`);
      identities.push(await call(page, "start", server.url, group, conditions));
    }
    const order = identities.map((identity, index) => ({ ...identity, index })).sort((a, b) => (a.address < b.address ? -1 : 1));
    const started = Date.now();
    let neighbourLists: { peerId: string; address: string }[][] = [];
    for (;;) {
      neighbourLists = await Promise.all(pages.map((page) => call<{ peerId: string; address: string }[]>(page, "neighbours")));
      const closed = order.every((member, i) => neighbourLists[member.index]!.some((n) => n.peerId === order[(i + 1) % order.length]!.peerId));
      if (closed) break;
      if (Date.now() - started > 60_000) throw new Error("the ring did not close within 60 s");
      await sleep(200);
    }
    const ringClosedMs = Date.now() - started;
    await sleep(2000);

    for (let i = 0; i < 200; i++) {
      const from = Math.floor(Math.random() * PEERS);
      const neighbours = neighbourLists[from]!;
      await call(pages[from]!, "sendTo", neighbours[Math.floor(Math.random() * neighbours.length)]!.address, i);
      await sleep(5);
    }
    for (let p = 0; p < 5; p++) {
      await call(pages[p % PEERS]!, "post", -1 - p);
      await sleep(100);
    }
    await sleep(1000);
    await Promise.all(pages.map((page) => call(page, "takeReceipts").then((list) => oneHopPhase.push(...(list as Receipt[])))));
    for (let p = 0; p < POSTS; p++) {
      await call(pages[Math.floor(Math.random() * PEERS)]!, "post", p);
      await sleep(100);
    }
    await sleep(2000);
    const receipts = (await Promise.all(pages.map((page) => call<Receipt[]>(page, "takeReceipts")))).flat();
    const oneHop = oneHopPhase.filter((receipt) => receipt.kind === "direct").map((receipt) => receipt.latencyMs);
    const posts = receipts.filter((receipt) => receipt.kind === "post");
    const bySeq = new Map<number, number[]>();
    for (const receipt of posts) bySeq.set(receipt.seq, [...(bySeq.get(receipt.seq) ?? []), receipt.latencyMs]);
    const toAll = [...bySeq.values()].filter((list) => list.length === PEERS - 1).map((list) => Math.max(...list));
    return {
      ringClosedMs,
      neighboursMean: neighbourLists.reduce((sum, list) => sum + list.length, 0) / PEERS,
      oneHopSamples: oneHop.length,
      oneHopP50Ms: percentile(oneHop, 50),
      oneHopP99Ms: percentile(oneHop, 99),
      postsDeliveredToAll: toAll.length,
      postDeliveryP50Ms: percentile(posts.map((receipt) => receipt.latencyMs), 50),
      postDeliveryP99Ms: percentile(posts.map((receipt) => receipt.latencyMs), 99),
      postToAllP50Ms: percentile(toAll, 50),
      postToAllP99Ms: percentile(toAll, 99),
      hopsP50: percentile(posts.map((receipt) => receipt.hops), 50),
      hopsP99: percentile(posts.map((receipt) => receipt.hops), 99),
      postToAllP50OverOneHopP50: percentile(toAll, 50) / percentile(oneHop, 50),
    };
  } finally {
    for (const page of pages) await page.close();
  }
}

try {
  const undelayed = await measure(null, "be5c4".padEnd(64, "0"));
  console.error(JSON.stringify({ undelayed }));
  const delayed = await measure(CONDITIONS, "be5c5".padEnd(64, "0"));
  console.log(
    JSON.stringify({
      benchmark: "mesh",
      chromium: browser.version(),
      peers: PEERS,
      posts: POSTS,
      conditions: CONDITIONS,
      undelayed,
      delayed,
      postToAllP50OverOneHopP50: delayed["postToAllP50OverOneHopP50"],
      goal: { postToAllP50OverOneHopP50: 3, with: "the delayed links" },
    }),
  );
} finally {
  await browser.close();
  await server.stop();
}
