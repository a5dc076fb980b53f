/** Helpers for benchmarks that drive a server in a child process: start it, read its URL, sample its memory. */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

/** A started child process and the URL it printed. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** The last `memory {…}` line the server printed (bench/support/gcOnSignal.ts), if any. */
  readonly lastMemory: () => NodeJS.MemoryUsage | null;
  stop(): Promise<void>;
}

/** Spawns `node args…` and resolves once it prints an http://127.0.0.1:port URL. */
export function startServerProcess(args: string[], timeoutMs = 20_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  let memory: NodeJS.MemoryUsage | null = null;
  let pending = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) if (line.startsWith("memory ")) memory = JSON.parse(line.slice(7)) as NodeJS.MemoryUsage;
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} printed no URL in ${timeoutMs} ms`)), timeoutMs);
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({
        child,
        url,
        lastMemory: () => memory,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 5000).unref();
          }),
      });
    });
  });
}

/** Resident set size of a process, in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kilobytes = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`no VmRSS for ${pid}`);
  return Number(kilobytes) * 1024;
}

/** The p-th percentile (0-100) of `values` (sorted copy, nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
