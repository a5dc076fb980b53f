/** The built package, as a consumer sees it: a plain Node script imports "flashmesh" (no DOM, no bundler). */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(process.cwd());

describe("the built package", () => {
  let consumer: string;
  beforeAll(() => {
    consumer = mkdtempSync(join(tmpdir(), "flashmesh-consumer-"));
    mkdirSync(join(consumer, "node_modules"));
    symlinkSync(ROOT, join(consumer, "node_modules", "flashmesh"), "dir");
  });
  afterAll(() => rmSync(consumer, { recursive: true, force: true }));

  it('lets a plain Node script print new GroupSpecifier("myGroup").toString()', () => {
    const script = 'import { GroupSpecifier } from "flashmesh"; console.log(typeof window, new GroupSpecifier("myGroup").toString());';
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: consumer, encoding: "utf8" });
    expect(output.trim()).toBe("undefined G:080e6d7947726f757000");
  });

  it("ships type declarations for the public names", () => {
    const types = join(ROOT, "dist/types/as3-api/index.d.ts");
    expect(existsSync(types)).toBeTrue();
    const text = readFileSync(types, "utf8");
    for (const name of ["GroupSpecifier", "decodeGroupspec", "encodeGroupspec", "groupIdOf", "convertPeerIDToGroupAddress", "NetStatusEvent", "EventDispatcher"]) {
      expect(text).toContain(name);
    }
  });

  it("ships a script-tag bundle that defines window.flashmesh", () => {
    const bundle = readFileSync(join(ROOT, "dist/flashmesh.js"), "utf8");
    // The bundle needs the platform's globals (Event, crypto); it must add only `flashmesh` to them.
    const sandbox = Object.create(globalThis) as { flashmesh?: { GroupSpecifier: new (name: string) => object } };
    new Function("globalThis", bundle)(sandbox);
    expect(String(new sandbox.flashmesh!.GroupSpecifier("myGroup"))).toBe("G:080e6d7947726f757000");
  });

  it("shows in the README exactly the chat example the type checker compiles", () => {
    const example = readFileSync(join(ROOT, "examples/readme-chat.ts"), "utf8");
    expect(example.trimEnd().split("\n").length).toBeLessThanOrEqual(20);
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain("```ts\n" + example + "```");
  });

  it("loads NetConnection and NetGroup in plain Node and runs a serverless connection", () => {
    const script = `import { NetConnection } from "flashmesh";
      const nc = new NetConnection();
      nc.addEventListener("netStatus", (e) => { console.log(e.info.code, nc.connected && nc.nearID.length); if (nc.connected) nc.close(); });
      nc.connect("rtmfp:");`;
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: consumer, encoding: "utf8", timeout: 10_000 });
    expect(output.trim().split("\n")).toEqual(["NetConnection.Connect.Success 64", "NetConnection.Connect.Closed false"]);
  });

  it('exports the Ruffle plug-in API as "flashmesh/shim", with types', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { exports: Record<string, { types: string; import: string }> };
    const shim = manifest.exports["./shim"]!;
    expect(existsSync(join(ROOT, shim.types))).toBeTrue();
    expect(readFileSync(join(ROOT, shim.import), "utf8")).toContain("installFlashmesh");
    expect(readFileSync(join(ROOT, shim.types), "utf8")).toContain("installFlashmesh");
  });
});
