/**
 * The player page's first demo as a new user meets it (README walk-through): the chat SWF in three tabs of one
 * browser, at 1280×800. Each tab types a line into the SWF's own text field; every tab shows every line with its
 * sender's name; a third tab opened later gets the earlier lines as history. Screenshots of each tab are saved
 * under build/test-results for review.
 */
import type { BrowserContext, Page } from "playwright-core";
import { pollUntil, startEndToEnd, type EndToEnd } from "./support/browser.js";
import { clickStage, hideRuffleNotices, panel, screenshot, stagePoint, waitOnMesh } from "./playerPage.js";

/** The chat SWF's stage and where its text field is (fixtures/chat/Main.hx). */
const STAGE = { width: 640, height: 420 };
const INPUT = { x: 200, y: 380 };
const SEND = { x: 574, y: 380 };

describe("the first demos in the player page (chat, whiteboard)", () => {
  let e2e: EndToEnd;
  let context: BrowserContext;

  beforeAll(async () => {
    e2e = await startEndToEnd({ site: false });
    context = await e2e.newContext({ viewport: { width: 1280, height: 800 } });
  });
  // Each test closes its tabs: Ruffle in tabs left open would load the two cores for the next test.
  afterEach(async () => {
    for (const page of context.pages()) await page.close();
  });
  afterAll(async () => {
    await context?.close();
    await e2e?.close();
  });

  /** Types `text` into the chat's text field and sends it with Enter or the Send button. */
  async function type(page: Page, text: string, send: "Enter" | "button" = "Enter"): Promise<void> {
    await hideRuffleNotices(page); // over the stage without a GPU, it would take the clicks (platform notes)
    await clickStage(page, INPUT.x, INPUT.y, STAGE.width, STAGE.height);
    await page.keyboard.type(text, { delay: 20 });
    if (send === "Enter") await page.keyboard.press("Enter");
    else await clickStage(page, SEND.x, SEND.y, STAGE.width, STAGE.height);
  }

  /** How a line from the peer with `nearID` starts in the trace: its name ends with the ID's first four digits. */
  const nameOf = (nearID: string): RegExp => new RegExp(`^chat \\w+ ${nearID.slice(0, 4)}`);

  const chatLines = async (page: Page): Promise<string[]> => (await panel(page)).traces.filter((line) => line.startsWith("chat "));

  it("shows every line with its sender in three tabs, and the history to the tab that joins last", async () => {
    const first = await context.newPage();
    await first.goto(`${e2e.serverUrl}/`);
    // What a new user sees first: the chat offered on the stage, the gallery listing it first.
    await pollUntil(() => first.locator("#demo-list button").allTextContents(), (names) => names[0] === "chat", 10_000, "the gallery with the chat first");
    expect(await first.getByRole("button", { name: "Open the chat demo" }).isVisible()).toBe(true);
    await screenshot(first, "player-start");
    await first.getByRole("button", { name: "Open the chat demo" }).click();
    await waitOnMesh(first);
    const [second] = await Promise.all([context.waitForEvent("page"), first.getByRole("button", { name: "Open another peer" }).click()]);
    await waitOnMesh(second);
    const [a, b] = [await panel(first), await panel(second)];

    await type(first, "hello from the first tab");
    await type(second, "and hello from the second", "button");
    for (const page of [first, second]) {
      await pollUntil(() => chatLines(page), (lines) => lines.some((l) => l.endsWith(": hello from the first tab")) && lines.some((l) => l.endsWith(": and hello from the second")), 20_000, "both lines in both tabs");
    }
    for (const page of [first, second]) {
      const lines = await chatLines(page);
      expect(lines.find((l) => l.endsWith(": hello from the first tab"))).toMatch(nameOf(a.nearID));
      expect(lines.find((l) => l.endsWith(": and hello from the second"))).toMatch(nameOf(b.nearID));
    }

    const [third] = await Promise.all([context.waitForEvent("page"), second.getByRole("button", { name: "Open another peer" }).click()]);
    await waitOnMesh(third);
    const history = await pollUntil(() => chatLines(third), (lines) => lines.some((l) => l.endsWith(": hello from the first tab")) && lines.some((l) => l.endsWith(": and hello from the second")), 20_000, "the history in the third tab");
    expect(history.find((l) => l.endsWith(": hello from the first tab"))).toMatch(nameOf(a.nearID));
    await type(third, "the third tab is here");
    for (const page of [first, second, third]) {
      await pollUntil(() => chatLines(page), (lines) => lines.some((l) => l.endsWith(": the third tab is here")), 20_000, "the third tab's line everywhere");
    }
    await screenshot(first, "player-chat-first-tab");
    await screenshot(third, "player-chat-third-tab");
  });

  it("shows the whiteboard strokes of one tab in the other: the ring each member draws on joining, then one drawn with the mouse", async () => {
    const first = await context.newPage();
    await first.goto(`${e2e.serverUrl}/`);
    await first.getByRole("button", { name: "Open the whiteboard" }).click();
    await waitOnMesh(first);
    const [second] = await Promise.all([context.waitForEvent("page"), first.getByRole("button", { name: "Open another peer" }).click()]);
    await waitOnMesh(second);
    await pollUntil(() => Promise.all([panel(first), panel(second)]), (both) => both.every((p) => p.neighbours.length === 1), 20_000, "the two tabs to be neighbours");
    // Each member signs the board with a ring when it joins: the second tab shows the first one's.
    const { nearID } = await panel(first);
    const drewFirst = (lines: string[]): number => lines.filter((l) => new RegExp(`^whiteboard: \\w+ ${nearID.slice(0, 4)} drew a stroke$`).test(l)).length;
    await pollUntil(() => panel(second), (p) => drewFirst(p.traces) === 1, 20_000, "the first tab's ring in the second tab");
    // Then a stroke drawn with the mouse in the first tab (Ruffle's hardware-acceleration notice, over the stage
    // without a GPU, would take the mouse: platform notes).
    await first.bringToFront();
    await hideRuffleNotices(first);
    await clickStage(first, 300, 20, STAGE.width, STAGE.height); // above the board: takes focus, draws nothing
    const from = await stagePoint(first, 120, 200, STAGE.width, STAGE.height);
    await first.mouse.move(from.x, from.y);
    await first.mouse.down();
    for (let i = 1; i <= 30; i++) await first.mouse.move(from.x + i * 14, from.y + Math.sin(i / 4) * 60, { steps: 2 });
    await first.mouse.up();
    await pollUntil(() => panel(second), (p) => drewFirst(p.traces) === 2, 20_000, "the mouse stroke in the second tab");
    await second.bringToFront();
    await screenshot(second, "player-whiteboard-second-tab");
  });

  it("runs the serverless chat between two tabs with no server in between", async () => {
    const first = await context.newPage();
    await first.goto(`${e2e.serverUrl}/`);
    await first.getByRole("button", { name: "serverless-chat", exact: true }).click();
    await waitOnMesh(first);
    const [second] = await Promise.all([context.waitForEvent("page"), first.getByRole("button", { name: "Open another peer" }).click()]);
    await waitOnMesh(second);
    const farIDs = await Promise.all([first, second].map((page) => page.evaluate(() => [...document.querySelectorAll("#panel dt")].find((dt) => dt.textContent === "farID")?.nextElementSibling?.textContent)));
    expect(farIDs).toEqual(["(serverless)", "(serverless)"]);
    await pollUntil(() => Promise.all([panel(first), panel(second)]), (both) => both.every((p) => p.neighbours.length === 1), 20_000, "the two tabs to find each other without a server");
    await type(first, "no server heard this");
    const { nearID } = await panel(first);
    const lines = await pollUntil(() => chatLines(second), (l) => l.some((line) => line.endsWith(": no server heard this")), 20_000, "the line in the other tab");
    expect(lines.find((line) => line.endsWith(": no server heard this"))).toMatch(nameOf(nearID));
    await screenshot(second, "player-serverless-chat-second-tab");
  });
});
