/**
 * bench:server — load on `flashmesh serve` from simulated clients on 127.0.0.1, and the same connection load on a
 * bare `peer` PeerServer for a memory-per-client ratio. Bounded: at most --clients (default and maximum 10,000)
 * clients, at most --relays relays, and a hard stop after --max-seconds (default 600). Last line: a JSON object.
 *
 * Usage: npm run bench:server [-- --clients 10000 --relays 5000 --group-size 100]
 */
import { performance } from "node:perf_hooks";
import { GroupSpecifier } from "../as3-api/flash/net/GroupSpecifier.js";
import { groupIdOf } from "../as3-api/wire/identity.js";
import { RENDEZVOUS_PROTOCOL_VERSION } from "../as3-api/wire/rendezvous.js";
import { SignallingTestClient } from "../test/support/signallingClient.js";
import { percentile, rssOf, sleep, startServerProcess, type ServerProcess } from "./support/processes.js";

const MAX_CLIENTS = 10_000;
const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
};
const CLIENTS = Math.min(MAX_CLIENTS, argument("clients", MAX_CLIENTS));
const RELAYS = argument("relays", 5000);
const GROUP_SIZE = argument("group-size", 100);
const MAX_SECONDS = argument("max-seconds", 600);
const CONNECT_CONCURRENCY = 200;
const HEARTBEAT_MS = 5000;

setTimeout(() => {
  console.error(`bench:server: hard stop after ${MAX_SECONDS} s`);
  process.exit(2);
}, MAX_SECONDS * 1000).unref();

/** A client: the same raw PeerJS-protocol client the server specs use, with heartbeats driven by the bench. */
async function connect(base: string, hello: boolean): Promise<SignallingTestClient> {
  const client = await SignallingTestClient.open(base, { heartbeatMs: 0 });
  if (hello) {
    const welcome = client.next("FM-WELCOME", 30_000);
    client.send({ type: "FM-HELLO", payload: { v: RENDEZVOUS_PROTOCOL_VERSION, app: "bench/", args: [] } });
    await welcome;
  }
  return client;
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await task(next++);
  });
  await Promise.all(workers);
}

function heartbeats(clients: readonly SignallingTestClient[]): () => void {
  // Spread PeerJS heartbeats over the interval, as real clients starting at different times would.
  let index = 0;
  const perTick = Math.ceil(clients.length / (HEARTBEAT_MS / 100));
  const timer = setInterval(() => {
    for (let k = 0; k < perTick && clients.length > 0; k++) clients[index++ % clients.length]!.send({ type: "HEARTBEAT", payload: undefined });
  }, 100);
  return () => clearInterval(timer);
}

async function connectAll(server: ServerProcess, hello: boolean): Promise<{ clients: SignallingTestClient[]; seconds: number; baseline: { rss: number; heapUsed: number } }> {
  const baseline = await settledMemory(server);
  const clients: SignallingTestClient[] = new Array(CLIENTS);
  const started = performance.now();
  await pool(CLIENTS, CONNECT_CONCURRENCY, async (i) => {
    clients[i] = await connect(server.url, hello);
  });
  const seconds = (performance.now() - started) / 1000;
  return { clients, seconds, baseline };
}

/**
 * RSS and heap in use after the server collected its garbage (SIGUSR2, see bench/support/gcOnSignal.ts): live memory
 * only. RSS also keeps the heap's high-water mark, so it varies more from run to run than heap in use.
 */
async function settledMemory(server: ServerProcess): Promise<{ rss: number; heapUsed: number }> {
  let rss = Infinity;
  for (let i = 0; i < 3; i++) {
    process.kill(server.child.pid!, "SIGUSR2");
    await sleep(1000);
    rss = Math.min(rss, rssOf(server.child.pid!));
  }
  return { rss, heapUsed: server.lastMemory()?.heapUsed ?? NaN };
}

