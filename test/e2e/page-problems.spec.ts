/**
 * The page watcher itself (support/pageProblems.ts), on deliberately broken input: an uncaught exception and a
 * flashmesh console error in a page must be caught (and so would fail the spec they happen in), while a Ruffle log
 * line on the allow-list must not. The spec takes the problems it provoked, so its own afterEach check stays green.
 */
import type { Page } from "playwright-core";
import { pollUntil, startEndToEnd, type EndToEnd } from "./support/browser.js";
import { isPageProblem, peekPageProblems, takePageProblems } from "./support/pageProblems.js";

describe("the end-to-end page watcher", () => {
  let e2e: EndToEnd;
  let page: Page;
  beforeAll(async () => {
    e2e = await startEndToEnd();
  });
  afterAll(async () => {
    await e2e?.close();
  });
  beforeEach(async () => {
    page = await e2e.openPage("/chat.html");
  });
  afterEach(async () => {
    await page.close();
  });

  it("catches an uncaught exception and a flashmesh console.error, and lets Ruffle's own log line pass", async () => {
    await page.evaluate(() => {
      console.error("ERROR core/src/avm2/globals/flash/net/net_connection.rs:120 a deliberately provoked Ruffle log line");
      console.error("[flashmesh] a deliberately provoked error");
      setTimeout(() => {
        throw new Error("a deliberately provoked uncaught exception");
      }, 0);
    });
    // Two problems, and the page's own note on where the uncaught one came from.
    const seen = await pollUntil(async () => peekPageProblems(), (problems) => problems.length >= 3, 10_000, "both provoked problems");
    const taken = takePageProblems();
    expect(taken.length).toBe(3);
    expect(seen.some((line) => line.includes("[pageProblems detail] error at") && line.includes("a deliberately provoked uncaught exception"))).toBeTrue();
    expect(seen.some((line) => line.includes("console.error: [flashmesh] a deliberately provoked error"))).toBeTrue();
    expect(seen.some((line) => line.includes("uncaught: Error: a deliberately provoked uncaught exception"))).toBeTrue();
    expect(seen.some((line) => line.includes("Ruffle log line"))).toBeFalse();
  });

  it("lets Ruffle's AudioContext resume rejection pass, and catches any other unhandled rejection", async () => {
    await page.evaluate(() => {
      void Promise.reject(new DOMException("AudioContext closed before a pending resume() could complete", "AbortError"));
      void Promise.reject(new Error("a deliberately provoked rejection"));
    });
    const seen = await pollUntil(async () => peekPageProblems(), (problems) => problems.some((line) => line.includes("a deliberately provoked rejection") && line.includes("uncaught")), 10_000, "the provoked rejection");
    takePageProblems();
    expect(seen.some((line) => line.includes("AudioContext closed"))).toBeFalse();
  });

  it("classifies console messages by the allow-list", () => {
    expect(isPageProblem("error", "ERROR web/src/lib.rs:1 x")).toBeFalse();
    expect(isPageProblem("error", "Failed to load resource: the server responded with a status of 404 (Not Found)")).toBeFalse();
    expect(isPageProblem("error", "[flashmesh] an event listener or callback threw: x")).toBeTrue();
    expect(isPageProblem("error", "Uncaught TypeError: x")).toBeTrue();
    expect(isPageProblem("warning", "[flashmesh] not implemented yet: x")).toBeFalse();
  });
});
