/**
 * Every conformance fixture end to end: real Chromium, real Ruffle, the drop-in flashmesh.js, a real
 * `flashmesh serve` on 127.0.0.1 (inside the test namespace), one page per player. Each player's whole trace, read
 * once every player has printed `done` and read again just before the pages close, must equal the case's
 * expected.txt (so a duplicate or an error after `done` fails too), with group addresses written as `<me>` and
 * `<peer N>` (see normaliseAddresses). flashmesh must rewrite every case's SWF, except a `passThrough` case's, which
 * Ruffle must get byte for byte as it is on disk.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { pollUntil, startEndToEnd, type EndToEnd } from "./support/browser.js";
import { meshReport } from "./support/meshReport.js";

/** A part several players of a case choose at run time, each printing `role <name>` first (case.json `chosenRoles`). */
interface ChosenRole {
  readonly players: number;
  readonly expected: string[];
}

interface Case {
  readonly name: string;
  /**
   * case.json `chosenRoles`: the traces by role, when the players themselves settle who plays which part (a seeder
   * and its fetchers: whoever joins first seeds); then `expected` is unused.
   */
  readonly chosenRoles: Readonly<Record<string, ChosenRole>> | null;
  /** FlashVars for every player, as a query string. */
  readonly flashvars: string;
  readonly players: number;
  readonly timeoutMs: number;
  readonly expected: string[];
  /**
   * case.json `roles`: players that differ (a publisher and its subscribers), each with its own FlashVars (added to
   * the case's) and expected trace. Empty: every player is alike.
   */
  readonly roles: readonly { readonly flashvars: string; readonly expected: string[] }[];
  /** case.json `passThrough`: the rewriter must hand Ruffle the SWF byte for byte. */
  readonly passThrough: boolean;
  /** SHA-256 of case.swf as committed. */
  readonly sha256: string;
  /** The page's urlRewriteRules (string pairs), as a query parameter for the fixture page. */
  readonly urlRewriteRules: string;
}

const CASES: Case[] = readdirSync("fixtures", { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join("fixtures", entry.name, "case.json")))
  .map((entry) => {
    const json = JSON.parse(readFileSync(join("fixtures", entry.name, "case.json"), "utf8")) as {
      players: number;
      timeoutMs: number;
      expected?: string;
      flashvars?: Record<string, string>;
      roles?: { flashvars: Record<string, string>; expected: string }[];
      chosenRoles?: Record<string, { players: number; expected: string }>;
      passThrough?: boolean;
      urlRewriteRules?: [string, string][];
    };
    const read = (file: string): string[] => readFileSync(join("fixtures", entry.name, file), "utf8").trimEnd().split("\n");
    const expected = json.expected === undefined ? [] : read(json.expected);
    const roles = (json.roles ?? []).map((role) => ({ flashvars: new URLSearchParams({ ...json.flashvars, ...role.flashvars }).toString(), expected: read(role.expected) }));
    const chosenRoles = json.chosenRoles === undefined ? null : Object.fromEntries(Object.entries(json.chosenRoles).map(([role, { players, expected }]) => [role, { players, expected: read(expected) }]));
    const sha256 = createHash("sha256").update(readFileSync(join("fixtures", entry.name, "case.swf"))).digest("hex");
    const players = roles.length > 0 ? roles.length : json.players;
    return { name: entry.name, players, timeoutMs: json.timeoutMs, expected, roles, chosenRoles, flashvars: new URLSearchParams(json.flashvars ?? {}).toString(), passThrough: json.passThrough === true, sha256, urlRewriteRules: JSON.stringify(json.urlRewriteRules ?? []) };
  });

interface FixtureState {
  traces: string[];
  loaded: boolean;
  error: string | null;
  swfs: { label: string; rewritten: boolean; sha256: string | null }[];
}

const stateOf = (page: Page): Promise<FixtureState> => page.evaluate(() => (globalThis as unknown as { fixture: FixtureState }).fixture);

const GROUP_ADDRESS = /\b[0-9a-f]{64}\b/g;

/**
 * A fixture that prints group addresses prints its own first (fixtures/README.md). In `trace`, the player's own
 * address becomes `<me>` and the other players' addresses `<peer 1>`, `<peer 2>`, … in the order they first appear,
 * so one expected.txt fits every player while "one post heard twice, another never" still differs
 * (`<peer 1>` twice, no `<peer 2>`). Any other 64-hex-digit word stays as it is, and so fails the comparison.
 */
