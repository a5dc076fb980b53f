/**
 * For memory benchmarks only: a server started with --expose-gc collects garbage on SIGUSR2 and prints its
 * `process.memoryUsage()` as one JSON line starting with `memory `, so the benchmark can compare live memory of two
 * servers instead of whatever garbage each happened to leave uncollected.
 */
export function collectGarbageOnSignal(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("start this server with node --expose-gc");
  process.on("SIGUSR2", () => {
    gc();
    gc();
    process.stdout.write(`memory ${JSON.stringify(process.memoryUsage())}\n`);
  });
}
