/**
 * Pixels where the SWF puts them: fixtures/camera-preview (a 400×300 movie, a 160×120 Video at 40,30 showing the
 * camera) in Ruffle in a 320×240 player, with Chromium's fake camera. flashmesh lays an HTML <video> over the player
 * on the Video's stage rectangle mapped through the stage's scale mode (showAll: 0.8, so 32,24 128×96), playing the
 * camera; hidden when the SWF hides its Video; moved when the SWF changes its stage's scale mode and alignment. And
 * fixtures/video-phone: a DIRECT_CONNECTIONS stream's picture from another page, laid the same way; and
 * fixtures/multicast-video: a multicast stream's picture at each of two viewers.
 */
import { readFileSync } from "node:fs";
import { chromium, type Page } from "playwright-core";
import { pollUntil, startEndToEnd, type EndToEnd } from "./support/browser.js";

interface Overlay {
  /** The overlay's box relative to the player element's, CSS pixels; null without an overlay. */
  box: { x: number; y: number; width: number; height: number } | null;
  shown: boolean;
  playing: boolean;
  videoWidth: number;
  /** A few pixels of the picture (a 16×12 copy). */
  pixels: number[];
  traces: string[];
}

/** Reads the overlay in the page. */
function readOverlay(page: Page): Promise<Overlay> {
  return page.evaluate(() => {
    const player = [...document.querySelectorAll("*")].find((element) => element.tagName.startsWith("RUFFLE-")) as HTMLElement | undefined;
    const video = document.querySelector<HTMLVideoElement>('video[data-flashmesh="video-overlay"]');
    const traces = (globalThis as unknown as { fixture: { traces: string[] } }).fixture.traces;
    if (player === undefined || video === null) return { box: null, shown: false, playing: false, videoWidth: 0, pixels: [], traces };
    const outer = player.getBoundingClientRect();
    const inner = video.getBoundingClientRect();
    const canvas = document.createElement("canvas");
    canvas.width = 16;
    canvas.height = 12;
    const context = canvas.getContext("2d", { willReadFrequently: true })!;
    context.drawImage(video, 0, 0, 16, 12);
    return {
      box: { x: inner.left - outer.left, y: inner.top - outer.top, width: inner.width, height: inner.height },
      shown: getComputedStyle(video).display !== "none",
      playing: !video.paused && video.readyState >= 2,
      videoWidth: video.videoWidth,
      pixels: [...context.getImageData(0, 0, 16, 12).data],
      traces,
    };
  });
}

/** Calls an ExternalInterface callback the fixture registered, on its player element. */
function callSwf(page: Page, name: string, ...args: unknown[]): Promise<void> {
  return page.evaluate(
    ([callback, values]) => {
      const player = [...document.querySelectorAll("*")].find((element) => element.tagName.startsWith("RUFFLE-")) as unknown as Record<string, (...a: unknown[]) => unknown>;
      player[callback as string]!(...(values as unknown[]));
    },
    [name, args] as const,
  );
}

const near = (box: Overlay["box"], x: number, y: number, width: number, height: number): boolean =>
  box !== null && Math.abs(box.x - x) <= 1 && Math.abs(box.y - y) <= 1 && Math.abs(box.width - width) <= 1 && Math.abs(box.height - height) <= 1;

