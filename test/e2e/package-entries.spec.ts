/**
 * The package's two ESM entries are one module graph: a page that imports "flashmesh" and "flashmesh/shim" by
 * package name (bundled from dist/, as a bundler user's page is) configures flashmesh through the library entry, and
 * the SWFs Ruffle runs use that configuration; the library's NetGroup and inspectNetGroup() see the SWFs' groups.
 * With two copies of the library (one per entry), the configured session opener would never be called and the
 * SWFs' groups would be foreign objects to the library entry.
 */
import { readFileSync } from "node:fs";
import type { EntriesReport } from "./pages/package-entries.js";
import { pollUntil, startEndToEnd, type EndToEnd } from "./support/browser.js";

const CASE = "connect-and-join";
const expected = readFileSync(`fixtures/${CASE}/expected.txt`, "utf8").trimEnd().split("\n");
const { timeoutMs } = JSON.parse(readFileSync(`fixtures/${CASE}/case.json`, "utf8")) as { timeoutMs: number };

describe('"flashmesh" and "flashmesh/shim" from dist/ on one page', () => {
  let e2e: EndToEnd;
  beforeAll(async () => {
    e2e = await startEndToEnd();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it("configure() from the library entry reaches the SWFs in Ruffle, and the library sees their NetGroups", async () => {
    const page = await e2e.openPage(`/package-entries.html?swf=fixtures/${CASE}/case.swf&count=2`);
    try {
      const report = await pollUntil(
        () => page.evaluate(() => (globalThis as unknown as { entries: { report(): EntriesReport } }).entries.report()),
        (r) => r.error !== null || r.traces.filter((line) => line === "done").length === 2,
        timeoutMs,
        "both players to print done",
      );
      expect(report.error).toBeNull();
      expect([...report.traces].sort()).toEqual([...expected, ...expected].sort());
      // Both SWFs' connections went through the opener configured from "flashmesh", to this page's server.
      expect(report.sessions).toEqual([`${e2e.serverUrl} fixture-developer-key/`, `${e2e.serverUrl} fixture-developer-key/`]);
      expect(report.groups.length).toBe(2);
      for (const group of report.groups) {
        expect(group.isLibraryNetGroup).toBeTrue();
        expect(group.view?.connected).toBeTrue();
        expect(group.view?.name).toBe("flashmesh/fixtures/connect-and-join");
      }
      const [a, b] = report.groups.map((group) => group.view!);
      expect(a!.neighbors.map((n) => n.address)).toEqual([b!.self!.address]);
      expect(b!.neighbors.map((n) => n.address)).toEqual([a!.self!.address]);
    } finally {
      await page.close();
    }
  });
});
