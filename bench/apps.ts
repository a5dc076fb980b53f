/**
 * bench:apps — server-side applications on a real `flashmesh serve --apps test/apps`: the round trip of an
 * `nc.call` to an application method (echo, through the application's worker thread, AMF3 decoded and encoded there)
 * against the round trip of two relays through the same server (the baseline: the same sockets and gate, no
 * application), calls per second with many in flight against relays per second, and the resident memory an idle
 * application thread adds. Bounded: --calls (default 2000) sequential round trips, --seconds (default 5) of load,
 * a hard stop after --max-seconds (default 300). Last line: a JSON object, each figure beside its goal.
 *
 * Usage: npm run bench:apps [-- --calls 2000 --seconds 5]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { ResultPayload } from "../as3-api/wire/rendezvous.js";
import { amf, hello } from "../test/support/appClient.js";
import type { SignallingTestClient } from "../test/support/signallingClient.js";
import { percentile, rssOf, sleep, startServerProcess } from "./support/processes.js";

const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
};
const CALLS = argument("calls", 2000);
const SECONDS = argument("seconds", 5);
const MAX_SECONDS = argument("max-seconds", 300);
const IDLE_APPS = 8;
const IN_FLIGHT = 16;


// test/apps plus IDLE_APPS applications that only accept, for the memory figure.
const appsDir = mkdtempSync(join(tmpdir(), "flashmesh-bench-apps-"));
for (let i = 0; i < IDLE_APPS; i++) {
  mkdirSync(join(appsDir, `idle${i}`));
  writeFileSync(join(appsDir, `idle${i}`, "main.mjs"), "export const clientMethods = { ping() { return 1; } };\n");
}
mkdirSync(join(appsDir, "echo"));
writeFileSync(join(appsDir, "echo", "main.mjs"), 'export * from "' + join(process.cwd(), "test/apps/echo/main.mjs") + '";\n');

const server = await startServerProcess(["bin/flashmesh.mjs", "serve", "--port", "0", "--static", "none", "--no-player", "--log-level", "error", "--apps", appsDir, "--max-calls-per-client", String(IN_FLIGHT),
  // The per-connection rate limit would otherwise be what is measured.
  "--messages-per-second", "1000000", "--message-burst", "1000000"], { timeoutMs: 20_000 });
setTimeout(() => {
  console.error(`bench:apps: hard stop after ${MAX_SECONDS} s`);
  server.child.kill("SIGKILL");
  process.exit(2);
}, MAX_SECONDS * 1000).unref();
const clients: SignallingTestClient[] = [];
async function connected(app: string, ...args: unknown[]): Promise<SignallingTestClient> {
  const { client, welcome } = await hello(server.url, app, ...args);
  clients.push(client);
  if (welcome === undefined) throw new Error(`${app} rejected the bench`);
  return client;
}

const payload = { id: 7, text: "a line of chat", at: new Date(0), values: [1, 2, 3] };
const payloadArgs = [amf(payload)];
let req = 1;

/** One nc.call round trip. */
function callOnce(client: SignallingTestClient): Promise<void> {
  const mine = req++;
  return new Promise((resolve, reject) => {
    const stop = client.onMessage((message) => {
      if (message.type === "FM-ERROR") {
        stop();
        return reject(new Error(JSON.stringify(message.payload)));
      }
      if (message.type !== "FM-RESULT" || (message.payload as ResultPayload).req !== mine) return;
      stop();
      if ((message.payload as ResultPayload).error !== undefined) reject(new Error((message.payload as ResultPayload).error));
      else resolve();
    });
    client.send({ type: "FM-CALL", payload: { req: mine, name: "echo", args: payloadArgs } });
  });
}

/** Waiters for relays coming back, per sender, in order (each relay back settles one). */
const relayWaiters = new Map<SignallingTestClient, { resolve(): void; reject(error: Error): void }[]>();

