#!/usr/bin/env node
// The `flashmesh` command (`flashmesh serve`). Runs the built server; in a git checkout, `npm start` builds first.
import { existsSync } from "node:fs";

const built = new URL("../dist/flashmesh-cli.mjs", import.meta.url);
if (!existsSync(built)) {
  process.stderr.write("flashmesh: dist/ is missing; run `npm run build` (or `npm start`) first\n");
  process.exit(1);
}
const { main } = await import(built.href);
const code = await main(process.argv.slice(2));
if (code !== null) process.exit(code);
