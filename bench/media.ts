/**
 * bench:media — a camera reaching a player through flashmesh vs raw WebRTC in the same run, headless Chromium, a
 * real `flashmesh serve` on 127.0.0.1, inside a private network namespace when run as root. Two figures:
 *
 * - time to the first video frame: a DIRECT_CONNECTIONS NetStream vs one raw RTCPeerConnection pair, both in one
 *   page with Chromium's fake camera, alternating round by round (bench/browser/media-page.ts);
 * - glass-to-glass latency: a publisher page and a viewer page (each in its own browser context) carry a canvas
 *   whose frames are stamped with their draw time; the viewer reads the stamp of every frame it presents
 *   (bench/browser/glass-page.ts). Paths alternate phase by phase (raw, flashmesh, flashmesh, raw, …); each phase
 *   connects afresh, waits for the first readable frame and a warm-up, then reads for `--seconds`; WebRTC's own
 *   statistics over the same span (frames encoded and decoded, jitter buffer) go to stderr. CPU is read per phase
 *   from Chromium: each page's renderer process time (DevTools Performance metric `ProcessTime`) and every Chromium
 *   process's together (`SystemInfo.getProcessInfo`), divided by the phase's wall time; a viewer's cost is what a
 *   phase adds over an idle span measured first (the publisher drawing its canvas for nobody).
 *
 * The last line is a JSON object with the goal beside each figure.
 *
 * Usage: npm run bench:media [-- --rounds 10 --phases 6 --seconds 8]
 */
import { writeFileSync } from "node:fs";
import { chromium, type Browser, type CDPSession, type Page } from "playwright-core";
import flags from "../scripts/chromium-flags.json" with { type: "json" };
import type { Readings, VideoCounters } from "./browser/glass-page.js";
import { percentile, sleep, startServerProcess } from "./support/processes.js";

const argument = (name: string, fallback: number, min: number, max: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return Math.min(max, Math.max(min, at < 0 ? fallback : Number(process.argv[at + 1]) || fallback));
};
const ROUNDS = argument("rounds", 10, 1, 50);
/**
 * Glass-to-glass phases per path (an even number keeps the order balanced: raw first in half of them). Many short
 * phases rather than a few long ones: on a shared machine the load moves within a minute, and alternating often
 * spreads it over both paths.
 */
const PHASES = argument("phases", 6, 1, 20);
const SECONDS = argument("seconds", 8, 2, 60);
/** After the first readable frame, before reading: the encoder's bitrate ramp and the jitter buffer settle. */
const WARM_UP_MS = 3000;

setTimeout(() => {
  console.error("bench:media: hard stop after 900 s");
  process.exit(2);
}, 900_000).unref();

const ratio = (a: number, b: number): number => Number((a / b).toFixed(2));

/** Time to the first frame, flashmesh and raw, in one page. */
async function firstFrames(browser: Browser, url: string): Promise<{ flashmesh: number[]; raw: number[] }> {
  const page = await browser.newPage();
  try {
    await page.goto(`${url}/media.html`);
    return await page.evaluate(
      ([serverUrl, rounds]) => (globalThis as unknown as { flashmeshMediaBench: { run(u: string, r: number): Promise<{ flashmesh: number[]; raw: number[] }> } }).flashmeshMediaBench.run(serverUrl as string, rounds as number),
      [url, ROUNDS] as const,
    );
  } finally {
    await page.close();
  }
}

type GlassApi = {
  startCamera(): void;
  publishFlashmesh(serverUrl: string, name: string): Promise<string>;
  rawOffer(): Promise<string>;
  rawAnswered(sdp: string): Promise<void>;
  stopPublishing(): void;
  playFlashmesh(serverUrl: string, publisherId: string, name: string): Promise<void>;
  rawAnswer(offer: string): Promise<string>;
  stopViewing(): void;
  firstReading(boundMs: number): Promise<void>;
  take(): Readings;
  videoCounters(): VideoCounters;
};
const call = <R>(page: Page, method: keyof GlassApi, ...args: unknown[]): Promise<R> =>
  page.evaluate(
    ([name, rest]) => (globalThis as unknown as { flashmeshGlassBench: Record<string, (...a: unknown[]) => unknown> }).flashmeshGlassBench[name as string]!(...(rest as unknown[])),
    [method, args] as const,
  ) as Promise<R>;

