/**
 * Every conformance fixture end to end: real Chromium, real Ruffle, the drop-in flashmesh.js, a real
 * `flashmesh serve` on 127.0.0.1 (inside the test namespace), one page per player. Each player's trace, up to and
 * including its `done` line, must equal the case's expected.txt.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { pollUntil, startEndToEnd, type EndToEnd } from "./support/browser.js";

interface Case {
  readonly name: string;
  /** FlashVars for every player, as a query string. */
  readonly flashvars: string;
  readonly players: number;
  readonly timeoutMs: number;
  readonly expected: string[];
}

const CASES: Case[] = readdirSync("fixtures", { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join("fixtures", entry.name, "case.json")))
  .map((entry) => {
    const json = JSON.parse(readFileSync(join("fixtures", entry.name, "case.json"), "utf8")) as { players: number; timeoutMs: number; expected: string; flashvars?: Record<string, string> };
    const expected = readFileSync(join("fixtures", entry.name, json.expected), "utf8").trimEnd().split("\n");
    return { name: entry.name, players: json.players, timeoutMs: json.timeoutMs, expected, flashvars: new URLSearchParams(json.flashvars ?? {}).toString() };
  });

interface FixtureState {
  traces: string[];
  loaded: boolean;
  error: string | null;
}

const stateOf = (page: Page): Promise<FixtureState> => page.evaluate(() => (globalThis as unknown as { fixture: FixtureState }).fixture);
const upToDone = (traces: readonly string[]): string[] => traces.slice(0, traces.indexOf("done") + 1);

async function runCase(e2e: EndToEnd, fixture: Case, modes: readonly string[]): Promise<string[][]> {
  const { name, timeoutMs } = fixture;
  const pages: Page[] = [];
  const flashvars = encodeURIComponent(fixture.flashvars);
  for (const mode of modes) pages.push(await e2e.openPage(`/fixture.html?swf=fixtures/${name}/case.swf&mode=${mode}&flashvars=${flashvars}`));
  try {
    const states = await pollUntil(
      () => Promise.all(pages.map(stateOf)),
      (all) => all.every((s) => s.error !== null || s.traces.includes("done")),
      timeoutMs,
      `every player of ${name} to print done`,
    );
    for (const state of states) expect(state.error).toBeNull();
    return states.map((state) => upToDone(state.traces));
  } finally {
    for (const page of pages) await page.close();
  }
}

describe("conformance fixtures in Ruffle with flashmesh", () => {
  let e2e: EndToEnd;
  beforeAll(async () => {
    e2e = await startEndToEnd();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it("has cases to run", () => {
    expect(CASES.map((c) => c.name)).toEqual(jasmine.arrayContaining(["connect-and-join", "posting-chat", "routing", "errors", "no-p2p", "local-connection", "external-interface", "subclassing", "flex-connect", "as3-errors"]));
  });

  for (const fixture of CASES) {
    it(`${fixture.name}: ${fixture.players} player(s) print the expected trace`, async () => {
      const traces = await runCase(e2e, fixture, Array.from({ length: fixture.players }, () => "url"));
      traces.forEach((trace, i) => expect(trace).withContext(`player ${i + 1}`).toEqual(fixture.expected));
    });
  }

  it("works whether Ruffle gets the SWF by URL, as bytes (load({ data })) or from a polyfilled <embed>", async () => {
    const fixture = CASES.find((c) => c.name === "posting-chat")!;
    const traces = await runCase(e2e, fixture, ["url", "data", "embed"]);
    traces.forEach((trace, i) => expect(trace).withContext(["url", "data", "embed"][i]!).toEqual(fixture.expected));
  });

  it("keeps several players on one page apart (one bridge context each)", async () => {
    const fixture = CASES.find((c) => c.name === "connect-and-join")!;
    const page = await e2e.openPage(`/fixture.html?swf=fixtures/${fixture.name}/case.swf&count=2`);
    try {
      const state = await pollUntil(() => stateOf(page), (s) => s.traces.filter((line) => line === "done").length === 2, fixture.timeoutMs, "both players to print done");
      const both = state.traces.slice(0, state.traces.lastIndexOf("done") + 1);
      expect([...both].sort()).toEqual([...fixture.expected, ...fixture.expected].sort());
    } finally {
      await page.close();
    }
  });

  it("closes a removed player's connections: the other player sees NetGroup.Neighbor.Disconnect", async () => {
    const fixture = CASES.find((c) => c.name === "connect-and-join")!;
    const [leaving, staying] = [await e2e.openPage(`/fixture.html?swf=fixtures/${fixture.name}/case.swf`), await e2e.openPage(`/fixture.html?swf=fixtures/${fixture.name}/case.swf`)];
    try {
      await pollUntil(() => Promise.all([stateOf(leaving), stateOf(staying)]), (all) => all.every((s) => s.traces.includes("done")), fixture.timeoutMs, "both players to print done");
      await leaving.evaluate(() => document.querySelector("ruffle-player")?.remove());
      const contexts = (): Promise<number> => leaving.evaluate(() => (globalThis as unknown as { __flashmeshBridge: { bridge: { contexts: Map<string, unknown> } } }).__flashmeshBridge.bridge.contexts.size);
      await pollUntil(contexts, (size) => size === 0, 10_000, "the removed player's bridge context to be disposed");
      const state = await pollUntil(() => stateOf(staying), (s) => s.traces.includes("NetGroup.Neighbor.Disconnect"), 20_000, "the departure to be noticed");
      expect(state.traces.slice(state.traces.indexOf("done") + 1)).toContain("NetGroup.Neighbor.Disconnect");
    } finally {
      await leaving.close();
      await staying.close();
    }
  });
});
