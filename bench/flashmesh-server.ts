/**
 * `flashmesh serve` as bench:server runs it: the real server (server/app.ts) with the limits raised for the load, plus
 * a GC trigger on SIGUSR2 for memory sampling (start with node --expose-gc). Prints its URL. `--redis URL` makes it
 * one node of several (bench:cluster).
 */
import { startServer } from "../server/app.js";
import { collectGarbageOnSignal } from "./support/gcOnSignal.js";

collectGarbageOnSignal();
const redisAt = process.argv.indexOf("--redis");
const redis = redisAt < 0 ? null : process.argv[redisAt + 1]!;
const server = await startServer({ port: 0, staticDir: null, logLevel: "warn", redis, limits: { maxClients: 20_000, maxClientsPerAddress: 20_000, messagesPerSecond: 1000, messageBurst: 2000 } });
process.stdout.write(`flashmesh serve: ${server.url}/\n`);
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
