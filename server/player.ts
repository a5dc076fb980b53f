/**
 * What the player page (`/`, `/play?swf=…`) needs besides the static folder: Ruffle from its npm package
 * (`/ruffle/`), flashmesh's script-tag bundle (`/flashmesh.js`), the page's own bundle (`/player/`), the conformance
 * fixtures as demos (`/fixtures/`, listed at `/demos.json`). All from this package's own files; nothing is fetched
 * from elsewhere. A part that is missing (Ruffle not installed, no build yet) is skipped with a warning.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Express } from "express";
import type { Logger } from "./log.js";
import { sendFile, serveStatic } from "./static.js";

/** A demo: one conformance fixture. */
export interface Demo {
  readonly name: string;
  readonly description: string;
  /** What the gallery groups it under (case.json's `feature`; "tests" when it names none). */
  readonly feature: string;
  /** Its place in the gallery (case.json's `order`; lower first, then by name). */
  readonly order: number;
  readonly players: number;
  readonly swf: string;
  /** Where its source is (Main.hx, Main.as or Main.mxml), or null. */
  readonly source: string | null;
  /**
   * The parts its players play (case.json `roles`), each as the SWF address whose query string gives that part's
   * FlashVars (the player page passes a SWF address's query string on as FlashVars, as Flash Player did). Empty when
   * every player is alike or the players choose their parts themselves.
   */
  readonly roles: readonly { readonly label: string; readonly swf: string }[];
}

const SOURCES = ["Main.hx", "Main.as", "Main.mxml"];
const LAST = 1000;

/** The fixtures with a case.json and a built SWF, in gallery order. */
export function listDemos(fixturesDir: string): Demo[] {
  if (!existsSync(fixturesDir)) return [];
  return readdirSync(fixturesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(fixturesDir, entry.name, "case.json")) && existsSync(join(fixturesDir, entry.name, "case.swf")))
    .map((entry) => {
      const json = JSON.parse(readFileSync(join(fixturesDir, entry.name, "case.json"), "utf8")) as { description?: string; players?: number; feature?: string; order?: number; roles?: { flashvars?: Record<string, string> }[] };
      const source = SOURCES.find((file) => existsSync(join(fixturesDir, entry.name, file)));
      return {
        name: entry.name,
        description: json.description ?? "",
        feature: json.feature ?? "tests",
        order: json.order ?? LAST,
        players: json.players ?? 1,
        swf: `/fixtures/${entry.name}/case.swf`,
        source: source === undefined ? null : `/fixtures/${entry.name}/${source}`,
        roles: rolesOf(`/fixtures/${entry.name}/case.swf`, json.roles),
      };
    })
    .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

/** A case's distinct roles as addresses with their FlashVars (a part several players share is listed once). */
function rolesOf(swf: string, roles: readonly { flashvars?: Record<string, string> }[] | undefined): Demo["roles"] {
  const seen = new Map<string, { label: string; swf: string }>();
  for (const role of Array.isArray(roles) ? roles : []) {
    const flashvars = typeof role?.flashvars === "object" && role.flashvars !== null ? Object.entries(role.flashvars).map(([key, value]) => [key, String(value)]) : [];
    if (flashvars.length === 0) continue;
    const query = new URLSearchParams(flashvars).toString();
    if (!seen.has(query)) seen.set(query, { label: flashvars.map(([, value]) => value).join(", "), swf: `${swf}?${query}` });
  }
  return [...seen.values()];
}

function ruffleDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve("@ruffle-rs/ruffle/package.json"));
  } catch {
    return null;
  }
}

/** Mounts the player page's routes on `app`, serving the files of the package at `root`. */
export function mountPlayer(app: Express, log: Logger, root: string): void {
  const ruffle = ruffleDir();
  if (ruffle === null) log.warn("the player page has no Ruffle: install @ruffle-rs/ruffle");
  else app.use("/ruffle", serveStatic(ruffle));
  const bundle = join(root, "dist/flashmesh.js");
  if (!existsSync(bundle)) log.warn("the player page has no flashmesh.js: run npm run build");
  // The notices file travels with the bundle: flashmesh.js's banner points to it.
  for (const file of ["flashmesh.js", "flashmesh.js.map", "THIRD_PARTY_NOTICES.txt"]) {
    app.get(`/${file}`, (request, response, next) => sendFile(request, response, next, join(root, "dist", file)));
  }
  app.use("/player", serveStatic(join(root, "dist/player")));
  const fixtures = join(root, "fixtures");
  app.use("/fixtures", serveStatic(fixtures));
  app.get("/demos.json", (_request, response) => {
    response.json(listDemos(fixtures));
  });
  // The same page, with the SWF to open in the query string.
  app.get("/play", (request, response, next) => sendFile(request, response, next, join(root, "public/index.html")));
  app.get("/compatibility", (request, response, next) => sendFile(request, response, next, join(root, "public/compatibility.html")));
  // Browsers ask for /favicon.ico whatever the page links; answer with the page's icon rather than a 404.
  for (const icon of ["/favicon.ico", "/favicon.svg"]) {
    app.get(icon, (_request, response) => response.type("image/svg+xml").sendFile(join(root, "public/favicon.svg")));
  }
}