/** A relay to `to` and its relay back: the baseline round trip. */
function relayOnce(from: SignallingTestClient, to: SignallingTestClient): Promise<void> {
  let waiters = relayWaiters.get(from);
  if (waiters === undefined) {
    const queue: { resolve(): void; reject(error: Error): void }[] = [];
    waiters = queue;
    relayWaiters.set(from, queue);
    from.onMessage((message) => {
      if (message.type === "FM-ONRELAY") queue.shift()?.resolve();
      else if (message.type === "FM-ERROR") queue.shift()?.reject(new Error(JSON.stringify(message.payload)));
    });
  }
  const queue = waiters;
  return new Promise((resolve, reject) => {
    queue.push({ resolve, reject });
    from.send({ type: "FM-RELAY", payload: { req: req++, target: to.id, args: payloadArgs } });
  });
}

async function roundTrips(once: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  return times;
}

/** Operations per second with IN_FLIGHT outstanding at once from each of `clients`, for SECONDS. */
async function throughput(workers: (() => Promise<void>)[]): Promise<number> {
  let done = 0;
  const until = performance.now() + SECONDS * 1000;
  const start = performance.now();
  await Promise.all(
    workers.flatMap((once) =>
      Array.from({ length: IN_FLIGHT }, async () => {
        while (performance.now() < until) {
          await once();
          done++;
        }
      }),
    ),
  );
  return done / ((performance.now() - start) / 1000);
}

try {
  const caller = await connected("echo", "bench");
  const a = await connected("idle0");
  const b = await connected("idle0");
  // B answers every relay with one back to its sender.
  b.onMessage((message) => {
    if (message.type === "FM-ONRELAY") b.send({ type: "FM-RELAY", payload: { req: req++, target: (message.payload as { from: string }).from, args: payloadArgs } });
  });
  for (let i = 0; i < 200; i++) await callOnce(caller); // warm-up: the thread's code compiled
  for (let i = 0; i < 200; i++) await relayOnce(a, b);
  const relayTimes = await roundTrips(() => relayOnce(a, b));
  const callTimes = await roundTrips(() => callOnce(caller));

  const callers = [caller, ...(await Promise.all([1, 2, 3].map((i) => connected("echo", `bench${i}`))))];
  const callsPerSecond = await throughput(callers.map((client) => () => callOnce(client)));
  const relayPairs = await Promise.all([1, 2, 3].map(async () => [await connected("idle0"), await connected("idle0")] as const));
  for (const [, echo] of relayPairs) {
    echo.onMessage((message) => {
      if (message.type === "FM-ONRELAY") echo.send({ type: "FM-RELAY", payload: { req: req++, target: (message.payload as { from: string }).from, args: payloadArgs } });
    });
  }
  const relaysPerSecond = await throughput([() => relayOnce(a, b), ...relayPairs.map(([from, to]) => () => relayOnce(from, to))]);

  // Memory: the server with two application threads running (echo, idle0), then with IDLE_APPS - 1 more.
  await sleep(1000);
  const before = rssOf(server.child.pid!);
  for (let i = 1; i < IDLE_APPS; i++) await connected(`idle${i}`);
  await sleep(2000);
  const perThreadMB = (rssOf(server.child.pid!) - before) / (IDLE_APPS - 1) / 1e6;

  const median = (values: number[]): number => percentile(values, 50);
  const round = (value: number, places = 3): number => Math.round(value * 10 ** places) / 10 ** places;
  console.log(
    JSON.stringify({
      calls: CALLS,
      callRoundTripMedianMs: round(median(callTimes)),
      callRoundTripP99Ms: round(percentile(callTimes, 99)),
      relayRoundTripMedianMs: round(median(relayTimes)),
      callToRelayRoundTripRatio: round(median(callTimes) / median(relayTimes)),
      goalCallToRelayRoundTripRatio: "≤ 3 (one call: to the application's thread and back, AMF3 decoded and encoded there; one relay round trip: two relays)",
      callsPerSecond: Math.round(callsPerSecond),
      relayRoundTripsPerSecond: Math.round(relaysPerSecond),
      callToRelayThroughputRatio: round(callsPerSecond / relaysPerSecond),
      goalCallToRelayThroughputRatio: "≥ 0.33",
      idleApplicationThreadMB: round(perThreadMB, 1),
      goalIdleApplicationThreadMB: "≤ 16 resident per running application",
    }),
  );
} finally {
  for (const client of clients) client.close();
  await server.stop();
  rmSync(appsDir, { recursive: true, force: true });
}
