/**
 * The player page as a person uses it (`npm start`, then a browser at 1280×800): a real `flashmesh serve` with its
 * default player, real Chromium. The posting-chat demo in two tabs that find each other; every kind of bad file
 * gets a plain message over the stage, with what to do, and "Open another peer" only for SWFs on the mesh.
 * Screenshots for review go to build/test-results (player-*.png).
 */
import { deflateSync, inflateSync } from "node:zlib";
import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { convertPeerIDToGroupAddress } from "../../as3-api/wire/identity.js";
import { pollUntil, startEndToEnd, type EndToEnd } from "./support/browser.js";
import { panel, screenshot, waitOnMesh } from "./playerPage.js";

/** An uncompressed copy of a CWS SWF. */
function uncompressed(cws: Buffer): Buffer {
  const body = inflateSync(cws.subarray(8));
  const header = Buffer.from(cws.subarray(0, 8));
  header.write("FWS", 0, "latin1");
  return Buffer.concat([header, body]);
}

/** A complete SWF whose first DoABC tag claims far more bytes than there are: damaged, not cut short. */
function damagedSwf(cws: Buffer): Buffer {
  const fws = uncompressed(cws);
  const doAbc = fws.indexOf(Buffer.from([0xbf, 0x14]), 20); // DoABC (82), long form
  if (doAbc < 0) throw new Error("no DoABC tag found");
  fws.writeUInt32LE(0x7fffffff, doAbc + 2);
  const body = deflateSync(fws.subarray(8));
  const header = Buffer.from(fws.subarray(0, 8));
  header.write("CWS", 0, "latin1");
  return Buffer.concat([header, body]);
}

