/**
 * The committed bytes are what their sources build to: the injected classes (shim/proxies) and every fixture SWF,
 * rebuilt with Debian's Haxe when it is installed (npm test installs it as root).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = process.cwd();
const haxe = spawnSync("haxe", ["-version"]).status === 0;

describe("committed builds", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "flashmesh-rebuild-"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  beforeEach(() => {
    if (!haxe) pending("Haxe is not installed: the committed bytes cannot be rebuilt here");
  });

  it("shim/proxies/flashmesh-proxies.abc is what npm run build:proxies makes", () => {
    const out = join(work, "proxies.abc");
    execFileSync(process.execPath, ["scripts/build-proxies.mjs", "--out", out], { cwd: ROOT, stdio: "pipe" });
    expect(readFileSync(out).equals(readFileSync(join(ROOT, "shim/proxies/flashmesh-proxies.abc")))).withContext("run npm run build:proxies and commit the result").toBeTrue();
  });

  it("every Haxe fixture's case.swf is what its Build: line makes", () => {
    execFileSync(process.execPath, ["scripts/build-fixtures.mjs", "--only", "haxe", "--out", work], { cwd: ROOT, stdio: "pipe" });
    const built = readdirSync(work).filter((file) => file.endsWith(".swf"));
    expect(built.length).toBeGreaterThanOrEqual(6);
    for (const file of built) {
      const name = file.slice(0, -4);
      expect(readFileSync(join(work, file)).equals(readFileSync(join(ROOT, "fixtures", name, "case.swf")))).withContext(name).toBeTrue();
    }
  });
});
