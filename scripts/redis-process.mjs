/**
 * Debian's `redis-server` for the specs and the benchmark of several `flashmesh serve` nodes: started on 127.0.0.1
 * at a free port, with no persistence and no config file, resolved once it accepts connections, and stopped with
 * SIGTERM (SIGKILL after 3 s). scripts/system-deps.mjs installs it. Types in redis-process.d.mts.
 */
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";

/** Whether redis-server is installed. */
export function hasRedisServer() {
  return spawnSync("sh", ["-c", "command -v redis-server"], { stdio: "ignore" }).status === 0;
}

/** A free TCP port on 127.0.0.1 (asked of the system; redis-server takes it a moment later). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts redis-server (at `port`, or a free one); resolves with its URL once it says it is ready. */
export async function startRedisServer({ timeoutMs = 15_000, port: wanted = 0 } = {}) {
  const port = wanted === 0 ? await freePort() : wanted;
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "notice"];
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
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
      if (child.exitCode !== null) return reject(new Error(`redis-server exited with ${child.exitCode}:\n${output}`));
      if (/Ready to accept connections/.test(output)) return resolve({ url: `redis://127.0.0.1:${port}`, port, log: () => output, stop });
      if (Date.now() > deadline) {
        void stop();
        return reject(new Error(`redis-server did not start in ${timeoutMs} ms:\n${output}`));
      }
      setTimeout(check, 20);
    };
    check();
  });
}