/** The smallest ActionScript 1/2 SWF: version 8, no FileAttributes, one empty frame. */
function actionScript2Swf(): Buffer {
  const body = Buffer.from([0x00, 0x00, 0x0c, 0x01, 0x00, 0x40, 0x00, 0x00, 0x00]); // RECT 0, 12 fps, 1 frame, ShowFrame, End
  const header = Buffer.alloc(8);
  header.write("FWS", 0, "latin1");
  header[3] = 8;
  header.writeUInt32LE(8 + body.length, 4);
  return Buffer.concat([header, body]);
}

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
    context = await e2e.newContext({ viewport: { width: 1280, height: 800 } });
  });
  afterEach(async () => {
    await context.close();
  });

  it("runs the posting-chat demo in two tabs that find each other and exchange a post", async () => {
    const first = await context.newPage();
    await first.goto(`${e2e.serverUrl}/`);
    await first.getByRole("button", { name: "posting-chat" }).click();
    await waitOnMesh(first);
    const [second] = await Promise.all([context.waitForEvent("page"), first.getByRole("button", { name: "Open another peer" }).click()]);
    await second.waitForLoadState();
    expect(second.url()).toContain("/play?swf=");
    const [a, b] = await pollUntil(
      () => Promise.all([panel(first), panel(second)]),
      // The panel redraws twice a second, the trace list at once: wait for both.
      (both) => both.every((p) => p.neighbours.length === 1 && p.traces.includes("done") && p.posts.startsWith("1 ")),
      40_000,
      "both tabs to list one neighbour, print done and count the post",
    );
    expect(a.neighbours).toEqual([b.nearID]);
    expect(b.neighbours).toEqual([a.nearID]);
    for (const [p, other] of [[a, b] as const, [b, a] as const]) {
      expect(p.traces).toContain(`heard hello mesh #0 from ${convertPeerIDToGroupAddress(other.nearID)} (messageID ok)`);
      expect(p.posts).toMatch(/^1 /);
    }
    // The event list shows the SWF's post as its value (the SWF's own AMF3, decoded for the page), who first.
    const postLine = (await first.locator("#panel ol.events li").allTextContents()).find((line) => line.includes("NetGroup.Posting.Notify"));
    expect(postLine).withContext("a Posting.Notify line").toMatch(/NetGroup\.Posting\.Notify \{user: "player", sender: [0-9a-f]{8}…, text: "hello mesh"/);
    expect(await first.locator("#panel svg.ring circle.neighbor").count()).toBe(1);
    // The link counters saw the post go out and come in.
    await pollUntil(() => first.locator("#panel svg.ring text.link-count").textContent(), (text) => /↓[1-9]\d* ↑[1-9]/.test(text ?? ""), 5000, "the link to count a post each way");
    await screenshot(first, "player-mesh");
  });

  it("opens a part of a demo whose players differ from the gallery, its FlashVars from the address: server-file-share's sharer and downloader in two tabs exchange the file", async () => {
    const sharer = await context.newPage();
    await sharer.goto(`${e2e.serverUrl}/`);
    const row = sharer.locator("#demo-list li", { has: sharer.getByRole("button", { name: "server-file-share", exact: true }) });
    await row.getByRole("button", { name: "sharer", exact: true }).click();
    await waitOnMesh(sharer);
    expect(decodeURIComponent(sharer.url())).toContain("/play?swf=/fixtures/server-file-share/case.swf?role=sharer");
    // The other part in another tab, as its gallery button (or the address it put in the URL) opens it.
    const downloader = await context.newPage();
    await downloader.goto(`${e2e.serverUrl}/play?swf=${encodeURIComponent("/fixtures/server-file-share/case.swf?role=downloader")}`);
    const [a, b] = await pollUntil(() => Promise.all([panel(sharer), panel(downloader)]), (both) => both.every((p) => p.traces.includes("done")), 60_000, "the sharer and the downloader to print done");
    // Each SWF read its role from loaderInfo.parameters: the page passed the address's query string as FlashVars.
    expect(a.traces).toContain("sent fixture-file.bin in 4 chunks");
    expect(b.traces).toContain("as the registry said: size true, hash true");
    expect(await downloader.title()).toContain("the server-file-share demo (downloader)");
  });

  describe("says over the stage what went wrong and what to do", () => {
    let tab: Page;
    const notice = (): Promise<{ visible: boolean; title: string; text: string; todo: string; anotherPeer: boolean }> =>
      tab.evaluate(() => ({
        visible: !(document.querySelector("#notice") as HTMLElement).hidden,
        title: document.querySelector("#notice-title")?.textContent ?? "",
        text: document.querySelector("#notice-text")?.textContent ?? "",
        todo: document.querySelector("#notice-todo")?.textContent ?? "",
        anotherPeer: !(document.querySelector("#another-peer") as HTMLElement).hidden,
      }));
    const choose = (name: string, buffer: Buffer): Promise<void> => tab.locator("#swf-file").setInputFiles({ name, mimeType: "application/x-shockwave-flash", buffer });
    const openAddress = async (url: string): Promise<void> => {
      await tab.locator("#swf-url").fill(url);
      await tab.getByRole("button", { name: "Open", exact: true }).click();
    };
    /** Waits for the notice titled `title`, checks it sits over the stage, and saves a screenshot. */
    async function expectNotice(title: string, shot: string): Promise<{ text: string; todo: string }> {
      const shown = await pollUntil(notice, (n) => n.visible && n.title === title, 15_000, `the notice "${title}"`);
      const [stage, box] = [await tab.locator("#stage").boundingBox(), await tab.locator("#notice .notice-box").boundingBox()];
      expect(box!.y).toBeGreaterThanOrEqual(stage!.y);
      expect(box!.y + box!.height).toBeLessThanOrEqual(stage!.y + stage!.height + 1);
      expect(box!.y + box!.height).toBeLessThan(800); // above the fold
      expect(shown.anotherPeer).withContext("Open another peer is only for SWFs on the mesh").toBe(false);
      expect(shown.todo.length).toBeGreaterThan(10);
      await screenshot(tab, `player-failure-${shot}`);
      return shown;
    }
    const swf = readFileSync("fixtures/posting-chat/case.swf");

    beforeEach(async () => {
      tab = await context.newPage();
      await tab.goto(`${e2e.serverUrl}/?limitMB=1`);
    });

    it("a file that is not a SWF", async () => {
      await choose("notes.txt", Buffer.from("Hello, this is not a SWF at all."));
      const { text } = await expectNotice("This is not a SWF", "not-a-swf");
      expect(text).toContain('notes.txt is not a SWF (it starts with "Hello, this is not a SWF at al")');
    });

    it("a SWF cut short", async () => {
      await choose("cut.swf", swf.subarray(0, swf.length - 200));
      const { text, todo } = await expectNotice("This SWF is cut short", "truncated");
      expect(text).toMatch(/^cut\.swf ends early: only \d+% of it is there/);
      expect(todo).toContain("Download it again");
    });

    it("a damaged SWF", async () => {
      await choose("broken.swf", damagedSwf(swf));
      const { text } = await expectNotice("This SWF is damaged", "damaged");
      expect(text).toContain("broken.swf could not be read: part of it is corrupt");
    });

    it("a SWF larger than the limit", async () => {
      await choose("huge.swf", Buffer.concat([swf, Buffer.alloc(2 * 1024 * 1024)]));
      const { text } = await expectNotice("Too large to open", "too-large");
      expect(text).toMatch(/^huge\.swf is 2\.\d MB; this page opens SWFs up to 1 MB\.$/);
    });

    it("a download that failed", async () => {
      await openAddress("/fixtures/no-such-demo/case.swf");
      const { text, todo } = await expectNotice("Download failed", "download");
      expect(text).toContain("its server answered 404");
      expect(todo).toContain("Check the address");
    });

    it("an ActionScript 1/2 SWF (it plays, without the mesh)", async () => {
      await choose("old.swf", actionScript2Swf());
      const { text } = await expectNotice("Plays without the mesh", "avm1");
      expect(text).toContain("old.swf is an ActionScript 1/2 movie");
    });

    it("a SWF without P2P (it plays, without the mesh)", async () => {
      await openAddress("/fixtures/no-p2p/case.swf");
      const { text } = await expectNotice("Plays without the mesh", "no-p2p");
      expect(text).toContain("The no-p2p demo does not use NetConnection or NetGroup");
      await pollUntil(() => panel(tab), (p) => p.traces.includes("done"), 15_000, "the SWF to run anyway");
    });
  });
});
