/**
 * The house stays as docs/architecture.md draws it: every import in the sources goes downward (scripts/layering.mjs,
 * by folder rules). Also shows the check catching what it is for, on a small planted tree.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { importsOf, layeringViolations, sourceFiles } from "../../scripts/layering.mjs";

const ROOT = resolve(process.cwd());

describe("the layering check", () => {
  it("finds every import of the sources going downward", () => {
    expect(sourceFiles(ROOT).length).toBeGreaterThan(50);
    expect(layeringViolations(ROOT)).toEqual([]);
  });

  it("has bin/flashmesh.mjs check for exactly the packages the server imports beyond the library's dependencies", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string>; peerDependencies: Record<string, string> };
    const imported = new Set<string>();
    for (const file of sourceFiles(ROOT).filter((path) => path.startsWith("server/"))) {
      for (const { specifier, typeOnly } of importsOf(readFileSync(join(ROOT, file), "utf8"))) {
        if (!typeOnly && !specifier.startsWith(".") && !specifier.startsWith("node:") && !(specifier in manifest.dependencies)) imported.add(specifier);
      }
    }
    const checked = JSON.parse(/const SERVER_PACKAGES = (\[[^\]]*\]);/.exec(readFileSync(join(ROOT, "bin/flashmesh.mjs"), "utf8"))![1]!) as string[];
    expect([...imported].sort()).toEqual([...checked].sort());
    for (const name of checked) expect(Object.keys(manifest.peerDependencies)).toContain(name);
  });

  describe("on a planted tree", () => {
    let root: string;
    const write = (path: string, text: string): void => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), "flashmesh-layering-"));
      write("package.json", JSON.stringify({ name: "flashmesh", dependencies: { fflate: "1" }, peerDependencies: { express: "4" } }));
      write("as3-api/wire/codec.ts", 'import { unzlibSync } from "fflate";\nexport const codec = unzlibSync;\n');
      write("as3-api/engine/node.ts", 'import { codec } from "../wire/codec.js";\nexport const node = codec;\n');
      write("server/app.ts", 'import express from "express";\nimport { createServer } from "node:http";\nimport { codec } from "../as3-api/wire/codec.js";\nexport { express, createServer, codec };\n');
      write("player/main.ts", 'import type { node } from "../as3-api/engine/node.js";\nexport type Node = typeof node;\n');
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it("accepts a tree that keeps the rules", () => {
      expect(layeringViolations(root)).toEqual([]);
    });

    it("reports a lower layer importing a higher one, wherever in the folder the file is", () => {
      write("as3-api/wire/deep/later.ts", '/** import { node } from "../../engine/node.js" in a comment is not an import */\nimport { node } from "../../engine/node.js";\nexport const later = node;\n');
      const violations = layeringViolations(root);
      expect(violations.length).toBe(1);
      expect(violations[0]).toContain("as3-api/wire/deep/later.ts:2");
      expect(violations[0]).toContain("as3-api/engine/node.ts");
    });

    it("reports the server reaching past wire, the player importing values, and a file under no rule", () => {
      write("server/peek.ts", 'export { node } from "../as3-api/engine/node.js";\n');
      write("player/panel.ts", 'import { node } from "../as3-api/engine/node.js";\nexport const n = node;\n');
      write("as3-api/streams/stream.ts", "export const stream = 1;\n");
      const violations = layeringViolations(root).join("\n");
      expect(violations).toContain("server/peek.ts:1");
      expect(violations).toContain("player/panel.ts:1");
      expect(violations).toContain("as3-api/streams/stream.ts: no layering rule");
      expect(violations).not.toContain("player/main.ts");
    });

    it("keeps browser code to the package's dependencies and peerjs to its one module", () => {
      write("as3-api/engine/server-ish.ts", 'import express from "express";\nimport { readFileSync } from "node:fs";\nexport { express, readFileSync };\n');
      write("as3-api/engine/dialer.ts", 'export const load = () => import("peerjs");\n');
      const violations = layeringViolations(root).join("\n");
      expect(violations).toContain('server-ish.ts:1 imports "express"');
      expect(violations).toContain('server-ish.ts:2 imports "node:fs"');
      expect(violations).toContain('dialer.ts:1 imports "peerjs": only as3-api/transport/peerjs.ts imports peerjs');
    });
  });

  it("reads static, bare, re-exported, dynamic and type-only imports", () => {
    const text = [
      'import { a } from "./a.js";',
      'import type { B } from "./b.js";',
      'import { type C, type D } from "./cd.js";',
      'import {\n  e,\n  type F,\n} from "./ef.js";',
      'import "./side.js";',
      'export * from "./all.js";',
      "// import { g } from './commented.js';",
      'const later = () => import("./lazy.js");',
      'type T = typeof import("./types.js");',
    ].join("\n");
    expect(importsOf(text).map((found) => `${found.specifier} ${found.typeOnly ? "type" : "value"}`).sort()).toEqual(
      ["./a.js value", "./b.js type", "./cd.js type", "./ef.js value", "./side.js value", "./all.js value", "./lazy.js value", "./types.js type"].sort(),
    );
  });
});
