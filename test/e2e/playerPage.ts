/**
 * Driving the player page (`npm start`'s `/`) as a person does: open a demo, read the panel and the trace list,
 * type into the SWF on the stage, save screenshots for review. Shared by the player page's specs.
 */
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { pollUntil } from "./support/browser.js";

/** Where the player page's screenshots go (kept as test artifacts). */
export const SCREENSHOTS = "build/test-results";

/** What the mesh panel and the trace list show. */
export interface PanelState {
  readonly neighbours: string[];
  readonly nearID: string;
  readonly posts: string;
  readonly traces: string[];
  readonly message: string;
}

export function panel(page: Page): Promise<PanelState> {
  return page.evaluate(() => {
    const dd = (term: string): string => [...document.querySelectorAll("#panel dt")].find((dt) => dt.textContent === term)?.nextElementSibling?.textContent ?? "";
    return {
      neighbours: [...document.querySelectorAll("#panel .neighbours li")].map((li) => li.textContent ?? ""),
      nearID: dd("nearID"),
      posts: dd("Posts received"),
      traces: [...document.querySelectorAll("#traces li")].map((li) => li.textContent ?? ""),
      message: document.querySelector("#message")?.textContent ?? "",
    };
  });
}

/** Waits until the page says its SWF runs on the mesh. */
export async function waitOnMesh(page: Page): Promise<void> {
  await pollUntil(() => panel(page), (p) => p.message.includes("runs on the mesh") && p.nearID.length === 64, 30_000, "the SWF to be on the mesh");
}

/** Hides Ruffle's "hardware acceleration" notice (no GPU here), which would cover the stage in screenshots. */
export async function hideRuffleNotices(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const player of document.querySelectorAll("ruffle-player")) {
      const modal = player.shadowRoot?.querySelector<HTMLElement>("#hardware-acceleration-modal");
      if (modal) modal.style.display = "none";
    }
  });
}

/**
 * Clicks the SWF's stage at stage coordinates (x, y) of a `width`×`height` stage, letterboxed into the player
 * element as Ruffle does ("show all", centred). The first click after the player gains focus is swallowed by
 * Ruffle (platform notes), so it clicks twice.
 */
export async function clickStage(page: Page, x: number, y: number, width: number, height: number): Promise<void> {
  const at = await stagePoint(page, x, y, width, height);
  await page.mouse.click(at.x, at.y);
  await page.mouse.click(at.x, at.y);
}

/** Where stage point (x, y) of a `width`×`height` stage is on the page. */
export async function stagePoint(page: Page, x: number, y: number, width: number, height: number): Promise<{ x: number; y: number }> {
  const box = await page.locator("ruffle-player").boundingBox();
  if (box === null) throw new Error("no Ruffle player on the page");
  const scale = Math.min(box.width / width, box.height / height);
  return { x: box.x + (box.width - width * scale) / 2 + x * scale, y: box.y + (box.height - height * scale) / 2 + y * scale };
}

/** Saves a screenshot of `page` (Ruffle's notices hidden) as build/test-results/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await hideRuffleNotices(page);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}