/** CPU seconds so far: each page's renderer and all of Chromium. */
class CpuClock {
  constructor(
    readonly browserSession: CDPSession,
    readonly pages: Record<"publisher" | "viewer", CDPSession>,
  ) {}

  static async start(browser: Browser, publisher: Page, viewer: Page): Promise<CpuClock> {
    const session = async (page: Page): Promise<CDPSession> => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Performance.enable", { timeDomain: "timeTicks" });
      return cdp;
    };
    return new CpuClock(await browser.newBrowserCDPSession(), { publisher: await session(publisher), viewer: await session(viewer) });
  }

  async read(): Promise<{ publisher: number; viewer: number; chromium: number; at: number }> {
    const processTime = async (cdp: CDPSession): Promise<number> => (await cdp.send("Performance.getMetrics")).metrics.find((metric) => metric.name === "ProcessTime")?.value ?? NaN;
    const all = (await this.browserSession.send("SystemInfo.getProcessInfo")) as { processInfo: { cpuTime: number }[] };
    return {
      publisher: await processTime(this.pages.publisher),
      viewer: await processTime(this.pages.viewer),
      chromium: all.processInfo.reduce((sum, process) => sum + process.cpuTime, 0),
      at: performance.now(),
    };
  }
}

type Path = "flashmesh" | "raw";
interface PhaseResult {
  ages: number[];
  unreadable: number;
  fps: number;
  cpu: { publisher: number; viewer: number; chromium: number };
  /** From WebRTC's statistics over the same span: what the sender and the receiver did. */
  video: { encodedFps: number; encodeMs: number; kbps: number; decodedFps: number; dropped: number; decodeMs: number; jitterBufferMs: number; sent: string; received: string; limitation: string };
}

/** The phase's WebRTC figures from the counters before and after it. */
function videoFigures(sentBefore: VideoCounters, sentAfter: VideoCounters, receivedBefore: VideoCounters, receivedAfter: VideoCounters): PhaseResult["video"] {
  const seconds = (sentAfter.at - sentBefore.at) / 1000;
  const encoded = sentAfter.framesEncoded - sentBefore.framesEncoded;
  const decoded = receivedAfter.framesDecoded - receivedBefore.framesDecoded;
  const emitted = receivedAfter.jitterBufferEmittedCount - receivedBefore.jitterBufferEmittedCount;
  return {
    encodedFps: encoded / seconds,
    encodeMs: ((sentAfter.totalEncodeTime - sentBefore.totalEncodeTime) / encoded) * 1000,
    kbps: ((sentAfter.bytesSent - sentBefore.bytesSent) * 8) / seconds / 1000,
    decodedFps: decoded / seconds,
    dropped: receivedAfter.framesDropped - receivedBefore.framesDropped,
    decodeMs: ((receivedAfter.totalDecodeTime - receivedBefore.totalDecodeTime) / decoded) * 1000,
    jitterBufferMs: ((receivedAfter.jitterBufferDelay - receivedBefore.jitterBufferDelay) / emitted) * 1000,
    sent: sentAfter.frameSize,
    received: receivedAfter.frameSize,
    limitation: sentAfter.qualityLimitation,
  };
}

/** Connects `path`, warms up, reads for SECONDS; always disconnects. */
async function phase(path: Path, index: number, url: string, publisher: Page, viewer: Page, clock: CpuClock): Promise<PhaseResult> {
  try {
    if (path === "flashmesh") {
      const name = `glass-${index}`;
      const publisherId = await call<string>(publisher, "publishFlashmesh", url, name);
      await call(viewer, "playFlashmesh", url, publisherId, name);
    } else {
      const offer = await call<string>(publisher, "rawOffer");
      await call(publisher, "rawAnswered", await call<string>(viewer, "rawAnswer", offer));
    }
    await call(viewer, "firstReading", 30_000);
    await sleep(WARM_UP_MS);
    await call(viewer, "take");
    const before = await clock.read();
    const [sentBefore, receivedBefore] = [await call<VideoCounters>(publisher, "videoCounters"), await call<VideoCounters>(viewer, "videoCounters")];
    await sleep(SECONDS * 1000);
    const readings = await call<Readings>(viewer, "take");
    const after = await clock.read();
    const [sentAfter, receivedAfter] = [await call<VideoCounters>(publisher, "videoCounters"), await call<VideoCounters>(viewer, "videoCounters")];
    const wall = (after.at - before.at) / 1000;
    return {
      ages: readings.ages,
      unreadable: readings.unreadable,
      fps: readings.ages.length / (readings.spanMs / 1000),
      cpu: { publisher: (after.publisher - before.publisher) / wall, viewer: (after.viewer - before.viewer) / wall, chromium: (after.chromium - before.chromium) / wall },
      video: videoFigures(sentBefore, sentAfter, receivedBefore, receivedAfter),
    };
  } finally {
    await call(viewer, "stopViewing");
    await call(publisher, "stopPublishing");
    await sleep(500); // let the closed connections go before the next phase
  }
}

