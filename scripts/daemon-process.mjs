/**
 * A system daemon for specs and benchmarks (Debian's redis-server, coturn's turnserver): started in the foreground
 * with its output collected, resolved once a line says it is ready, and stopped with SIGTERM (SIGKILL after 3 s).
 * Bounded: a daemon that exits or stays silent past `timeoutMs` rejects with everything it printed. Types in
 * daemon-process.d.mts.
 */
import { spawn, spawnSync } from "node:child_process";

/** Whether `command` is on the PATH. */
export function hasCommand(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** Starts `command args…`; resolves with `{ log, stop }` once its output matches `ready`. */
export function startDaemon(command, args, { ready, timeoutMs = 15_000 }) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk.toString()));
  child.stderr.on("data", (chunk) => (output += chunk.toString()));
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 3000).unref();
    });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const check = () => {
      if (child.exitCode !== null) return reject(new Error(`${command} exited with ${child.exitCode}:\n${output}`));
      if (ready.test(output)) return resolve({ log: () => output, stop });
      if (Date.now() > deadline) {
        void stop();
        return reject(new Error(`${command} did not start in ${timeoutMs} ms:\n${output}`));
      }
      setTimeout(check, 20);
    };
    check();
  });
}
