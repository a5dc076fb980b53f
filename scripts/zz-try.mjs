import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { startServerProcess } from "/work/main/scripts/server-process.mjs";
const flags = JSON.parse(readFileSync("/work/main/scripts/chromium-flags.json", "utf8")).flags;
const server = await startServerProcess(["bin/flashmesh.mjs", "serve", "--port", "0", "--static", "build/test/e2e/site", "--log-level", "warn"], { cwd: "/work/main" });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: flags });
const name = process.argv[2]; const n = Number(process.argv[3] ?? 1);
const pages = [];
for (let i = 0; i < n; i++) {
  const page = await browser.newPage();
  const lines = [];
  page.on("console", (m) => lines.push(`[${m.type()}] ${m.text()}`));
  page.on("pageerror", (e) => lines.push(`[pageerror] ${e.message}`));
  await page.goto(`${server.url}/fixture.html?swf=fixtures/${name}/case.swf`);
  pages.push({ page, lines });
}
await new Promise((r) => setTimeout(r, Number(process.argv[4] ?? 6000)));
for (const [i, { lines, page }] of pages.entries()) console.log(`--- page ${i}\n` + lines.join("\n") + "\nTRACES:\n" + (await page.evaluate(() => window.fixture.traces)).join("\n"));
await browser.close(); await server.stop();
