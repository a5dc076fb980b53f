/**
 * The one rule every test runner (run-jasmine.mjs, run-karma.mjs) applies before calling a suite green: Jasmine
 * itself reports an empty run or a focused run as "incomplete" (not "failed"), and a skipped-but-registered spec as
 * "excluded", so a runner that only looks for "failed" reports green for a suite that tested nothing.
 */

/**
 * Why this run cannot count as green (empty when it can).
 * @param {{ passed: number, failed: number, skipped: number, registered: number, excluded: string[],
 *   overallStatus?: string, incompleteReason?: string }} run
 *   `registered`: specs Jasmine announced; `excluded`: full names of specs that never ran (fit elsewhere, xit);
 *   `overallStatus`/`incompleteReason`: Jasmine's own verdict, when the runner sees it.
 * @returns {string[]}
 */
export function suiteVerdict(run) {
  const problems = [];
  const finished = run.passed + run.failed + run.skipped;
  if (run.passed + run.failed === 0) problems.push(run.registered === 0 ? "no specs found: nothing was tested" : "no spec ran: nothing was tested");
  if (run.overallStatus === "incomplete" && run.incompleteReason !== "No specs found") problems.push(`Jasmine says incomplete: ${run.incompleteReason}`);
  if (run.excluded.length > 0) {
    const names = run.excluded.slice(0, 5).map((name) => `"${name}"`).join(", ");
    problems.push(`${run.excluded.length} spec(s) never ran (focused specs elsewhere, or xit/xdescribe): ${names}${run.excluded.length > 5 ? ", …" : ""}`);
  }
  if (finished < run.registered) problems.push(`only ${finished} of ${run.registered} registered specs finished`);
  return problems;
}
