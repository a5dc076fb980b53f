/**
 * Debian's `redis-server` for the specs and the benchmark of several `flashmesh serve` nodes: started on 127.0.0.1
 * at a free port, with no persistence and no config file, resolved once it accepts connections, and stopped with
 * SIGTERM (SIGKILL after 3 s), by scripts/daemon-process.mjs. scripts/system-deps.mjs installs it. Types in redis-process.d.mts.
 */
import { createServer } from "node:net";
import { hasCommand, startDaemon } from "./daemon-process.mjs";

/** Whether redis-server is installed. */
export function hasRedisServer() {
  return hasCommand("redis-server");
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
  const daemon = await startDaemon("redis-server", args, { ready: /Ready to accept connections/, timeoutMs });
  return { url: `redis://127.0.0.1:${port}`, port, ...daemon };
}
