/**
 * A bare `peer` PeerServer (no flashmesh), for the memory-per-client comparison of bench:server. Prints its URL.
 * Usage: node --expose-gc build/bench/bare-peer-server.mjs (SIGUSR2 collects garbage before a memory sample)
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PeerServer } from "peer";
import { collectGarbageOnSignal } from "./support/gcOnSignal.js";

collectGarbageOnSignal();
PeerServer({ port: 0, host: "127.0.0.1", path: "/peerjs", key: "flashmesh", concurrent_limit: 20_000, alive_timeout: 30_000 }, (server: Server) => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`bare PeerServer: http://127.0.0.1:${port}/\n`);
});
process.on("SIGTERM", () => process.exit(0));