/** Glass-to-glass: both paths, alternating, in two pages of one browser. */
async function glassToGlass(browser: Browser, url: string): Promise<{ idle: PhaseResult["cpu"]; results: Record<Path, PhaseResult[]> }> {
  const [publisherContext, viewerContext] = [await browser.newContext(), await browser.newContext()];
  try {
    const [publisher, viewer] = [await publisherContext.newPage(), await viewerContext.newPage()];
    for (const [label, page] of [["publisher", publisher], ["viewer", viewer]] as const) page.on("pageerror", (error) => console.error(`${label}: ${error.message}`));
    await publisher.goto(`${url}/glass.html`);
    await viewer.goto(`${url}/glass.html`);
    await call(publisher, "startCamera");
    const clock = await CpuClock.start(browser, publisher, viewer);
    // Idle: the publisher draws its canvas and sends it nowhere; the viewer page is open. A viewer's cost is above this.
    const idleStart = await clock.read();
    await sleep(SECONDS * 1000);
    const idleEnd = await clock.read();
    const idleWall = (idleEnd.at - idleStart.at) / 1000;
    const idle = { publisher: (idleEnd.publisher - idleStart.publisher) / idleWall, viewer: (idleEnd.viewer - idleStart.viewer) / idleWall, chromium: (idleEnd.chromium - idleStart.chromium) / idleWall };
    console.error(`idle: CPU publisher ${(idle.publisher * 100).toFixed(0)}%, viewer ${(idle.viewer * 100).toFixed(0)}%, all Chromium ${(idle.chromium * 100).toFixed(0)}%`);
    const results: Record<Path, PhaseResult[]> = { flashmesh: [], raw: [] };
    for (let index = 0; index < PHASES; index++) {
      // raw, flashmesh, flashmesh, raw, raw, …: each path goes first as often as second.
      const order: Path[] = index % 2 === 0 ? ["raw", "flashmesh"] : ["flashmesh", "raw"];
      for (const path of order) {
        const result = await phase(path, index, url, publisher, viewer, clock);
        results[path].push(result);
        const sorted = [...result.ages].sort((a, b) => a - b);
        console.error(
          `phase ${index} ${path}: ${result.ages.length} frames (${result.fps.toFixed(1)}/s, ${result.unreadable} unreadable), p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms; ` +
            `CPU publisher ${(result.cpu.publisher * 100).toFixed(0)}%, viewer ${(result.cpu.viewer * 100).toFixed(0)}%, all Chromium ${(result.cpu.chromium * 100).toFixed(0)}%`,
        );
        const video = result.video;
        console.error(
          `  sent ${video.sent} ${video.encodedFps.toFixed(1)}/s, ${video.encodeMs.toFixed(1)} ms to encode, ${video.kbps.toFixed(0)} kbit/s, limited by ${video.limitation || "nothing"}; ` +
            `received ${video.received} ${video.decodedFps.toFixed(1)}/s decoded, ${video.dropped} dropped, ${video.decodeMs.toFixed(1)} ms to decode, jitter buffer ${video.jitterBufferMs.toFixed(0)} ms`,
        );
      }
    }
    return { idle, results };
  } finally {
    await publisherContext.close();
    await viewerContext.close();
  }
}