async function benchFlashmesh(): Promise<Record<string, number>> {
  const server = await startServerProcess(["--expose-gc", "build/bench/flashmesh-server.mjs"]);
  try {
    const { clients, seconds, baseline } = await connectAll(server, true);
    const stopHeartbeats = heartbeats(clients);

    // Joins: every client joins its group (GROUP_SIZE members each).
    const groups = Array.from({ length: Math.ceil(CLIENTS / GROUP_SIZE) }, (_, g) => groupIdOf(new GroupSpecifier(`bench-${g}`).toString()));
    const joinStarted = performance.now();
    let bootstrapTotal = 0;
    await pool(CLIENTS, 500, async (i) => {
      const client = clients[i]!;
      const joined = client.next("FM-JOINED", 30_000);
      client.send({ type: "FM-JOIN", payload: { req: 1, group: groups[Math.floor(i / GROUP_SIZE)], peerToPeer: true } });
      const reply = await joined;
      bootstrapTotal += (reply.payload as { members: unknown[] }).members.length;
    });
    const joinSeconds = (performance.now() - joinStarted) / 1000;
    const memory = await settledMemory(server);

    // Relays: paced at 1,000/s from random senders to random targets, latency measured end to end.
    const latencies: number[] = [];
    let delivered = 0;
    for (const client of clients) {
      client.onMessage((message) => {
        if (message.type !== "FM-ONRELAY") return;
        latencies.push(performance.now() - ((message.payload as { args: number[] }).args[0] ?? 0));
        delivered++;
      });
    }
    for (let r = 0; r < RELAYS; r++) {
      const from = clients[Math.floor(Math.random() * clients.length)]!;
      const to = clients[Math.floor(Math.random() * clients.length)]!;
      from.send({ type: "FM-RELAY", payload: { req: r + 1, target: to.id, args: [performance.now(), "payload"] } });
      if (r % 50 === 49) await sleep(50);
    }
    for (let wait = 0; wait < 100 && delivered < RELAYS; wait++) await sleep(100);
    stopHeartbeats();
    for (const client of clients) client.socket.terminate();
    return {
      clients: CLIENTS,
      connectPerSecond: CLIENTS / seconds,
      joinsPerSecond: CLIENTS / joinSeconds,
      bootstrapMembersPerJoin: bootstrapTotal / CLIENTS,
      relays: RELAYS,
      relaysDelivered: delivered,
      relayP50Ms: percentile(latencies, 50),
      relayP99Ms: percentile(latencies, 99),
      serverRssBytes: memory.rss,
      serverRssBytesPerClient: (memory.rss - baseline.rss) / CLIENTS,
      serverHeapBytesPerClient: (memory.heapUsed - baseline.heapUsed) / CLIENTS,
    };
  } finally {
    await server.stop();
  }
}

async function benchBarePeerServer(): Promise<{ rss: number; heapUsed: number }> {
  const server = await startServerProcess(["--expose-gc", "build/bench/bare-peer-server.mjs"]);
  try {
    const { clients, baseline } = await connectAll(server, false);
    const stopHeartbeats = heartbeats(clients);
    const memory = await settledMemory(server);
    stopHeartbeats();
    for (const client of clients) client.socket.terminate();
    return { rss: (memory.rss - baseline.rss) / CLIENTS, heapUsed: (memory.heapUsed - baseline.heapUsed) / CLIENTS };
  } finally {
    await server.stop();
  }
}

const flashmesh = await benchFlashmesh();
await sleep(2000);
const bare = await benchBarePeerServer();
const result = {
  benchmark: "server",
  ...flashmesh,
  barePeerServerRssBytesPerClient: bare.rss,
  barePeerServerHeapBytesPerClient: bare.heapUsed,
  memoryPerClientRatio: flashmesh["serverRssBytesPerClient"]! / bare.rss,
  heapPerClientRatio: flashmesh["serverHeapBytesPerClient"]! / bare.heapUsed,
  goals: { clients: 10_000, relayP99Ms: 50, memoryPerClientRatio: 1.2 },
};
console.log(JSON.stringify(result));
process.exit(0);
