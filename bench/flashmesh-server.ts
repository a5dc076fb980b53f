/**
 * `flashmesh serve` as bench:server runs it: the real server (server/app.ts) with the limits raised for the load, plus
 * a GC trigger on SIGUSR2 for memory sampling (start with node --expose-gc). Prints its URL.
 */
import { startServer } from "../server/app.js";
import { collectGarbageOnSignal } from "./support/gcOnSignal.js";

collectGarbageOnSignal();
const server = await startServer({ port: 0, staticDir: null, logLevel: "warn", limits: { maxClients: 20_000, maxClientsPerAddress: 20_000, messagesPerSecond: 1000, messageBurst: 2000 } });
process.stdout.write(`flashmesh serve: ${server.url}/\n`);
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
