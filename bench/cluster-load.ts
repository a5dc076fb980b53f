/**
 * bench:cluster — the same client load on one `flashmesh serve` alone, on one node with Redis, and on three nodes
 * sharing a real redis-server (Debian's, started here on a free 127.0.0.1 port), all on this machine. Clients are
 * spread round robin over the nodes; every client joins a group (so joiners are handed members on other nodes), then
 * relays go between random clients (with three nodes, two in three cross nodes through Redis): paced ones for
 * latency, then a burst for throughput; the memory each node grew by for its share. Ratios are against the single
 * node of the same run. Bounded: at most
 * --clients (default 3,000, maximum 10,000), hard stop after --max-seconds (default 600). Last line: a JSON object.
 *
 * Usage: npm run bench:cluster [-- --clients 3000 --relays 3000 --burst 20000 --group-size 100]
 */
import { performance } from "node:perf_hooks";
import { GroupSpecifier } from "../as3-api/flash/net/GroupSpecifier.js";
import { groupIdOf } from "../as3-api/wire/identity.js";
import { RENDEZVOUS_PROTOCOL_VERSION } from "../as3-api/wire/rendezvous.js";
import { hasRedisServer, startRedisServer, type RedisProcess } from "../scripts/redis-process.mjs";
import { SignallingTestClient } from "../test/support/signallingClient.js";
import { percentile, rssOf, sleep, startServerProcess, type ServerProcess } from "./support/processes.js";

const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
};
const CLIENTS = Math.min(10_000, argument("clients", 3000));
const RELAYS = argument("relays", 3000);
const BURST = argument("burst", 20_000);
const GROUP_SIZE = argument("group-size", 100);
const MAX_SECONDS = argument("max-seconds", 600);
const HEARTBEAT_MS = 5000;

setTimeout(() => {
  console.error(`bench:cluster: hard stop after ${MAX_SECONDS} s`);
  process.exit(2);
}, MAX_SECONDS * 1000).unref();

async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await task(next++);
  }));
}

/**
 * Each server's RSS and JS heap in use after it collected its garbage (SIGUSR2: bench/support/gcOnSignal.ts), lowest
 * of three samples. RSS keeps the heap's high-water mark; heap in use is the steadier figure.
 */
async function settledMemory(servers: readonly ServerProcess[]): Promise<{ rss: number; heap: number }[]> {
  const lowest = servers.map(() => ({ rss: Infinity, heap: Infinity }));
  for (let round = 0; round < 3; round++) {
    const before = servers.map((server) => server.lastMemory());
    for (const server of servers) process.kill(server.child.pid!, "SIGUSR2");
    // Until every server printed its fresh figures (a loaded machine may take seconds), at most 20 s.
    for (let wait = 0; wait < 200 && servers.some((server, i) => server.lastMemory() === before[i]); wait++) await sleep(100);
    servers.forEach((server, i) => {
      lowest[i] = { rss: Math.min(lowest[i]!.rss, rssOf(server.child.pid!)), heap: Math.min(lowest[i]!.heap, server.lastMemory()?.heapUsed ?? NaN) };
    });
  }
  return lowest;
}

interface Figures {
  readonly nodes: number;
  readonly connectPerSecond: number;
  readonly joinsPerSecond: number;
  readonly bootstrapMembersPerJoin: number;
  readonly relaysDelivered: number;
  readonly relayP50Ms: number;
  readonly relayP99Ms: number;
  readonly burstRelaysPerSecond: number;
  readonly burstDelivered: number;
  /**
   * Growth of resident memory (after a forced GC) from the idle node to the node once every client joined, for the
   * node that grew most: what one process must hold for its share of the clients.
   */
  readonly largestNodeRssGrowthBytes: number;
  /** The same for JS heap in use. */
  readonly largestNodeHeapGrowthBytes: number;
}

