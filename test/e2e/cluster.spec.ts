/**
 * Three `flashmesh serve --redis` nodes (the built CLI) on one real redis-server, and the NetGroup chat sample in
 * Chromium with each peer's page served by, and so connected to, a different node: they find each other in one group
 * (rendezvous in Redis), connect with real WebRTC (OFFER/ANSWER/CANDIDATE forwarded between nodes) and post. Then a
 * node is killed with SIGKILL: its client reports NetConnection.Connect.Closed (docs/self-hosting.md, "Several nodes"),
 * the others keep their links and posts, and a newcomer meets them. (That a dead node's clients leave the groups
 * in Redis is test/node/cluster.spec.ts's.)
 */
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import type { ChatPeerState } from "./pages/chat.js";
import { hasRedisServer, startRedisServer, type RedisProcess } from "../../scripts/redis-process.mjs";
import { startServerProcess, type ServerProcess } from "../../scripts/server-process.mjs";
import { pollUntil } from "./support/browser.js";
import { watchContext } from "./support/pageProblems.js";

const FLAGS = (JSON.parse(readFileSync("scripts/chromium-flags.json", "utf8")) as { flags: string[] }).flags;
const NODE_TTL_MS = 2000;

const state = (page: Page): Promise<ChatPeerState> => page.evaluate(() => (globalThis as unknown as { chatPeer: { state(): ChatPeerState } }).chatPeer.state());
const start = (page: Page, user: string, group: string): Promise<void> =>
  page.evaluate(([u, g]) => (globalThis as unknown as { chatPeer: { start(u: string, g: string): void } }).chatPeer.start(u!, g!), [user, group]);
const send = (page: Page, text: string): Promise<void> => page.evaluate((t) => (globalThis as unknown as { chatPeer: { send(t: string): void } }).chatPeer.send(t), text);

describe("the NetGroup chat sample across three flashmesh serve nodes on Redis", () => {
  const unavailable = hasRedisServer() ? null : "needs redis-server (node scripts/system-deps.mjs redis-server)";
  let redis: RedisProcess | null = null;
  const nodes: ServerProcess[] = [];
  let browser: Browser | null = null;

  beforeAll(async () => {
    if (unavailable !== null) return;
    redis = await startRedisServer();
    for (let i = 0; i < 3; i++) {
      nodes.push(await startServerProcess(["bin/flashmesh.mjs", "serve", "--port", "0", "--static", "build/test/e2e/site", "--log-level", "warn", "--redis", redis.url, "--redis-node-ttl-ms", String(NODE_TTL_MS)], { timeoutMs: 20_000 }));
    }
    browser = await chromium.launch({ executablePath: process.env["CHROME_BIN"] ?? "/usr/bin/chromium", args: FLAGS, headless: true, timeout: 30_000 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    for (const node of nodes) await node.stop();
    await redis?.stop();
  }, 30_000);

  /** A page of the chat sample served by `node`; watched for errors unless it is to lose its node. */
  async function pageOn(node: ServerProcess, watched = true): Promise<Page> {
    const context = await browser!.newContext();
    if (watched) watchContext(context);
    const page = await context.newPage();
    await page.goto(`${node.url}/chat.html`);
    return page;
  }

  it("meets, connects over WebRTC and posts with each peer on its own node; a killed node's client alone is lost", async () => {
    if (unavailable !== null) return pending(unavailable);
    const group = `e2e-cluster/${Date.now()}`;
    const users = ["alice", "bob", "carol"];
    // Carol's page will see its node die: its reconnection attempts log errors, which are the point, not a fault.
    const pages = [await pageOn(nodes[0]!), await pageOn(nodes[1]!), await pageOn(nodes[2]!, false)];
    for (const [i, page] of pages.entries()) {
      await start(page, users[i]!, group);
      await pollUntil(() => state(page), (s) => s.connected, 20_000, `${users[i]} to join`);
    }
    let states = await pollUntil(() => Promise.all(pages.map(state)), (all) => all.every((s) => s.neighbours.length === 2), 40_000, "two neighbours each, across nodes");
    const ids = states.map((s) => s.nearID);
    for (const [i, page] of pages.entries()) await send(page, `hi from ${users[i]}`);
    states = await pollUntil(() => Promise.all(pages.map(state)), (all) => all.every((s) => s.messages.length === 2), 20_000, "two posts each");
    for (const [i, s] of states.entries()) expect(s.messages.map((m) => m.user).sort()).toEqual(users.filter((u) => u !== users[i]));

    (nodes[2]!.child as ChildProcess).kill("SIGKILL");
    const carol = await pollUntil(() => state(pages[2]!), (s) => s.events.includes("nc:NetConnection.Connect.Closed"), 60_000, "carol to see NetConnection.Connect.Closed");
    expect(carol.events).toContain("nc:NetConnection.Connect.Closed");

    // Alice and Bob lost nothing: they still post to each other.
    await send(pages[0]!, "still here");
    await pollUntil(() => state(pages[1]!), (s) => s.messages.some((m) => m.text === "still here"), 20_000, "bob to hear alice after the node died");

    // A newcomer on a surviving node meets Alice and Bob and posts to them.
    const dave = await pageOn(nodes[1]!);
    await start(dave, "dave", group);
    const daveState = await pollUntil(() => state(dave), (s) => s.neighbours.length >= 2, 40_000, "dave to meet alice and bob");
    expect(daveState.neighbours).toContain(ids[0]!);
    expect(daveState.neighbours).toContain(ids[1]!);
    await send(dave, "hello from dave");
    await pollUntil(() => Promise.all(pages.slice(0, 2).map(state)), (all) => all.every((s) => s.messages.some((m) => m.text === "hello from dave")), 20_000, "alice and bob to hear dave");
    for (const page of [...pages, dave]) await page.context().close().catch(() => undefined);
  }, 240_000);
});
