/**
 * The test runners themselves (scripts/run-jasmine.mjs, scripts/run-karma.mjs, scripts/test.mjs), each run as a
 * child process on deliberately broken spec folders in a temp folder: an empty folder and a focused `fit` must come
 * out red; an `xit` counts as skipped; a folder with one passing and one pending spec must come out green with the pending one
 * counted as skipped (so the red results are the runner's verdict, not a harness that always fails).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = process.cwd();

interface RunnerOutcome {
  readonly status: number | null;
  readonly counts: { passed: number; failed: number; skipped: number } | null;
  readonly output: string;
}

/** Runs `script --specs <folder> <results file>` with node and reads the counts it wrote. */
function runRunner(script: string, folder: string, timeoutMs: number): RunnerOutcome {
  const results = join(folder, "..", `${folder.split("/").at(-1)}-results.json`);
  const child = spawnSync(process.execPath, [script, "--specs", folder, results], { cwd: ROOT, encoding: "utf8", timeout: timeoutMs, env: { ...process.env, FLASHMESH_KARMA_LOG: "error" } });
  const counts = existsSync(results) ? (JSON.parse(readFileSync(results, "utf8")) as RunnerOutcome["counts"]) : null;
  return { status: child.status, counts, output: `${child.stdout}\n${child.stderr}` };
}

/** Spec folders, each one spec file of plain JavaScript (no build step between them and the runner). */
const FOLDERS: Record<string, string | null> = {
  empty: null,
  focused: `describe("a suite with a focused spec", () => {
  fit("runs alone", () => expect(1).toBe(1));
  it("never runs", () => expect(1).toBe(2));
});`,
  excluded: `describe("a suite with an excluded spec", () => {
  it("runs", () => expect(1).toBe(1));
  xit("is excluded", () => expect(1).toBe(2));
});`,
  healthy: `describe("a healthy suite", () => {
  it("passes", () => expect(1).toBe(1));
  it("is pending", () => pending("a tool is not installed"));
});`,
};

function makeFolders(work: string): void {
  for (const [name, source] of Object.entries(FOLDERS)) {
    mkdirSync(join(work, name));
    if (source !== null) writeFileSync(join(work, name, "case.spec.js"), source);
  }
}

describe("the Node/e2e runner (scripts/run-jasmine.mjs)", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "flashmesh-runner-"));
    makeFolders(work);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("fails a folder with no specs (Jasmine calls it incomplete, not failed)", () => {
    const run = runRunner("scripts/run-jasmine.mjs", join(work, "empty"), 60_000);
    expect(run.status).withContext(run.output).toBe(1);
    expect(run.counts).toEqual({ passed: 0, failed: 1, skipped: 0 });
    expect(run.output).toContain("no specs found");
  });

  it("fails a run with a focused fit, though the focused spec passed", () => {
    const run = runRunner("scripts/run-jasmine.mjs", join(work, "focused"), 60_000);
    expect(run.status).withContext(run.output).toBe(1);
    expect(run.counts).toEqual({ passed: 1, failed: 1, skipped: 0 });
    expect(run.output).toContain("fit() or fdescribe() was found");
    expect(run.output).toContain("only 1 of 2 registered specs finished");
  });

  it("counts an xit as skipped (Jasmine 5 reports it pending), so it shows in the summary", () => {
    const run = runRunner("scripts/run-jasmine.mjs", join(work, "excluded"), 60_000);
    expect(run.status).withContext(run.output).toBe(0);
    expect(run.counts).toEqual({ passed: 1, failed: 0, skipped: 1 });
  });

  it("passes a healthy folder and counts its pending spec as skipped", () => {
    const run = runRunner("scripts/run-jasmine.mjs", join(work, "healthy"), 60_000);
    expect(run.status).withContext(run.output).toBe(0);
    expect(run.counts).toEqual({ passed: 1, failed: 0, skipped: 1 });
  });
});

describe("the browser runner (scripts/run-karma.mjs)", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "flashmesh-karma-runner-"));
    makeFolders(work);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("fails a folder with no specs", () => {
    const run = runRunner("scripts/run-karma.mjs", join(work, "empty"), 120_000);
    expect(run.status).withContext(run.output).toBe(1);
    expect(run.counts?.passed).toBe(0);
    expect(run.counts?.failed).toBeGreaterThan(0);
  });

  it("fails a run with a focused fit (karma-jasmine reports the others as skipped, not as failed)", () => {
    const run = runRunner("scripts/run-karma.mjs", join(work, "focused"), 120_000);
    expect(run.status).withContext(run.output).toBe(1);
    expect(run.counts).toEqual({ passed: 1, failed: 1, skipped: 0 });
    expect(run.output).toContain("never ran");
  });

  it("passes a healthy folder and counts its pending spec as skipped", () => {
    const run = runRunner("scripts/run-karma.mjs", join(work, "healthy"), 120_000);
    expect(run.status).withContext(run.output).toBe(0);
    expect(run.counts).toEqual({ passed: 1, failed: 0, skipped: 1 });
  });
});

describe("npm test (scripts/test.mjs)", () => {
  it("refuses an --only name that is not a suite, before building anything", () => {
    const child = spawnSync(process.execPath, ["scripts/test.mjs", "--only", "nodes"], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });
    expect(child.status).toBe(2);
    expect(child.stderr).toContain('--only takes one of node, browser, e2e, not "nodes"');
  });
});
