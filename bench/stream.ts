/**
 * bench:stream — one multicast publisher and N players (N = 100 and 1,000, or --sizes) on the memory network in
 * simulated time (20 ± 5 ms per hop, 1% loss), a 64 kbit/s data stream of 100 sends a second (80-byte messages)
 * for --seconds: delivery within the window, publisher upload ÷ stream rate (the publisher must not feed everyone),
 * per-member upload mean and max ÷ stream rate, and latency p50/p99 (send to in-order delivery) against one hop of
 * the same network (its mean one-way delay, 20 + 5/2 ms). Upload counts every multicast frame a member sends (fragments, availability,
 * fetches), headers included. The last line is a JSON object with the goal beside each figure.
 *
 * Usage: npm run bench:stream [-- --sizes 100,1000 --seconds 10 --seed 1]
 */
import { createMeshNode, type GroupOverlay, type LocalPlayer, type MulticastTuning } from "../as3-api/engine/index.js";
import { encodeAmf3 } from "../as3-api/wire/amf3.js";
import { MemoryNetwork } from "../as3-api/transport/memory.js";
import { SimulatedScheduler } from "../as3-api/transport/scheduler.js";
import { createRandom } from "../test/support/random.js";
import { ringClosed } from "../test/support/ring.js";
import { percentile } from "./support/processes.js";

const argument = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : process.argv[at + 1]!;
};
const SIZES = argument("sizes", "100,1000").split(",").map(Number).filter((n) => n >= 2 && n <= 2000);
const SECONDS = Number(argument("seconds", "10"));
const SEED = Number(argument("seed", "1"));
const GROUP = "5712ea".padEnd(64, "0");
const SENDS_PER_SECOND = 100;
/** 64 kbit/s at 100 sends a second: 80 bytes of AMF3 per send. */
const MESSAGE_BYTES = 80;
const STREAM_BYTES_PER_SECOND = SENDS_PER_SECOND * MESSAGE_BYTES;
const TUNING: MulticastTuning = { windowMs: 8000, relayMarginMs: 2000, fetchPeriodMs: 2500, availabilityPeriodMs: 100, availabilitySendToAll: false, pushNeighborLimit: 4 };

/** An AMF3 `["onData", seq, padding]` message of exactly MESSAGE_BYTES bytes. */
function message(seq: number): Uint8Array {
  for (let pad = MESSAGE_BYTES; pad > 0; pad--) {
    const bytes = encodeAmf3(["onData", seq, "x".repeat(pad)]);
    if (bytes.length === MESSAGE_BYTES) return bytes;
    if (bytes.length < MESSAGE_BYTES) return encodeAmf3(["onData", seq, "x".repeat(pad + MESSAGE_BYTES - bytes.length)]);
  }
  return encodeAmf3(["onData", seq]);
}

function runSize(size: number): Record<string, number> {
  const random = createRandom(SEED + size);
  const scheduler = new SimulatedScheduler();
  const network = new MemoryNetwork({ scheduler, random: random.next, conditions: { latencyMs: 20, jitterMs: 5, loss: 0.01 } });
  const groups: GroupOverlay[] = [];
  for (let i = 0; i < size + 1; i++) groups.push(createMeshNode(network.createTransport(), { random: random.next }).joinGroup(GROUP, { multicast: true }));
  const joinStart = scheduler.now();
  while (!ringClosed(groups) && scheduler.now() - joinStart < 120_000) scheduler.runFor(1000);
  scheduler.runFor(5000);
  const [publisherGroup, ...playerGroups] = groups as [GroupOverlay, ...GroupOverlay[]];
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const delivered = new Map<LocalPlayer, number>();
  const players = playerGroups.map((group) => {
    let count = 0;
    const player: LocalPlayer = group.multicast.play("bench", TUNING, {
      publishNotify: () => undefined,
      unpublishNotify: () => undefined,
      // Deliveries are matched to sends by the message number, read back from the AMF3.
      data: (payload) => {
        const seq = readSeq(payload);
        const at = sentAt.get(seq);
        if (at === undefined) return;
        const latency = scheduler.now() - at;
        latencies.push(latency);
        if (latency <= TUNING.windowMs) delivered.set(player, ++count);
      },
    });
    return player;
  });
  const publication = publisherGroup.multicast.publish("bench", TUNING)!;
  scheduler.runFor(3000); // players hear of the stream and say they take part
  const start = scheduler.now();
  const total = SECONDS * SENDS_PER_SECOND;
  for (let seq = 1; seq <= total; seq++) {
    sentAt.set(seq, scheduler.now());
    publication.send(message(seq));
    scheduler.runFor(1000 / SENDS_PER_SECOND);
  }
  const streamSeconds = (scheduler.now() - start) / 1000;
  scheduler.runFor(TUNING.windowMs + 2000);
  const uploadOf = (player: LocalPlayer): number => {
    const meters = player.track?.meters ?? null;
    return meters === null ? 0 : meters.sendData.total + meters.sendControl.total;
  };
  const publisherUpload = publication.meters.sendData.total + publication.meters.sendControl.total;
  const memberUploads = players.map((player) => uploadOf(player) / streamSeconds / STREAM_BYTES_PER_SECOND);
  const deliveredTotal = [...delivered.values()].reduce((a, b) => a + b, 0);
  latencies.sort((a, b) => a - b);
  const oneHop = 20 + 5 / 2;
  return {
    members: size,
    deliveryWithinWindow: deliveredTotal / (total * players.length),
    publisherUploadOverStreamRate: publisherUpload / streamSeconds / STREAM_BYTES_PER_SECOND,
    memberUploadMeanOverStreamRate: memberUploads.reduce((a, b) => a + b, 0) / memberUploads.length,
    memberUploadMaxOverStreamRate: Math.max(...memberUploads),
    latencyP50Ms: percentile(latencies, 0.5),
    latencyP99Ms: percentile(latencies, 0.99),
    oneHopMeanMs: oneHop,
    latencyP50OverOneHop: percentile(latencies, 0.5) / oneHop,
    latencyP99OverOneHop: percentile(latencies, 0.99) / oneHop,
    lostFrames: network.stats.lost,
  };
}

/** The message number of a bench message: AMF3 array marker, length, empty key, "onData", then an int (marker 4, U29). */
function readSeq(payload: Uint8Array): number {
  let at = 3 + 2 + "onData".length; // 0x09 len 0x01, 0x06 (U29 length) "onData"
  if (payload[3] !== 0x06 || payload[at] !== 0x04) return -1;
  at++;
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const byte = payload[at + i]!;
    if (i === 3) return (value << 8) | byte;
    value = (value << 7) | (byte & 0x7f);
    if ((byte & 0x80) === 0) return value;
  }
  return value;
}

const results = SIZES.map((size) => {
  const result = runSize(size);
  console.error(JSON.stringify(result));
  return result;
});
console.log(JSON.stringify({ benchmark: "stream", seed: SEED, seconds: SECONDS, latencyMs: 20, jitterMs: 5, loss: 0.01, streamKbps: 64, sendsPerSecond: SENDS_PER_SECOND, results, goals: { deliveryWithinWindow: 0.999, publisherUploadOverStreamRate: "<= 2" } }));