function normaliseAddresses(trace: readonly string[], own: string | null, players: readonly (string | null)[]): string[] {
  const peers = new Map<string, string>();
  return trace.map((line) =>
    line.replace(GROUP_ADDRESS, (address) => {
      if (address === own) return "<me>";
      if (!players.includes(address)) return address;
      if (!peers.has(address)) peers.set(address, `<peer ${peers.size + 1}>`);
      return peers.get(address)!;
    }),
  );
}

const ownAddress = (trace: readonly string[]): string | null => trace.join("\n").match(GROUP_ADDRESS)?.[0] ?? null;

/** Runs one case on one page per mode; returns each player's whole trace, addresses normalised. */
async function runCase(e2e: EndToEnd, fixture: Case, modes: readonly string[]): Promise<string[][]> {
  const { name, timeoutMs } = fixture;
  const pages: Page[] = [];
  const rules = encodeURIComponent(fixture.urlRewriteRules);
  for (const [i, mode] of modes.entries()) {
    const flashvars = encodeURIComponent(fixture.roles[i]?.flashvars ?? fixture.flashvars);
    pages.push(await e2e.openPage(`/fixture.html?swf=fixtures/${name}/case.swf&mode=${mode}&flashvars=${flashvars}&rules=${rules}`));
  }
  try {
    const states = await pollUntil(
      () => Promise.all(pages.map(stateOf)),
      (all) => all.every((s) => s.error !== null || s.traces.includes("done")),
      timeoutMs,
      `every player of ${name} to print done`,
    ).catch(async (error: Error) => {
      // Say where each player stopped: its connections, groups and streams as flashmesh sees them now.
      const reports = await Promise.all(pages.map(meshReport));
      throw new Error(`${error.message}\n${reports.map((report, i) => `player ${i + 1}:\n${report}`).join("\n")}`);
    });
    for (const state of states) expect(state.error).toBeNull();
    // What flashmesh handed Ruffle: a rewritten SWF, or (passThrough) the file itself, byte for byte.
    const seen = await pollUntil(() => Promise.all(pages.map(stateOf)), (all) => all.every((s) => s.swfs.every((swf) => swf.sha256 !== null)), 10_000, "the SWF hashes");
    for (const [i, state] of seen.entries()) {
      expect(state.swfs.map((swf) => swf.rewritten)).withContext(`player ${i + 1}: rewritten?`).toEqual([!fixture.passThrough]);
      if (fixture.passThrough) expect(state.swfs[0]?.sha256).withContext(`player ${i + 1}: the bytes Ruffle got`).toBe(fixture.sha256);
    }
    // Read again just before closing: lines that came after every player's `done` count too.
    const last = await Promise.all(pages.map(stateOf));
    const own = last.map((state) => ownAddress(state.traces));
    return last.map((state, i) => normaliseAddresses(state.traces, own[i]!, own));
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

  it("has exactly one byte-for-byte pass-through case (no-p2p), and it has no P2P to rewrite", () => {
    expect(CASES.filter((c) => c.passThrough).map((c) => c.name)).toEqual(["no-p2p"]);
  });

  for (const fixture of CASES) {
    it(`${fixture.name}: ${fixture.players} player(s) print the expected trace${fixture.passThrough ? ", from the SWF as it is on disk" : ", from a rewritten SWF"}`, async () => {
      const traces = await runCase(e2e, fixture, Array.from({ length: fixture.players }, () => "url"));
      if (fixture.chosenRoles === null) return traces.forEach((trace, i) => expect(trace).withContext(`player ${i + 1}`).toEqual(fixture.roles[i]?.expected ?? fixture.expected));
      // Players that choose their parts: each prints `role <name>` (the same choice on every player), then that role's trace.
      const played = traces.map((trace) => trace.find((line) => line.startsWith("role "))?.slice("role ".length) ?? "(none)");
      const counts = Object.fromEntries(Object.entries(fixture.chosenRoles).map(([role, { players }]) => [role, players]));
      expect(Object.fromEntries(Object.keys(counts).map((role) => [role, played.filter((name) => name === role).length]))).withContext("players per role").toEqual(counts);
      traces.forEach((trace, i) => expect(trace).withContext(`player ${i + 1} (${played[i]})`).toEqual(fixture.chosenRoles![played[i]!]?.expected ?? []));
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
