/**
 * The player page's static parts from a real `flashmesh serve`: the demos in gallery order with their feature,
 * source and parts, the favicon (no 404 on every load), and the compatibility page, whose every link to a fixture exists.
 */
import { existsSync, readFileSync } from "node:fs";
import { startServer, type FlashmeshServer } from "../../server/app.js";

describe("the player page's demos, favicon and compatibility page", () => {
  let server: FlashmeshServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, logLevel: "silent", staticDir: null, packageRoot: process.cwd() });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("lists the chat first, then the whiteboard, each demo with a feature and its source", async () => {
    const demos = (await (await fetch(`${server.url}/demos.json`)).json()) as { name: string; feature: string; source: string | null }[];
    expect(demos.slice(0, 2).map((demo) => demo.name)).toEqual(["chat", "whiteboard"]);
    expect(demos[0]!.feature).toBe("posting");
    for (const demo of demos) {
      expect(demo.source).withContext(demo.name).not.toBeNull();
      expect(existsSync(`.${demo.source}`)).withContext(demo.name).toBe(true);
    }
  });

  it("lists the parts of a demo whose players differ, each as the SWF address with that part's FlashVars, a shared part once", async () => {
    const demos = (await (await fetch(`${server.url}/demos.json`)).json()) as { name: string; roles: { label: string; swf: string }[] }[];
    const byName = new Map(demos.map((demo) => [demo.name, demo.roles]));
    // multicast-video has a publisher and two viewers: two parts.
    expect(byName.get("multicast-video")).toEqual([
      { label: "publisher", swf: "/fixtures/multicast-video/case.swf?role=publisher" },
      { label: "viewer", swf: "/fixtures/multicast-video/case.swf?role=viewer" },
    ]);
    expect(byName.get("server-file-share")?.map((role) => role.label)).toEqual(["sharer", "downloader"]);
    // Alike players, and players that choose their parts themselves: nothing to pick.
    expect(byName.get("posting-chat")).toEqual([]);
    expect(byName.get("replication-file")).toEqual([]);
  });

  it("answers /favicon.ico and /favicon.svg", async () => {
    for (const path of ["/favicon.ico", "/favicon.svg"]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).withContext(path).toBe(200);
      expect(response.headers.get("content-type")).withContext(path).toContain("image/svg+xml");
    }
  });

  it("serves the compatibility page, whose fixture links all exist", async () => {
    const page = await (await fetch(`${server.url}/compatibility`)).text();
    expect(page).toContain("What flashmesh supports");
    const links = [...page.matchAll(/href="(\/(?:play\?swf=)?\/?fixtures\/[^"]+)"/g)].map((match) => match[1]!.replace(/^\/play\?swf=/, ""));
    expect(links.length).toBeGreaterThan(10);
    for (const link of links) expect(existsSync(`.${link}`)).withContext(link).toBe(true);
    expect(readFileSync("public/compatibility.html", "utf8")).toContain('href="/"');
  });
});
