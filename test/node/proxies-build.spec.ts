/**
 * The committed bytes are what their sources build to: the injected classes (shim/proxies) and every fixture SWF.
 * Haxe builds are rebuilt with Debian's Haxe when it is installed (npm test installs it as root) and compared byte
 * for byte. mxmlc builds (Main.as, Main.mxml) are rebuilt when the Flex SDK is installed in node_modules
 * (`npm install --no-save --ignore-scripts flex-sdk@4.6.0-0`, never a dependency) and compared with the build
 * stamps masked (test/support/swfBuildCompare.ts); where it is not, that spec is reported as skipped (pending).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtSwfDifferences } from "../support/swfBuildCompare.js";

const ROOT = process.cwd();
// The same checks as scripts/build-fixtures.mjs's compilerAvailable (not imported: it would be bundled here).
const haxe = spawnSync("haxe", ["-version"]).status === 0;
const mxmlc = existsSync(join(ROOT, "node_modules/flex-sdk/lib/flex_sdk/lib/mxmlc.jar")) && spawnSync("java", ["-version"]).status === 0;

/** `<case>.swf` for every fixture whose source is one of `sources`. */
const casesBuiltFrom = (sources: readonly string[]): string[] =>
  readdirSync(join(ROOT, "fixtures"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && sources.some((source) => existsSync(join(ROOT, "fixtures", entry.name, source))))
    .map((entry) => `${entry.name}.swf`)
    .sort();

describe("committed builds", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "flashmesh-rebuild-"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("shim/proxies/flashmesh-proxies.abc is what npm run build:proxies makes", () => {
    if (!haxe) pending("Haxe is not installed: the committed proxies cannot be rebuilt here");
    const out = join(work, "proxies.abc");
    execFileSync(process.execPath, ["scripts/build-proxies.mjs", "--out", out], { cwd: ROOT, stdio: "pipe" });
    expect(readFileSync(out).equals(readFileSync(join(ROOT, "shim/proxies/flashmesh-proxies.abc")))).withContext("run npm run build:proxies and commit the result").toBeTrue();
  });

  it("every Haxe fixture's case.swf is what its Build: line makes", () => {
    if (!haxe) pending("Haxe is not installed: the committed Haxe fixtures cannot be rebuilt here");
    const out = join(work, "haxe");
    execFileSync(process.execPath, ["scripts/build-fixtures.mjs", "--only", "haxe", "--out", out], { cwd: ROOT, stdio: "pipe" });
    const expected = casesBuiltFrom(["Main.hx"]);
    expect(expected.length).toBeGreaterThanOrEqual(8);
    expect(readdirSync(out).sort()).toEqual(expected);
    for (const file of expected) {
      const name = file.slice(0, -4);
      expect(readFileSync(join(out, file)).equals(readFileSync(join(ROOT, "fixtures", name, "case.swf")))).withContext(`${name}: run npm run build:fixtures and commit the result`).toBeTrue();
    }
  });

  it("every mxmlc fixture's case.swf is what its Build: line makes (build stamps masked)", () => {
    if (!mxmlc) pending("the Flex SDK (npm flex-sdk@4.6.0-0) or Java is not installed: the mxmlc fixtures cannot be rebuilt here");
    const out = join(work, "mxmlc");
    execFileSync(process.execPath, ["scripts/build-fixtures.mjs", "--only", "mxmlc", "--out", out], { cwd: ROOT, stdio: "pipe" });
    const expected = casesBuiltFrom(["Main.as", "Main.mxml"]);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(readdirSync(out).sort()).toEqual(expected);
    for (const file of expected) {
      const name = file.slice(0, -4);
      const differences = builtSwfDifferences(new Uint8Array(readFileSync(join(out, file))), new Uint8Array(readFileSync(join(ROOT, "fixtures", name, "case.swf"))));
      expect(differences).withContext(`${name}: run npm run build:fixtures and commit the result`).toEqual([]);
    }
  });
});
