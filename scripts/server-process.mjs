/**
 * Starts a server (normally `flashmesh serve`) in a child process for test and benchmark runs: resolves once it
 * prints its http://127.0.0.1:port URL, remembers the last `memory {…}` line it printed (bench/support/gcOnSignal.ts),
 * and stops it with SIGTERM (SIGKILL after 5 s). Types in server-process.d.mts.
 */
import { spawn } from "node:child_process";

/** Spawns `node args…` with the given working directory and waits for its URL. */
export function startServerProcess(args, { cwd = process.cwd(), timeoutMs = 20_000 } = {}) {
  const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "inherit"] });
  let memory = null;
  let pending = "";
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} printed no URL in ${timeoutMs} ms`)), timeoutMs);
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
    child.stdout.on("data", (chunk) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop();
      for (const line of lines) if (line.startsWith("memory ")) memory = JSON.parse(line.slice(7));
      if (output === null) return;
      output += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0];
      if (url === undefined) return;
      output = null;
      clearTimeout(timer);
      resolve({
        child,
        url,
        lastMemory: () => memory,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done(); // already gone (a spec may kill it)
            child.once("exit", () => done());
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 5000).unref();
          }),
      });
    });
  });
}
