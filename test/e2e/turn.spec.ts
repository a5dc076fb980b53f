/**
 * ICE servers from `flashmesh serve`, end to end: two Chromium browsers in two network namespaces with no route
 * between them (test/e2e/network/isolatedPeers.ts) meet in a posting group through coturn, with the STUN/TURN
 * servers and the per-client TURN credential handed out in FM-WELCOME (the pages configure nothing). The same
 * set-up without TURN fails to connect and says why; with routing switched on it connects directly (so the failure is
 * the topology's, not something else's); a SWF in Ruffle (the posting-chat fixture) posts through TURN too; with a wrong TURN secret it says TURN refused; and a page's own iceServers
 * (a bad credential) win over the server's good ones.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import type { TurnPeerState } from "./pages/turn.js";
import { hasCoturn, startCoturn, type Coturn } from "./network/coturn.js";
import { isolatedPeers, isolationUnavailable, type IsolatedPeers } from "./network/isolatedPeers.js";
import { pollUntil } from "./support/browser.js";
import { watchContext } from "./support/pageProblems.js";

const FLAGS = (JSON.parse(readFileSync("scripts/chromium-flags.json", "utf8")) as { flags: string[] }).flags;
/** Real host addresses in candidates (not mDNS names), so only the routes decide what connects. */
const BROWSER_FLAGS = [...FLAGS, "--disable-features=WebRtcHideLocalIpsWithMdns"];
/**
 * Pages from 10.50.x.1 are not secure contexts (only localhost is), and the fixture page hashes SWFs with
 * crypto.subtle, which exists only in secure contexts: Chromium is told to treat these two origins as secure.
 */
const secureOrigins = (gateways: readonly string[]): string => `--unsafely-treat-insecure-origin-as-secure=${gateways.map((gateway) => `http://${gateway}:${SERVER_PORT}`).join(",")}`;
const SECRET = "flashmesh-e2e-turn-secret";
/** One fixed port (the namespace is this run's own), so the browsers can treat both page origins as secure. */
const SERVER_PORT = 48080;
const TURN_PORT = 34780;

