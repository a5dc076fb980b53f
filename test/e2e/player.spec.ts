/**
 * The player page as a person uses it (`npm start`, then a browser): a real `flashmesh serve` with its default
 * player, real Chromium. Opens the posting-chat demo, opens another peer in a new tab, and checks that both panels
 * show each other as neighbours and that a post crossed; saves a screenshot of the mesh view for review
 * (build/test-results/player-mesh.png). Bad files get clear messages.
 */
import { mkdirSync, readFileSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { convertPeerIDToGroupAddress } from "../../as3-api/wire/identity.js";
import { pollUntil, startEndToEnd, type EndToEnd } from "./support/browser.js";

describe("the player page (npm start)", () => {
  let e2e: EndToEnd;
  let context: BrowserContext;

  beforeAll(async () => {
    e2e = await startEndToEnd({ site: false });
  });
  afterAll(async () => {
    await e2e?.close();
  });
  beforeEach(async () => {
    context = await e2e.newContext({ viewport: { width: 1100, height: 900 } });
  });
  afterEach(async () => {
    await context.close();
  });

  const panel = (page: Page): Promise<{ neighbours: string[]; nearID: string; posts: string; traces: string[] }> =>
    page.evaluate(() => {
      const dd = (term: string): string => [...document.querySelectorAll("#panel dt")].find((dt) => dt.textContent === term)?.nextElementSibling?.textContent ?? "";
      return {
        neighbours: [...document.querySelectorAll("#panel .neighbours li")].map((li) => li.textContent ?? ""),
        nearID: dd("nearID"),
        posts: dd("Posts received"),
        traces: [...document.querySelectorAll("#traces li")].map((li) => li.textContent ?? ""),
      };
    });

  it("runs the posting-chat demo in two tabs that find each other and exchange a post", async () => {
    const first = await context.newPage();
    await first.goto(`${e2e.serverUrl}/`);
    await first.getByRole("button", { name: "posting-chat" }).click();
    await pollUntil(() => first.locator("#message").textContent(), (text) => text?.includes("runs on the mesh") ?? false, 20_000, "the SWF to be on the mesh");
    const [second] = await Promise.all([context.waitForEvent("page"), first.getByRole("button", { name: "Open another peer" }).click()]);
    await second.waitForLoadState();
    expect(second.url()).toContain("/play?swf=");
    const [a, b] = await pollUntil(
      () => Promise.all([panel(first), panel(second)]),
      (both) => both.every((p) => p.neighbours.length === 1 && p.traces.includes("done")),
      40_000,
      "both tabs to list one neighbour and print done",
    );
    expect(a.neighbours).toEqual([b.nearID]);
    expect(b.neighbours).toEqual([a.nearID]);
    for (const [p, other] of [[a, b] as const, [b, a] as const]) {
      expect(p.traces).toContain(`heard hello mesh #0 from ${convertPeerIDToGroupAddress(other.nearID)} (messageID ok)`);
      expect(p.posts).toMatch(/^1 /);
    }
    expect(await first.locator("#panel svg.ring circle.neighbor").count()).toBe(1);
    mkdirSync("build/test-results", { recursive: true });
    await first.screenshot({ path: "build/test-results/player-mesh.png", fullPage: true });
  });

  it("says clearly when a file is not a SWF, is damaged, is too large, or does not use P2P", async () => {
    const tab = await context.newPage();
    await tab.goto(`${e2e.serverUrl}/?limitMB=1`);
    const message = (): Promise<string> => tab.locator("#message").textContent().then((text) => text ?? "");
    const choose = (name: string, buffer: Buffer): Promise<void> => tab.locator("#swf-file").setInputFiles({ name, mimeType: "application/x-shockwave-flash", buffer });

    await choose("notes.txt", Buffer.from("Hello, this is not a SWF at all."));
    await pollUntil(message, (text) => text.includes("is not a SWF"), 5000, "the not-a-SWF message");
    expect(await message()).toContain('notes.txt is not a SWF (it starts with "Hello, this is not a SWF at al")');

    const swf = readFileSync("fixtures/posting-chat/case.swf");
    await choose("cut.swf", swf.subarray(0, swf.length - 200));
    await pollUntil(message, (text) => text.includes("could not be read"), 10_000, "the damaged-SWF message");

    await choose("huge.swf", Buffer.concat([swf, Buffer.alloc(2 * 1024 * 1024)]));
    await pollUntil(message, (text) => text.includes("MB"), 5000, "the too-large message");
    expect(await message()).toMatch(/huge\.swf is 2\.\d MB; the player opens SWFs up to 1 MB\./);

    await tab.locator("#swf-url").fill("/fixtures/no-p2p/case.swf");
    await tab.getByRole("button", { name: "Open", exact: true }).click();
    await pollUntil(message, (text) => text.includes("does not use NetConnection"), 10_000, "the no-P2P message");
    await pollUntil(() => tab.locator("#traces li").allTextContents(), (lines) => lines.includes("done"), 10_000, "the SWF to run anyway");
  });
});
