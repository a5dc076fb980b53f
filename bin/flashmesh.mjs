#!/usr/bin/env node
// The `flashmesh` command (`flashmesh serve`). Runs the built server; in a git checkout, `npm start` builds first.
import { existsSync } from "node:fs";

/**
 * What the server imports that the library does not: optional peer dependencies of the package, so a browser-only
 * install (`npm install flashmesh` for the library or the Ruffle plug-in) never downloads a web server. Ruffle
 * (@ruffle-rs/ruffle, for the player page) is optional even here: the server warns and serves the rest without it.
 */
const SERVER_PACKAGES = ["express", "peer", "prom-client", "ws", "ioredis"];

const built = new URL("../dist/flashmesh-cli.mjs", import.meta.url);
if (!existsSync(built)) {
  process.stderr.write("flashmesh: dist/ is missing; run `npm run build` (or `npm start`) first\n");
  process.exit(1);
}
const missing = SERVER_PACKAGES.filter((name) => {
  try {
    import.meta.resolve(name);
    return false;
  } catch {
    return true;
  }
});
if (missing.length > 0) {
  process.stderr.write(
    `flashmesh: the server needs packages a browser-only install leaves out (missing: ${missing.join(", ")}).\n` +
      `Install them beside flashmesh:  npm install ${SERVER_PACKAGES.join(" ")} @ruffle-rs/ruffle\n`,
  );
  process.exit(1);
}
const { main } = await import(built.href);
const code = await main(process.argv.slice(2));
if (code !== null) process.exit(code);
