/**
 * Every conformance case's SWF through the rewriter in Node: a case.json `passThrough` case comes back byte for
 * byte (the very same bytes, not a rewritten copy), every other case is rewritten. The end-to-end run
 * (test/e2e/fixtures.spec.ts) checks the same on the bytes Ruffle gets in Chromium.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REDIRECTS } from "../../shim/bridge/classes/index.js";
import { rewriteSwf } from "../../shim/swf/rewrite.js";

const read = (path: string): Uint8Array => new Uint8Array(readFileSync(join(process.cwd(), path)));
const PROXIES = read("shim/proxies/flashmesh-proxies.abc");
const CASES = readdirSync("fixtures", { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join("fixtures", entry.name, "case.json")))
  .map((entry) => ({ name: entry.name, passThrough: (JSON.parse(readFileSync(join("fixtures", entry.name, "case.json"), "utf8")) as { passThrough?: boolean }).passThrough === true }));

describe("conformance cases through the rewriter", () => {
  it("has a pass-through case and cases to rewrite", () => {
    expect(CASES.filter((c) => c.passThrough).length).toBeGreaterThanOrEqual(1);
    expect(CASES.filter((c) => !c.passThrough).length).toBeGreaterThanOrEqual(8);
  });

  for (const fixture of CASES) {
    it(`${fixture.name}: ${fixture.passThrough ? "passes through byte for byte" : "is rewritten"}`, () => {
      const input = read(`fixtures/${fixture.name}/case.swf`);
      const copy = input.slice();
      const outcome = rewriteSwf(input, PROXIES, "flashmesh-token-cases", REDIRECTS);
      expect(outcome.rewritten).toBe(!fixture.passThrough);
      if (fixture.passThrough) expect(Buffer.from(outcome.bytes).equals(Buffer.from(copy))).withContext("returned bytes equal the file").toBeTrue();
      else expect(Buffer.from(outcome.bytes).equals(Buffer.from(copy))).toBeFalse();
      expect(Buffer.from(input).equals(Buffer.from(copy))).withContext("the input was not modified").toBeTrue();
    });
  }
});
