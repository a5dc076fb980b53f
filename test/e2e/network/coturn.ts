/**
 * Debian's coturn (`turnserver`) for the TURN spec: UDP only, on one address of the test namespace, with the
 * shared-secret REST authentication `flashmesh serve --turn-secret` mints credentials for.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasCommand, startDaemon } from "../../../scripts/daemon-process.mjs";

export interface Coturn {
  /** `turn:<address>:<port>?transport=udp` */
  readonly url: string;
  /** Everything it logged, for a failing spec's message. */
  log(): string;
  stop(): Promise<void>;
}

/** Whether coturn is installed (scripts/system-deps.mjs installs it as root). */
export function hasCoturn(): boolean {
  return hasCommand("turnserver");
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
  return startDaemon("turnserver", args, { ready: /(UDP|udp).*listen|listener opened|Total (UDP|General) servers/i }).then((daemon) => ({
    url: `turn:${address}:${port}?transport=udp`,
    ...daemon,
  }));
}
