/**
 * For memory benchmarks only: a server started with --expose-gc collects garbage on SIGUSR2, so the benchmark can
 * compare live memory of two servers instead of whatever garbage each happened to leave uncollected.
 */
export function collectGarbageOnSignal(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("start this server with node --expose-gc");
  process.on("SIGUSR2", () => {
    gc();
    gc();
    if (process.env["FLASHMESH_BENCH_DEBUG"]) console.error(JSON.stringify(process.memoryUsage()));
  });
}
