/**
 * Debian's coturn (`turnserver`) for the TURN spec: UDP only, on one address of the test namespace, with the
 * shared-secret REST authentication `flashmesh serve --turn-secret` mints credentials for.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Coturn {
  /** `turn:<address>:<port>?transport=udp` */
  readonly url: string;
  /** Everything it logged, for a failing spec's message. */
  log(): string;
  stop(): Promise<void>;
}

/** Whether coturn is installed (scripts/system-deps.mjs installs it as root). */
export function hasCoturn(): boolean {
  return spawnSync("sh", ["-c", "command -v turnserver"], { stdio: "ignore" }).status === 0;
}

/** Starts coturn on `address:port` and resolves once it listens. */
export function startCoturn(address: string, port: number, secret: string): Promise<Coturn> {
  const args = [
    "-n", // no config file
    `--listening-ip=${address}`,
    `--listening-port=${port}`,
    `--relay-ip=${address}`,
    "--min-port=49200",
    "--max-port=49400",
    "--use-auth-secret",
    `--static-auth-secret=${secret}`,
    "--realm=flashmesh.test",
    "--no-tls",
    "--no-dtls",
    "--no-tcp-relay",
    "--no-cli",
    "--no-multicast-peers",
    "--log-file=stdout",
    "--simple-log",
    "--verbose",
    // Its own pid file and user database, not the system service's.
    `--pidfile=${join(tmpdir(), `flashmesh-turnserver-${process.pid}.pid`)}`,
    `--userdb=${join(tmpdir(), `flashmesh-turndb-${process.pid}.sqlite`)}`,
  ];
  const child: ChildProcess = spawn("turnserver", args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = (): Promise<void> =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 3000).unref();
    });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 15_000;
    const check = (): void => {
      if (child.exitCode !== null) return reject(new Error(`turnserver exited with ${child.exitCode}:\n${output}`));
      if (/(UDP|udp).*listen|listener opened|Total (UDP|General) servers/i.test(output)) {
        return resolve({ url: `turn:${address}:${port}?transport=udp`, log: () => output, stop });
      }
      if (Date.now() > deadline) {
        void stop();
        return reject(new Error(`turnserver did not start in 15 s:\n${output}`));
      }
      setTimeout(check, 50);
    };
    check();
  });
}
