/**
 * What fails an end-to-end spec besides its own expectations: an uncaught exception in any page, or a
 * `console.error` in any page that is not on the allow-list below. Every page and context made through
 * `startEndToEnd` (support/browser.ts) is watched; a global `afterEach` (registered once per spec bundle when this
 * module loads) fails the spec that was running with the problems seen during it.
 *
 * Allow-list (each entry is noise that is not flashmesh's and not the spec's business; keep it short, say why):
 * - Ruffle's own log lines at error level: its log adapter (web/src/log_adapter.rs) prints `ERROR <Rust source
 *   file>:<line> <message>` through console.error. Ruffle 0.6 logs unimplemented player features this way; a SWF's
 *   behaviour is checked through its trace instead.
 * - Chromium's "Failed to load resource" lines: every HTTP error response is logged so, and specs that show a bad
 *   file or a missing page provoke them on purpose; a missing file a spec needs fails that spec by itself.
 * - One uncaught rejection from Ruffle: "AudioContext closed before a pending resume() could complete". Ruffle's wasm
 *   calls `AudioContext.resume()` (core.ruffle.*.js, `__wbg_resume_…`) and drops the promise; when a player element is
 *   removed while that resume is pending, Ruffle closes the context and Chromium rejects the promise with nobody
 *   listening (seen in "closes a removed player's connections"). Nothing of flashmesh's is on that path.
 * Anything else (flashmesh's `[flashmesh] …` errors above all, and any uncaught exception) fails the spec.
 */
import type { BrowserContext, ConsoleMessage, Page } from "playwright-core";

/** console.error texts that are not flashmesh's problems (see the module comment for why each is here). */
export const ALLOWED_CONSOLE_ERRORS: readonly RegExp[] = [/^ERROR \S+\.rs:\d+ /, /^Failed to load resource: /];

/** Uncaught exceptions and rejections that are Ruffle's, not flashmesh's (see the module comment). */
export const ALLOWED_UNCAUGHT: readonly RegExp[] = [/AudioContext closed before a pending resume\(\) could complete/];

/** Problems seen since the last `takePageProblems()`. */
const problems: string[] = [];

/** Whether a console message is one the module comment says fails a spec. */
export function isPageProblem(type: string, text: string): boolean {
  return type === "error" && !ALLOWED_CONSOLE_ERRORS.some((allowed) => allowed.test(text));
}

/** Watches one page: its uncaught exceptions and its console errors. */
export function watchPage(page: Page, label: () => string): void {
  page.on("pageerror", (error) => {
    const text = error.stack || `${error.name}: ${error.message}`;
    if (ALLOWED_UNCAUGHT.some((allowed) => allowed.test(text))) return;
    const line = `[page ${label()}] uncaught: ${text === "Error: " ? "a thrown value with no message (not an Error)" : text}`;
    console.error(line);
    problems.push(line);
  });
  page.on("console", (message: ConsoleMessage) => {
    if (message.text().startsWith(DETAIL)) {
      if (ALLOWED_UNCAUGHT.some((allowed) => allowed.test(message.text()))) return;
      const line = `[page ${label()}] ${message.text()}`;
      console.error(line);
      // Details belong to the uncaught error reported beside them; they are kept with the problems so the
      // failing spec's message shows them.
      problems.push(line);
      return;
    }
    if (!isPageProblem(message.type(), message.text())) return;
    const line = `[page ${label()}] console.error: ${message.text()}`;
    console.error(line);
    problems.push(line);
  });
}

/** Prefix of the details a page's own listeners add about an uncaught error (see watchContext). */
const DETAIL = "[pageProblems detail]";

/** Watches every page a context opens (including tabs a page opens by itself). */
export function watchContext(context: BrowserContext): void {
  // Chromium reports an unhandled rejection whose reason is not an Error, or a thrown non-Error, with an empty
  // message: the page's own listeners say what was thrown or rejected, and where.
  void context.addInitScript(`(() => {
    const say = (what) => console.debug(${JSON.stringify(DETAIL)} + " " + what);
    const describe = (value) => { try { return value instanceof Error ? (value.stack || String(value)) : typeof value + " " + JSON.stringify(value); } catch { return typeof value; } };
    addEventListener("error", (event) => say("error at " + event.filename + ":" + event.lineno + ":" + event.colno + ": " + event.message + " / " + describe(event.error)));
    addEventListener("unhandledrejection", (event) => say("unhandled rejection: " + describe(event.reason)));
  })()`);
  for (const page of context.pages()) watchPage(page, () => page.url());
  context.on("page", (page) => watchPage(page, () => page.url()));
}

/** The problems seen so far, without forgetting them (for the spec of this module). */
export function peekPageProblems(): readonly string[] {
  return [...problems];
}

/** Returns and forgets the problems seen so far. */
export function takePageProblems(): string[] {
  return problems.splice(0, problems.length);
}

// Jasmine runs a top-level afterEach after every spec of the run (this module is bundled into each e2e spec file,
// so each bundle checks its own pages).
if (typeof afterEach === "function") {
  afterEach(() => {
    expect(takePageProblems()).withContext("uncaught page exceptions and console errors (test/e2e/support/pageProblems.ts)").toEqual([]);
  });
}
