/**
 * A SWF's trace() output as Ruffle gives it: with `logLevel: "info"`, Ruffle prints each line to the console as
 * `console.log("%cINFO%c web/src/log_adapter.rs:18%c <text>", css…)` (platform notes). Unlike a `traceObserver`,
 * which can only be set once `load()` resolved, this sees the very first line.
 */

/** Calls `onLine` with every trace line Ruffle prints on this page from now on (the console still gets them). */
export function captureRuffleTraces(onLine: (line: string) => void): void {
  const log = console.log.bind(console);
  console.log = (...args: unknown[]) => {
    const format = args[0];
    if (typeof format === "string" && format.includes("log_adapter.rs")) {
      const parts = format.split("%c");
      if (parts[1] === "INFO") onLine(parts.slice(3).join("%c").replace(/^ /, ""));
    }
    log(...args);
  };
}
