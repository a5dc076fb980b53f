/**
 * bench:replication's WebRTC half: one seeder shares a file of `objects` objects of `objectBytes` with `members` − 1
 * other pages in one headless Chromium, each a real PeerJS peer on a real `flashmesh serve`, over real WebRTC data
 * channels (bench/browser/replication-page.ts). Every member's answers leave through an upload queue of
 * `uploadKBps`. The baseline is the same file from one page to one other at the same rate, in the same run.
 * Figures per strategy: time to full replication ÷ the baseline (goal ≤ 2 at 16), seeder upload ÷ file (goal ≤ 1.5),
 * JS heap growth per member over the transfer (Chromium's JSHeapUsedSize: the engine's and page's objects; the
 * held objects' bytes are ArrayBuffers outside that heap, the file's size per member on top).
 */
import { chromium, type Browser, type CDPSession, type Page } from "playwright-core";
import flags from "../../scripts/chromium-flags.json" with { type: "json" };
import type { ReplicationStrategy } from "../../as3-api/engine/index.js";
import type { MemberProgress } from "../browser/replication-page.js";
import { sleep, startServerProcess, type ServerProcess } from "../support/processes.js";

/** What one WebRTC run is asked to do. */
export interface WebRTCOptions {
  readonly members: number;
  readonly objects: number;
  readonly objectBytes: number;
  readonly uploadKBps: number;
  /** Which strategies to run, in order. */
  readonly strategies: readonly ReplicationStrategy[];
}

/** One transfer's outcome. */
interface Outcome {
  readonly ms: number | null;
  readonly seederObjectsSent: number;
  readonly heapBytesPerMember: number;
  readonly neighboursMean: number;
  readonly held: number[];
}

type MemberApi = {
  start(url: string, group: string, uploadKBps: number): Promise<{ peerId: string }>;
  neighbours(): number;
  seed(count: number, objectBytes: number): void;
  want(count: number, strategy: ReplicationStrategy): void;
  progress(): MemberProgress;
  close(): void;
};
const call = <R>(page: Page, method: keyof MemberApi, ...args: unknown[]): Promise<R> =>
  page.evaluate(
    ([name, rest]) => (globalThis as unknown as { flashmeshReplicationMember: Record<string, (...a: unknown[]) => unknown> }).flashmeshReplicationMember[name as string]!(...(rest as unknown[])),
    [method, args] as const,
  ) as Promise<R>;

const heapOf = async (session: CDPSession): Promise<number> => {
  const { metrics } = (await session.send("Performance.getMetrics")) as { metrics: { name: string; value: number }[] };
  return metrics.find((metric) => metric.name === "JSHeapUsedSize")?.value ?? NaN;
};

/** One transfer among `members` fresh pages in a group of their own. */
async function transfer(browser: Browser, server: ServerProcess, members: number, strategy: ReplicationStrategy, options: WebRTCOptions, group: string): Promise<Outcome> {
  const pages: Page[] = [];
  const sessions: CDPSession[] = [];
  try {
    for (let i = 0; i < members; i++) {
      const page = await browser.newPage();
      page.on("pageerror", (error) => console.error(`page ${i}: ${error.message}`));
      pages.push(page);
      await page.goto(`${server.url}/replication.html`);
      const session = await page.context().newCDPSession(page);
      await session.send("Performance.enable");
      sessions.push(session);
      await call(page, "start", server.url, group, options.uploadKBps);
    }
    // Groups of up to 24 mesh fully: wait for that (at most 60 s), then let links settle.
    const meshBy = Date.now() + 60_000;
    let neighbours: number[] = [];
    while (Date.now() < meshBy) {
      neighbours = await Promise.all(pages.map((page) => call<number>(page, "neighbours")));
      if (neighbours.every((count) => count >= Math.min(members - 1, 24))) break;
      await sleep(250);
    }
    await sleep(1000);
    const heapBefore = await Promise.all(sessions.map(heapOf));
    await call(pages[0]!, "seed", options.objects, options.objectBytes);
    await Promise.all(pages.slice(1).map((page) => call(page, "want", options.objects, strategy)));
    // Bounded: a transfer that has not finished after 20 minutes counts as not finished.
    const giveUpAt = Date.now() + 20 * 60_000;
    let progress: MemberProgress[] = [];
    for (;;) {
      progress = await Promise.all(pages.map((page) => call<MemberProgress>(page, "progress")));
      if (progress.slice(1).every((member) => member.completeAt !== null) || Date.now() > giveUpAt) break;
      await sleep(250);
    }
    const heapAfter = await Promise.all(sessions.map(heapOf));
    const started = progress[0]!.startedAt!;
    const finished = progress.slice(1).map((member) => member.completeAt);
    return {
      ms: finished.every((at) => at !== null) ? Math.max(...(finished as number[])) - started : null,
      seederObjectsSent: progress[0]!.objectsSent,
      heapBytesPerMember: heapAfter.reduce((sum, after, i) => sum + (after - heapBefore[i]!), 0) / members,
      neighboursMean: neighbours.reduce((sum, count) => sum + count, 0) / members,
      held: progress.map((member) => member.held),
    };
  } finally {
    for (const page of pages) await page.close().catch(() => undefined);
  }
}

/** Runs the WebRTC half: the one-transfer baseline, then `members` pages with each strategy. */
export async function runWebRTC(options: WebRTCOptions): Promise<Record<string, unknown>> {
  const server = await startServerProcess(["bin/flashmesh.mjs", "serve", "--port", "0", "--static", "build/bench/browser", "--log-level", "warn"]);
  // Pages the bench does not look at must not be throttled as background tabs.
  const browser = await chromium.launch({ executablePath: process.env["CHROME_BIN"] ?? "/usr/bin/chromium", args: [...flags.flags, "--disable-background-timer-throttling", "--disable-renderer-backgrounding"], headless: true });
  try {
    const figures: Record<string, unknown> = { ...options, chromium: browser.version(), fileBytes: options.objects * options.objectBytes };
    const baseline = await transfer(browser, server, 2, "lowestFirst", options, "f11e0".padEnd(64, "0"));
    console.log(`webrtc baseline: one transfer ${baseline.ms === null ? "not finished" : `${(baseline.ms / 1000).toFixed(1)} s`}`);
    figures["peerToPeerMs"] = baseline.ms;
    let n = 1;
    for (const strategy of options.strategies) {
      const outcome = await transfer(browser, server, options.members, strategy, options, `f11e${n++}`.padEnd(64, "0"));
      console.log(`webrtc ${strategy}: ${options.members} members, ${outcome.ms === null ? `not finished (held ${outcome.held.join(",")})` : `${(outcome.ms / 1000).toFixed(1)} s`}, seeder sent ${outcome.seederObjectsSent} objects, ${outcome.neighboursMean.toFixed(1)} neighbours each`);
      figures[strategy] = {
        ms: outcome.ms,
        timeRatio: outcome.ms === null || baseline.ms === null ? null : Number((outcome.ms / baseline.ms).toFixed(2)),
        timeRatioGoal: "<= 2 at 16",
        seederUploadPerSet: Number((outcome.seederObjectsSent / options.objects).toFixed(2)),
        seederUploadPerSetGoal: "<= 1.5",
        jsHeapGrowthMBPerMember: Number((outcome.heapBytesPerMember / 1048576).toFixed(1)),
        neighboursMean: Number(outcome.neighboursMean.toFixed(1)),
      };
    }
    return figures;
  } finally {
    await browser.close();
    await server.stop();
  }
}