writeFileSync("build/bench/browser/media.html", '<!doctype html><meta charset="utf-8"><title>bench:media</title><script src="media-page.js"></script>\n');
writeFileSync("build/bench/browser/glass.html", '<!doctype html><meta charset="utf-8"><title>bench:media glass-to-glass</title><body style="margin:0"><script src="glass-page.js"></script>\n');
const server = await startServerProcess(["bin/flashmesh.mjs", "serve", "--port", "0", "--static", "build/bench/browser", "--log-level", "warn"]);
const browser = await chromium.launch({ executablePath: process.env["CHROME_BIN"] ?? "/usr/bin/chromium", args: flags.flags, headless: true });
try {
  const first = await firstFrames(browser, server.url);
  const firstP50 = { flashmesh: percentile(first.flashmesh, 50), raw: percentile(first.raw, 50) };
  console.error(`first frame, ${ROUNDS} rounds: flashmesh ${first.flashmesh.map((ms) => ms.toFixed(0)).join(" ")} ms; raw ${first.raw.map((ms) => ms.toFixed(0)).join(" ")} ms`);

  const glass = await glassToGlass(browser, server.url);
  const of = (path: Path) => {
    const ages = glass.results[path].flatMap((result) => result.ages);
    const mean = (pick: (result: PhaseResult) => number): number => glass.results[path].reduce((sum, result) => sum + pick(result), 0) / glass.results[path].length;
    return {
      p50: percentile(ages, 50),
      p95: percentile(ages, 95),
      frames: ages.length,
      unreadable: glass.results[path].reduce((sum, result) => sum + result.unreadable, 0),
      fps: mean((result) => result.fps),
      encodedFps: mean((result) => result.video.encodedFps),
      jitterBufferMs: mean((result) => result.video.jitterBufferMs),
      cpu: { publisher: mean((result) => result.cpu.publisher), viewer: mean((result) => result.cpu.viewer), chromium: mean((result) => result.cpu.chromium) },
    };
  };
  const flashmesh = of("flashmesh");
  const raw = of("raw");
  const percent = (share: number): number => Math.round(share * 100);
  const p50Ratio = ratio(flashmesh.p50, raw.p50);
  const p95Ratio = ratio(flashmesh.p95, raw.p95);
  console.error(
    `glass to glass, ${PHASES} phases × ${SECONDS} s per path: flashmesh ${flashmesh.frames} frames, ${flashmesh.unreadable} unreadable; raw ${raw.frames} frames, ${raw.unreadable} unreadable`,
  );
  console.log(
    JSON.stringify({
      benchmark: "media",
      rounds: ROUNDS,
      firstFrameP50Ms: { flashmesh: Math.round(firstP50.flashmesh), raw: Math.round(firstP50.raw) },
      // flashmesh opens a data link and then a media call, both signalled through the server; raw hands its SDP over in-page.
      firstFrameRatio: { value: ratio(firstP50.flashmesh, firstP50.raw), goal: "≤ 1.5", met: firstP50.flashmesh / firstP50.raw <= 1.5 },
      glassPhases: PHASES,
      glassSecondsPerPhase: SECONDS,
      glassToGlassMs: {
        flashmesh: { p50: Math.round(flashmesh.p50), p95: Math.round(flashmesh.p95), frames: flashmesh.frames, fps: Number(flashmesh.fps.toFixed(1)), encodedFps: Number(flashmesh.encodedFps.toFixed(1)), jitterBufferMs: Math.round(flashmesh.jitterBufferMs) },
        raw: { p50: Math.round(raw.p50), p95: Math.round(raw.p95), frames: raw.frames, fps: Number(raw.fps.toFixed(1)), encodedFps: Number(raw.encodedFps.toFixed(1)), jitterBufferMs: Math.round(raw.jitterBufferMs) },
      },
      glassToGlassRatio: { p50: { value: p50Ratio, goal: "≤ 1.3", met: p50Ratio <= 1.3 }, p95: { value: p95Ratio, goal: "≤ 1.3", met: p95Ratio <= 1.3 } },
      // % of one core that one viewer adds over the idle pages (the publisher drawing its canvas for nobody): the
      // viewer's renderer, the publisher's (which encodes once per viewer on a direct stream), all of Chromium.
      cpuPercentPerViewer: {
        flashmesh: { viewerRenderer: percent(flashmesh.cpu.viewer - glass.idle.viewer), publisherRenderer: percent(flashmesh.cpu.publisher - glass.idle.publisher), allChromium: percent(flashmesh.cpu.chromium - glass.idle.chromium) },
        raw: { viewerRenderer: percent(raw.cpu.viewer - glass.idle.viewer), publisherRenderer: percent(raw.cpu.publisher - glass.idle.publisher), allChromium: percent(raw.cpu.chromium - glass.idle.chromium) },
        idle: { viewerRenderer: percent(glass.idle.viewer), publisherRenderer: percent(glass.idle.publisher), allChromium: percent(glass.idle.chromium) },
        goal: "noted (no goal)",
      },
    }),
  );
} finally {
  await browser.close();
  await server.stop();
}
