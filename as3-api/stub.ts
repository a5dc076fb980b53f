/**
 * The one way flashmesh marks something not implemented yet: `stub("flash.net.NetGroup.addHaveObjects")` logs a
 * warning the first time each name is reached, so a SWF that depends on it shows why in the console instead of
 * silently doing nothing. Grep for `stub(` to list every gap.
 */
const reported = new Set<string>();

/** Names of every stub reached so far in this realm, for tests and diagnostics. */
export const reportedStubs: ReadonlySet<string> = reported;

/** Marks `name` (an AS3 path such as `flash.net.NetGroup.addHaveObjects`) as reached but not implemented. */
export function stub(name: string): void {
  if (reported.has(name)) return;
  reported.add(name);
  console.warn(`[flashmesh] not implemented yet: ${name}`);
}