/** `flashmesh serve` on every address of this namespace with the given extra flags; resolves with its port. */
function serve(extra: string[]): Promise<{ port: number; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ["bin/flashmesh.mjs", "serve", "--host", "0.0.0.0", "--port", String(SERVER_PORT), "--static", "build/test/e2e/site", "--log-level", "warn", ...extra], { stdio: ["ignore", "pipe", "inherit"] });
  const stop = (): Promise<void> =>
    new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      void stop();
      reject(new Error("flashmesh serve printed no URL in 20 s"));
    }, 20_000);
    child.once("exit", (code) => reject(new Error(`flashmesh serve exited with ${code}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const port = /listening on https?:\/\/[^/]+:(\d+)\//.exec(output)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      resolve({ port: Number(port), stop });
    });
  });
}

const state = (page: Page): Promise<TurnPeerState> => page.evaluate(() => (globalThis as unknown as { turnPeer: { state(): TurnPeerState } }).turnPeer.state());

describe("ICE servers from flashmesh serve, between two networks with no route between them", () => {
  const unavailable = isolationUnavailable() ?? (hasCoturn() ? null : "needs coturn (node scripts/system-deps.mjs coturn)");
  let network: IsolatedPeers | null = null;
  let coturn: Coturn | null = null;
  const browsers: Browser[] = [];
  const opened: Page[] = [];

  beforeAll(async () => {
    if (unavailable !== null) return;
    network = await isolatedPeers(process.env["CHROME_BIN"] ?? "/usr/bin/chromium");
    coturn = await startCoturn(network.sides[0].gateway, TURN_PORT, SECRET);
    const args = [...BROWSER_FLAGS, secureOrigins(network.sides.map((side) => side.gateway))];
    for (const side of network.sides) browsers.push(await chromium.launch({ executablePath: side.chromium, args, headless: true, timeout: 30_000 }));
  }, 90_000);

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await coturn?.stop();
    network?.close();
  });

  async function closePages(): Promise<void> {
    for (const page of opened.splice(0)) await page.context().close().catch(() => undefined);
  }

  /** Runs `body` against a fresh `flashmesh serve` with `flags`; the pages close before the server stops, or their reconnect attempts log errors. */
  async function withServer(flags: string[], body: (port: number) => Promise<void>): Promise<void> {
    const server = await serve(flags);
    try {
      await body(server.port);
    } finally {
      await closePages();
      await server.stop();
    }
  }

  afterEach(async () => {
    await closePages();
    network?.setForwarding(false);
  });

  /** One member per side in a fresh group, each page loaded from the server's address on its own link. */
  async function pair(port: number, pageIceServers?: RTCIceServer[]): Promise<[Page, Page]> {
    const group = `turn-e2e/${Date.now()}/${Math.random()}`;
    const pages: Page[] = [];
    for (const [i, browser] of browsers.entries()) {
      const context = await browser.newContext();
      watchContext(context); // uncaught exceptions and console errors fail the spec (support/pageProblems.ts)
      const page = await context.newPage();
      opened.push(page);
      await page.goto(`http://${network!.sides[i]!.gateway}:${port}/turn.html`);
      await page.evaluate(([name, ice]) => (globalThis as unknown as { turnPeer: { start(g: string, i?: RTCIceServer[]): void } }).turnPeer.start(name as string, ice as RTCIceServer[] | undefined), [group, pageIceServers] as const);
      await pollUntil(() => state(page), (s) => s.groupConnected, 20_000, `side ${i + 1} to join the group`);
      pages.push(page);
    }
    return [pages[0]!, pages[1]!];
  }

  async function postBothWays(pages: [Page, Page]): Promise<void> {
    for (const [i, page] of pages.entries()) await page.evaluate((text) => (globalThis as unknown as { turnPeer: { post(t: string): void } }).turnPeer.post(text), `hello from side ${i + 1}`);
    const states = await pollUntil(() => Promise.all(pages.map(state)), (all) => all.every((s) => s.posts.length === 1), 20_000, "one post each");
    expect(states[0]!.posts).toEqual(["hello from side 2"]);
    expect(states[1]!.posts).toEqual(["hello from side 1"]);
  }

  it("meets and posts through TURN, with the credential the server minted", async () => {
    if (unavailable !== null) return pending(unavailable);
    await withServer(["--stun", `stun:${network!.sides[0].gateway}:${TURN_PORT}`, "--turn", coturn!.url, "--turn-secret", SECRET], async (port) => {
      const pages = await pair(port);
      await pollUntil(() => Promise.all(pages.map(state)), (all) => all.every((s) => s.neighbours === 1), 40_000, "a neighbour each, through TURN");
      await postBothWays(pages);
      expect(coturn!.log()).toMatch(/ALLOCATE processed, success/);
    });
  }, 240_000);

  it("runs a SWF's posting chat in Ruffle through TURN (posting-chat fixture, one player per side)", async () => {
    if (unavailable !== null) return pending(unavailable);
    await withServer(["--turn", coturn!.url, "--turn-secret", SECRET], async (port) => {
      const pages: Page[] = [];
      for (const [i, browser] of browsers.entries()) {
        const context = await browser.newContext();
        watchContext(context);
        const page = await context.newPage();
        opened.push(page);
        const flashvars = encodeURIComponent("players=2");
        await page.goto(`http://${network!.sides[i]!.gateway}:${port}/fixture.html?swf=fixtures/posting-chat/case.swf&mode=url&flashvars=${flashvars}`);
        pages.push(page);
      }
      const read = (page: Page): Promise<{ traces: string[]; error: string | null }> => page.evaluate(() => (globalThis as unknown as { fixture: { traces: string[]; error: string | null } }).fixture);
      const states = await pollUntil(() => Promise.all(pages.map(read)), (all) => all.every((s) => s.error !== null || s.traces.includes("done")), 90_000, "both SWFs to print done");
      const traces = states.map((state) => {
        expect(state.error).toBeNull();
        return state.traces.slice(0, state.traces.indexOf("done") + 1);
      });
      const posters = traces.map((trace) => /^posted as ([0-9a-f]{64}), messageID is 64 hex digits: true$/.exec(trace[2] ?? "")?.[1]);
      for (const [i, trace] of traces.entries()) {
        expect(trace.length).withContext(trace.join("\n")).toBe(5);
        expect(trace.slice(0, 2)).toEqual(["NetConnection.Connect.Success", "NetGroup.Connect.Success"]);
        expect(posters[i]).withContext(trace[2] ?? "no third line").toBeDefined();
        // Each heard the other's post, by the other's ID.
        expect(trace[3]).toBe(`heard hello mesh #0 from ${posters[1 - i]} (messageID ok)`);
        expect(trace[4]).toBe("done");
      }
    });
  }, 300_000);

  it("fails to connect without TURN, and NetGroup.Connect.Failed says that no TURN server is configured", async () => {
    if (unavailable !== null) return pending(unavailable);
    await withServer([], async (port) => {
      const pages = await pair(port);
      const second = await pollUntil(() => state(pages[1]), (s) => s.events.some((e) => e.startsWith("nc:NetGroup.Connect.Failed")), 60_000, "NetGroup.Connect.Failed on the second side");
      expect(second.events.find((e) => e.startsWith("nc:NetGroup.Connect.Failed"))).toContain("no TURN server is configured");
      expect((await Promise.all(pages.map(state))).map((s) => s.neighbours)).toEqual([0, 0]);
    });
  }, 240_000);

  it("connects without TURN once this namespace routes between the sides (the control: the topology alone stopped it)", async () => {
    if (unavailable !== null) return pending(unavailable);
    network!.setForwarding(true);
    await withServer([], async (port) => {
      const pages = await pair(port);
      await pollUntil(() => Promise.all(pages.map(state)), (all) => all.every((s) => s.neighbours === 1), 40_000, "a direct neighbour each");
      await postBothWays(pages);
    });
  }, 240_000);

  it("lets a page's own iceServers win over the server's (here a wrong TURN credential: refused, though the server's would work)", async () => {
    if (unavailable !== null) return pending(unavailable);
    await withServer(["--turn", coturn!.url, "--turn-secret", SECRET], async (port) => {
      const pages = await pair(port, [{ urls: coturn!.url, username: `${Math.floor(Date.now() / 1000) + 600}:page`, credential: "not-a-valid-credential" }]);
      const second = await pollUntil(() => state(pages[1]), (s) => s.events.some((e) => e.startsWith("nc:NetGroup.Connect.Failed")), 60_000, "NetGroup.Connect.Failed on the second side");
      expect(second.events.find((e) => e.startsWith("nc:NetGroup.Connect.Failed"))).toMatch(/TURN refused: .*401/);
    });
  }, 240_000);

  it("says TURN refused when the server's secret is not coturn's", async () => {
    if (unavailable !== null) return pending(unavailable);
    await withServer(["--turn", coturn!.url, "--turn-secret", "not-the-secret"], async (port) => {
      const pages = await pair(port);
      const second = await pollUntil(() => state(pages[1]), (s) => s.events.some((e) => e.startsWith("nc:NetGroup.Connect.Failed")), 60_000, "NetGroup.Connect.Failed on the second side");
      expect(second.events.find((e) => e.startsWith("nc:NetGroup.Connect.Failed"))).toMatch(/TURN refused: .*401/);
    });
  }, 240_000);
});
