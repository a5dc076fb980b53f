/**
 * End-to-end set-up: a real `flashmesh serve` (the built CLI) serving build/test/e2e/site (the pages, Ruffle, dist/flashmesh.js, fixtures), and
 * Debian's Chromium driven by playwright-core, each peer in its own page. scripts/test.mjs runs these specs inside a
 * private network namespace, so WebRTC stays on this machine. Every page and context made here is watched
 * (support/pageProblems.ts): an uncaught page exception or a console error from flashmesh fails the running spec.
 */
import { readFileSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type BrowserServer, type Page } from "playwright-core";
import { startServerProcess } from "../../../scripts/server-process.mjs";
import { watchContext } from "./pageProblems.js";

const FLAGS = (JSON.parse(readFileSync("scripts/chromium-flags.json", "utf8")) as { flags: string[] }).flags;

export interface EndToEnd {
  readonly serverUrl: string;
  readonly browser: Browser;
  /** A new page (fresh context: its own storage, like another tab's peer) at `path` on the server. */
  openPage(path: string): Promise<Page>;
  /** A new browser context whose pages (tabs opened by a page too) are watched for errors. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /**
   * A page at `path` in a Chromium process of its own, and `kill()`, which ends that process with SIGKILL: the
   * page's peer vanishes with no goodbye at all (no WebRTC close, no signalling, no unload), like a crashed machine.
   */
  openPageInOwnBrowser(path: string): Promise<{ page: Page; kill(): Promise<void> }>;
  close(): Promise<void>;
}

/**
 * Starts the server and the browser. `site` true (the default) serves build/test/e2e/site; false serves what
 * `npm start` serves (the package's player page).
 */
export async function startEndToEnd({ site = true }: { site?: boolean } = {}): Promise<EndToEnd> {
  const staticArgs = site ? ["--static", "build/test/e2e/site"] : [];
  // The specs' server-side applications (test/apps; fixtures/server-apps uses echo), beside Cirrus-style connections.
  const appsArgs = ["--apps", "test/apps", "--apps-cirrus-fallback"];
  const server = await startServerProcess(["bin/flashmesh.mjs", "serve", "--port", "0", ...staticArgs, ...appsArgs, "--log-level", "warn"], { timeoutMs: 15_000 });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: process.env["CHROME_BIN"] ?? "/usr/bin/chromium", args: FLAGS, headless: true, timeout: 30_000 });
  } catch (error) {
    await server.stop();
    throw error;
  }
  /** Browser processes of openPageInOwnBrowser not killed yet. */
  const owned = new Set<BrowserServer>();
  return {
    serverUrl: server.url,
    browser,
    async openPage(path) {
      const context = await browser.newContext();
      watchContext(context);
      const page = await context.newPage();
      // FLASHMESH_E2E_CONSOLE=1: every console line of every page, for debugging a fixture.
      if (process.env["FLASHMESH_E2E_CONSOLE"] !== undefined) page.on("console", (message) => console.log(`[page ${path.slice(0, 60)}] ${message.type()}: ${message.text()}`));
      page.on("close", () => void context.close().catch(() => undefined));
      await page.goto(`${server.url}${path}`);
      return page;
    },
    async openPageInOwnBrowser(path) {
      const own = await chromium.launchServer({ executablePath: process.env["CHROME_BIN"] ?? "/usr/bin/chromium", args: FLAGS, headless: true, timeout: 30_000 });
      owned.add(own);
      try {
        const connected = await chromium.connect(own.wsEndpoint());
        const context = await connected.newContext();
        watchContext(context);
        const page = await context.newPage();
        await page.goto(`${server.url}${path}`);
        return {
          page,
          async kill() {
            owned.delete(own);
            await own.kill();
          },
        };
      } catch (error) {
        owned.delete(own);
        await own.close().catch(() => undefined);
        throw error;
      }
    },
    async newContext(options) {
      const context = await browser.newContext(options);
      watchContext(context);
      return context;
    },
    async close() {
      for (const own of owned) await own.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await server.stop();
    },
  };
}

/** Polls `read` until `done` holds, failing after `timeoutMs` with the last value read. */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