describe("a SWF's Video shows the camera where the SWF put it (Ruffle, Chromium's fake camera)", () => {
  let e2e: EndToEnd;

  beforeAll(async () => {
    e2e = await startEndToEnd();
  }, 60_000);
  afterAll(async () => {
    await e2e.close();
  });

  it("lays a playing <video> over the Video's stage rectangle, hides it with the Video, follows the stage's scale mode", async () => {
    const page = await e2e.openPage("/fixture.html?swf=fixtures/camera-preview/case.swf&mode=url");
    const first = await pollUntil(() => readOverlay(page), (overlay) => overlay.traces.includes("done") && overlay.playing && overlay.shown, 30_000, "the preview");
    expect(first.traces).toContain("preview 320x240");
    expect(first.videoWidth).toBe(320);
    // showAll, 400×300 into 320×240: scale 0.8, no bars.
    expect(near(first.box, 32, 24, 128, 96)).withContext(JSON.stringify(first.box)).toBeTrue();
    // The fake camera's picture moves.
    await pollUntil(() => readOverlay(page), (overlay) => overlay.pixels.some((value, i) => value !== first.pixels[i]), 20_000, "a changed pixel");

    await callSwf(page, "setVideoVisible", false);
    await pollUntil(() => readOverlay(page), (overlay) => !overlay.shown, 20_000, "the overlay hidden with the Video");
    await callSwf(page, "setVideoVisible", true);
    await pollUntil(() => readOverlay(page), (overlay) => overlay.shown, 20_000, "the overlay shown again");

    // noScale, top left: stage pixels are CSS pixels from the player's corner.
    await callSwf(page, "setStageLayout", "noScale", "TL");
    await pollUntil(() => readOverlay(page), (overlay) => near(overlay.box, 40, 30, 160, 120), 20_000, "the overlay at 40,30 160×120");
    // exactFit in a player made 400×150: x × 1, y × 0.5.
    await callSwf(page, "setStageLayout", "exactFit", "");
    await page.evaluate(() => {
      const player = [...document.querySelectorAll("*")].find((element) => element.tagName.startsWith("RUFFLE-")) as HTMLElement;
      player.style.width = "400px";
      player.style.height = "150px";
    });
    await pollUntil(() => readOverlay(page), (overlay) => near(overlay.box, 40, 15, 160, 60), 20_000, "the overlay at 40,15 160×60");
    await page.close();
  }, 180_000);

  it("a P2P stream's picture: each of two video-phone players shows the other's camera, moving and not black, on its Video's rectangle", async () => {
    // fixtures/video-phone: a 400×300 movie, the other's picture in a 160×120 Video at 220,30 (showAll at 0.8: 176,24 128×96).
    const pages = [await e2e.openPage("/fixture.html?swf=fixtures/video-phone/case.swf&mode=url"), await e2e.openPage("/fixture.html?swf=fixtures/video-phone/case.swf&mode=url")];
    try {
      for (const page of pages) {
        const first = await pollUntil(() => readOverlay(page), (overlay) => overlay.traces.includes("done") && overlay.playing && overlay.shown, 60_000, "the other's picture");
        expect(near(first.box, 176, 24, 128, 96)).withContext(JSON.stringify(first.box)).toBeTrue();
        expect(first.videoWidth).toBeGreaterThan(2);
        // Not black: Chromium's fake camera draws a coloured, moving pattern.
        const rgb = first.pixels.filter((_, i) => i % 4 !== 3);
        expect(Math.max(...rgb)).toBeGreaterThan(64);
        await pollUntil(() => readOverlay(page), (overlay) => overlay.pixels.some((value, i) => value !== first.pixels[i]), 20_000, "a changed pixel of the other's picture");
      }
    } finally {
      for (const page of pages) await page.close();
    }
  }, 180_000);

  it("a multicast stream's picture: each of two multicast-video viewers shows the publisher's camera, moving and not black, on its Video's rectangle", async () => {
    // fixtures/multicast-video: the viewers' Video is 160×120 at 220,30 of a 400×300 movie (showAll at 0.8: 176,24 128×96).
    const open = (role: string): Promise<Page> => e2e.openPage(`/fixture.html?swf=fixtures/multicast-video/case.swf&mode=url&flashvars=${encodeURIComponent(`role=${role}`)}`);
    const pages = [await open("publisher"), await open("viewer"), await open("viewer")];
    try {
      for (const page of pages.slice(1)) {
        const first = await pollUntil(() => readOverlay(page), (overlay) => overlay.traces.includes("done") && overlay.playing && overlay.shown, 60_000, "the publisher's picture");
        expect(near(first.box, 176, 24, 128, 96)).withContext(JSON.stringify(first.box)).toBeTrue();
        expect(first.videoWidth).toBe(320);
        const rgb = first.pixels.filter((_, i) => i % 4 !== 3);
        expect(Math.max(...rgb)).toBeGreaterThan(64);
        await pollUntil(() => readOverlay(page), (overlay) => overlay.pixels.some((value, i) => value !== first.pixels[i]), 20_000, "a changed pixel of the publisher's picture");
      }
      await pollUntil(() => readOverlay(pages[0]!), (overlay) => overlay.traces.includes("done"), 30_000, "the publisher's done");
    } finally {
      for (const page of pages) await page.close();
    }
  }, 180_000);

  it("a camera the user refused: StatusEvent Camera.Muted, muted stays true, no overlay shown", async () => {
    // A browser of its own without the flag that grants every prompt: headless Chromium then refuses the camera.
    const flags = (JSON.parse(readFileSync("scripts/chromium-flags.json", "utf8")) as { flags: string[] }).flags.filter((flag) => flag !== "--use-fake-ui-for-media-stream");
    const browser = await chromium.launch({ executablePath: process.env["CHROME_BIN"] ?? "/usr/bin/chromium", args: flags, headless: true, timeout: 30_000 });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${e2e.serverUrl}/fixture.html?swf=fixtures/camera-preview/case.swf&mode=url`);
      const overlay = await pollUntil(() => readOverlay(page), (state) => state.traces.some((line) => line.startsWith("camera status")), 30_000, "the camera's status");
      expect(overlay.traces).toEqual(["camera muted before anyone asked: true", "camera status Camera.Muted (status)"]);
      expect(overlay.shown).toBeFalse();
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