/** One configuration: `nodes` servers (with Redis when given), the whole load, then everything stopped. */
async function run(nodeCount: number, redis: RedisProcess | null): Promise<Figures> {
  const servers: ServerProcess[] = [];
  const clients: SignallingTestClient[] = [];
  let stopHeartbeats = (): void => undefined;
  try {
    for (let i = 0; i < nodeCount; i++) servers.push(await startServerProcess(["--expose-gc", "build/bench/flashmesh-server.mjs", ...(redis === null ? [] : ["--redis", redis.url])]));
    // Heartbeats from the first connection on (a loaded machine may take longer than the alive timeout to connect all).
    let beat = 0;
    const timer = setInterval(() => {
      const connected = clients.filter((client) => client !== undefined);
      for (let k = 0; k < Math.ceil(CLIENTS / (HEARTBEAT_MS / 100)) && connected.length > 0; k++) connected[beat++ % connected.length]!.send({ type: "HEARTBEAT", payload: undefined });
    }, 100);
    stopHeartbeats = () => clearInterval(timer);
    const idle = await settledMemory(servers);
    const connectStarted = performance.now();
    await pool(CLIENTS, 200, async (i) => {
      const client = await SignallingTestClient.open(servers[i % nodeCount]!.url, { heartbeatMs: 0 });
      const welcome = client.next("FM-WELCOME", 30_000);
      client.send({ type: "FM-HELLO", payload: { v: RENDEZVOUS_PROTOCOL_VERSION, app: "bench/", args: [] } });
      await welcome;
      clients[i] = client;
    });
    const connectSeconds = (performance.now() - connectStarted) / 1000;

    const groups = Array.from({ length: Math.ceil(CLIENTS / GROUP_SIZE) }, (_, g) => groupIdOf(new GroupSpecifier(`bench-cluster-${nodeCount}-${g}`).toString()));
    let bootstrap = 0;
    const joinStarted = performance.now();
    await pool(CLIENTS, 500, async (i) => {
      const joined = clients[i]!.next("FM-JOINED", 30_000);
      clients[i]!.send({ type: "FM-JOIN", payload: { req: 1, group: groups[Math.floor(i / GROUP_SIZE)], peerToPeer: true } });
      const reply = await joined; // (not `bootstrap += await …`: that reads the total before waiting)
      bootstrap += (reply.payload as { members: unknown[] }).members.length;
    });
    const joinSeconds = (performance.now() - joinStarted) / 1000;
    const loaded = await settledMemory(servers);
    const largestNodeRssGrowthBytes = Math.max(...loaded.map((memory, i) => memory.rss - idle[i]!.rss));
    const largestNodeHeapGrowthBytes = Math.max(...loaded.map((memory, i) => memory.heap - idle[i]!.heap));

    // Paced relays (1,000/s) for latency, from send to FM-ONRELAY.
    const latencies: number[] = [];
    let delivered = 0;
    for (const client of clients) {
      client.onMessage((message) => {
        if (message.type !== "FM-ONRELAY") return;
        delivered++;
        const sent = (message.payload as { args: unknown[] }).args[0];
        if (typeof sent === "number") latencies.push(performance.now() - sent);
      });
    }
    const pick = (): SignallingTestClient => clients[Math.floor(Math.random() * clients.length)]!;
    for (let r = 0; r < RELAYS; r++) {
      pick().send({ type: "FM-RELAY", payload: { req: r + 1, target: pick().id, args: [performance.now(), "payload"] } });
      if (r % 50 === 49) await sleep(50);
    }
    for (let wait = 0; wait < 100 && delivered < RELAYS; wait++) await sleep(100);
    const pacedDelivered = delivered;

    // A burst: BURST relays sent as fast as the clients' rate limits allow (each sender at most 1 in 20 of them).
    delivered = 0;
    const burstStarted = performance.now();
    for (let r = 0; r < BURST; r++) {
      const from = clients[r % clients.length]!;
      from.send({ type: "FM-RELAY", payload: { req: r + 1, target: pick().id, args: ["burst"] } });
      if (r % 500 === 499) await sleep(0);
    }
    for (let wait = 0; wait < 600 && delivered < BURST; wait++) await sleep(50);
    const burstSeconds = (performance.now() - burstStarted) / 1000;
    return {
      nodes: nodeCount,
      connectPerSecond: CLIENTS / connectSeconds,
      joinsPerSecond: CLIENTS / joinSeconds,
      bootstrapMembersPerJoin: bootstrap / CLIENTS,
      relaysDelivered: pacedDelivered,
      relayP50Ms: percentile(latencies, 50),
      relayP99Ms: percentile(latencies, 99),
      burstRelaysPerSecond: delivered / burstSeconds,
      burstDelivered: delivered,
      largestNodeRssGrowthBytes,
      largestNodeHeapGrowthBytes,
    };
  } finally {
    stopHeartbeats();
    for (const client of clients) client?.socket.terminate();
    for (const server of servers) await server.stop();
  }
}

if (!hasRedisServer()) {
  console.error("bench:cluster needs redis-server (node scripts/system-deps.mjs redis-server)");
  process.exit(1);
}
const redis = await startRedisServer();
try {
  const alone = await run(1, null);
  await sleep(1000);
  const oneNode = await run(1, redis);
  await sleep(1000);
  const threeNodes = await run(3, redis);
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  const result = {
    benchmark: "cluster",
    clients: CLIENTS,
    relays: RELAYS,
    burst: BURST,
    alone,
    oneNodeWithRedis: oneNode,
    threeNodes,
    joinsRatio3to1: round(threeNodes.joinsPerSecond / alone.joinsPerSecond),
    burstRelaysRatio3to1: round(threeNodes.burstRelaysPerSecond / alone.burstRelaysPerSecond),
    relayP99Ratio3to1: round(threeNodes.relayP99Ms / alone.relayP99Ms),
    largestNodeRssGrowthRatio3to1: round(threeNodes.largestNodeRssGrowthBytes / alone.largestNodeRssGrowthBytes),
    largestNodeHeapGrowthRatio3to1: round(threeNodes.largestNodeHeapGrowthBytes / alone.largestNodeHeapGrowthBytes),
    goals: { relayP99Ms: 50, relaysDelivered: RELAYS, burstDelivered: BURST, largestNodeHeapGrowthRatio3to1: 0.5 },
  };
  console.log(JSON.stringify(result));
} finally {
  await redis.stop();
}
process.exit(0);
