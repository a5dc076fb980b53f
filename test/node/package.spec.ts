/** The built package, as a consumer sees it: a plain Node script imports "flashmesh" (no DOM, no bundler). */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as esbuild from "esbuild";

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
    const realGlobals = new Set(Object.getOwnPropertyNames(globalThis));
    new Function("globalThis", bundle)(sandbox);
    expect(Object.getOwnPropertyNames(sandbox)).toEqual(["flashmesh"]);
    expect(Object.getOwnPropertyNames(globalThis).filter((name) => !realGlobals.has(name))).withContext("globals the bundle leaked past its globalThis").toEqual([]);
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

  it('lets a CommonJS script require("flashmesh") (one ES module build, loaded by require(esm))', () => {
    const script = 'const { GroupSpecifier } = require("flashmesh"); console.log(new GroupSpecifier("myGroup").toString());';
    const output = execFileSync(process.execPath, ["-e", script], { cwd: consumer, encoding: "utf8" });
    expect(output.trim()).toBe("G:080e6d7947726f757000");
  });

  it('runs one copy of the library behind "flashmesh" and "flashmesh/shim"', () => {
    const script = `const library = await import("flashmesh"); const shim = await import("flashmesh/shim");
      console.log(shim.configure === library.configure, shim.NetGroup === library.NetGroup);
      library.configure({ server: "https://mesh.example.org/" });
      console.log(shim.flashmeshConfig().server);`;
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: consumer, encoding: "utf8" });
    expect(output.trim().split("\n")).toEqual(["true true", "https://mesh.example.org/"]);
  });

  it("leaves peerjs out of a bundle that uses GroupSpecifier alone, and loads it lazily in one that opens sessions", async () => {
    /** Each output file of a bundle of `contents`: `<entry point> <inputs…>` (a lazily imported chunk's entry point is the module imported). */
    const bundle = async (contents: string, splitting: boolean): Promise<string[]> => {
      const result = await esbuild.build({
        stdin: { contents, resolveDir: consumer, loader: "js" },
        bundle: true,
        write: false,
        metafile: true,
        format: "esm",
        platform: "browser",
        splitting,
        outdir: join(consumer, "out"),
        logLevel: "silent",
      });
      return Object.values(result.metafile.outputs).map((output) => `${output.entryPoint ?? "shared"} ${Object.keys(output.inputs).join(" ")}`);
    };
    const alone = await bundle('import { GroupSpecifier } from "flashmesh"; console.log(String(new GroupSpecifier("g")));', false);
    expect(alone.join("\n")).toContain("dist/chunks/");
    expect(alone.join("\n")).not.toContain("node_modules/peerjs/");
    const sessions = await bundle('import { NetConnection } from "flashmesh"; new NetConnection().connect("rtmfp://example.org/");', true);
    expect(sessions.filter((output) => output.startsWith("<stdin>")).join("\n")).not.toContain("node_modules/peerjs/");
    expect(sessions.some((output) => output.startsWith("node_modules/peerjs/"))).toBeTrue();
  });

  it("ships the script-tag bundle minified, with its source map and the notices of every package bundled in it", () => {
    const bundle = readFileSync(join(ROOT, "dist/flashmesh.js"), "utf8");
    expect(bundle.split("\n").length).toBeLessThan(100);
    expect(bundle).toContain("THIRD_PARTY_NOTICES.txt");
    expect(bundle.trimEnd().endsWith("//# sourceMappingURL=flashmesh.js.map")).toBeTrue();
    const map = JSON.parse(readFileSync(join(ROOT, "dist/flashmesh.js.map"), "utf8")) as { sources: string[] };
    const bundled = new Set(map.sources.map((source) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1]).filter((name) => name !== undefined));
    expect(bundled).toContain("webrtc-adapter");
    const notices = readFileSync(join(ROOT, "dist/THIRD_PARTY_NOTICES.txt"), "utf8");
    for (const name of bundled) {
      const manifest = JSON.parse(readFileSync(join(ROOT, "node_modules", name!, "package.json"), "utf8")) as { version: string };
      expect(notices).withContext(name!).toContain(`\n${name} ${manifest.version} (`);
    }
    // The licence text itself, as the package ships it (webrtc-adapter's carries the WebRTC project's copyright).
    expect(notices).toContain(readFileSync(join(ROOT, "node_modules/webrtc-adapter/LICENSE.md"), "utf8").trim());
  });

  it('types window.FlashmeshConfig for a page that references "flashmesh/global"', () => {
    const dir = mkdtempSync(join(consumer, "types-"));
    const compile = (page: string): { status: number | null; output: string } => {
      writeFileSync(join(dir, "page.ts"), `/// <reference types="flashmesh/global" />\n${page}\n`);
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: "ESNext", moduleResolution: "Bundler", target: "ES2022", lib: ["ES2022", "DOM"], types: [] }, files: ["page.ts"] }),
      );
      const result = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", dir], { cwd: dir, encoding: "utf8" });
      return { status: result.status, output: result.stdout + result.stderr };
    };
    const good = compile('window.FlashmeshConfig = { server: "https://mesh.example.org/", iceServers: [{ urls: "stun:stun.example.org" }] };\nconst spec: string | undefined = window.flashmesh?.GroupSpecifier.name;\nvoid spec;');
    expect(good.output).toBe("");
    expect(good.status).toBe(0);
    const bad = compile("window.FlashmeshConfig = { server: 42 };");
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain("page.ts(2,");
  });

  describe("installed for the browser only (without the server's optional peer dependencies)", () => {
    let browserOnly: string;
    beforeAll(() => {
      browserOnly = mkdtempSync(join(tmpdir(), "flashmesh-browser-only-"));
      const installed = join(browserOnly, "node_modules", "flashmesh");
      mkdirSync(installed, { recursive: true });
      // A copy, not a link: a link would resolve packages from this checkout, which has the server packages.
      for (const part of ["package.json", "bin", "dist"]) cpSync(join(ROOT, part), join(installed, part), { recursive: true });
      const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
      for (const name of Object.keys(manifest.dependencies)) {
        mkdirSync(join(browserOnly, "node_modules", name, ".."), { recursive: true });
        symlinkSync(join(ROOT, "node_modules", name), join(browserOnly, "node_modules", name), "dir");
      }
    });
    afterAll(() => rmSync(browserOnly, { recursive: true, force: true }));

    it('imports "flashmesh" and "flashmesh/shim"', () => {
      const script = 'const { GroupSpecifier } = await import("flashmesh"); const shim = await import("flashmesh/shim"); console.log(String(new GroupSpecifier("myGroup")), typeof shim.installFlashmesh);';
      const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: browserOnly, encoding: "utf8" });
      expect(output.trim()).toBe("G:080e6d7947726f757000 function");
    });

    it("has `flashmesh serve` say which packages to install", () => {
      const result = spawnSync(process.execPath, [join(browserOnly, "node_modules/flashmesh/bin/flashmesh.mjs"), "serve", "--port", "0"], { cwd: browserOnly, encoding: "utf8", timeout: 20_000 });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("missing: express, peer, prom-client, ws, ioredis");
      expect(result.stderr).toContain("npm install express peer prom-client ws ioredis @ruffle-rs/ruffle");
    });
  });
});
