/**
 * bench:replication's simulated half: one seeder shares a file of `objects` objects of `objectBytes` with
 * `members` − 1 others on the memory network in simulated time, in Flash's file-share pattern (want everything,
 * re-share each result). Every member's upload is limited to `uploadKBps`: its application answers requests through a
 * queue that takes size ÷ rate each, so the seeder cannot serve everyone at once and the swarm has to form. Objects
 * travel as small AMF3 values charged at their nominal size (the protocol's behaviour, not byte copying, is what is
 * measured; 1,000 members × 64 MB of real bytes would not fit this machine).
 * Figures, per strategy: time to full replication ÷ one peer-to-peer transfer of the same bytes at the same rate
 * measured in the same run (goal ≤ 4 at 1,000), seeder upload ÷ file size (goal ≤ 1.5), heap per member.
 */
import { amf3PayloadOf, createMeshNode, type GroupOverlay, type ReplicationStrategy } from "../../as3-api/engine/index.js";
import { MemoryNetwork } from "../../as3-api/transport/memory.js";
import { SimulatedScheduler } from "../../as3-api/transport/scheduler.js";
import { createRandom } from "../../test/support/random.js";

/** What one simulated run is asked to do. */
export interface SimulatedOptions {
  readonly members: number;
  readonly objects: number;
  readonly objectBytes: number;
  readonly uploadKBps: number;
  readonly seed: number;
  /** Which strategies to run, in order (both by default). */
  readonly strategies: readonly ReplicationStrategy[];
}

const GROUP = "f11e5".padEnd(64, "0");
/** Simulated time a run may take before it counts as not finished. */
const LIMIT_MS = 4 * 3600_000;

interface Outcome {
  readonly finishedMs: number | null;
  readonly seederObjectsSent: number;
  readonly heapBytesPerMember: number;
  readonly wallMs: number;
}

/** One run: `members` members, the first seeding; the clock starts once the group has meshed. */
function run(members: number, strategy: ReplicationStrategy, options: SimulatedOptions): Outcome {
  const wallStart = Date.now();
  const uploadBytesPerMs = (options.uploadKBps * 1024) / 1000;
  const random = createRandom(options.seed + members);
  const scheduler = new SimulatedScheduler();
  const network = new MemoryNetwork({ scheduler, random: random.next });
  const heapBefore = process.memoryUsage().heapUsed;
  const nodes = Array.from({ length: members }, () => createMeshNode(network.createTransport(), { random: random.next }));
  const groups = nodes.map((node) => node.joinGroup(GROUP, { objectReplication: true }));
  // Let the overlay settle (neighbours found) before the transfer starts.
  const settleBy = scheduler.now() + 60_000;
  while (scheduler.now() < settleBy && !groups.every((group) => group.neighbours.size > 0)) scheduler.runFor(500);
  scheduler.runFor(10_000);
  const start = scheduler.now();
  const complete = new Set<GroupOverlay>();
  let seederObjectsSent = 0;
  groups.forEach((group, i) => {
    const held = new Set<number>();
    let busyUntil = 0;
    group.addEventListener("replicationrequest", ({ detail }) => {
      // The upload queue: each answer leaves when the ones before it have, size ÷ rate later.
      busyUntil = Math.max(busyUntil, scheduler.now()) + options.objectBytes / uploadBytesPerMs;
      scheduler.setTimer(busyUntil - scheduler.now(), () => {
        if (group.replication.write(detail.requestId, amf3PayloadOf({ index: detail.index })) === "sent" && i === 0) seederObjectsSent++;
      });
    });
    group.addEventListener("fetchresult", ({ detail }) => {
      held.add(detail.index);
      group.replication.addHave(detail.index, detail.index);
      if (held.size === options.objects) complete.add(group);
    });
    group.replication.strategy = strategy;
    if (i === 0) group.replication.addHave(0, options.objects - 1);
    else group.replication.addWant(0, options.objects - 1);
  });
  while (complete.size < members - 1 && scheduler.now() - start < LIMIT_MS) scheduler.runFor(100);
  const heapBytesPerMember = Math.max(0, process.memoryUsage().heapUsed - heapBefore) / members;
  const finishedMs = complete.size === members - 1 ? scheduler.now() - start : null;
  for (const node of nodes) node.close();
  return { finishedMs, seederObjectsSent, heapBytesPerMember, wallMs: Date.now() - wallStart };
}

/** Runs the simulated half: the one-transfer baseline, then `members` members with each strategy. */
export function runSimulated(options: SimulatedOptions): Record<string, unknown> {
  const figures: Record<string, unknown> = { ...options };
  // The baseline: the same bytes from one peer to one other, at the same upload rate, in this run.
  const baseline = run(2, "lowestFirst", options);
  figures["peerToPeerMs"] = baseline.finishedMs;
  for (const strategy of options.strategies) {
    const outcome = run(options.members, strategy, options);
    console.log(`simulated ${strategy}: ${options.members} members, ${outcome.finishedMs === null ? "not finished" : `${(outcome.finishedMs / 1000).toFixed(1)} s`} (one transfer ${(baseline.finishedMs! / 1000).toFixed(1)} s), seeder sent ${outcome.seederObjectsSent} objects, wall time ${(outcome.wallMs / 1000).toFixed(0)} s`);
    figures[strategy] = {
      timeRatio: outcome.finishedMs === null || baseline.finishedMs === null ? null : Number((outcome.finishedMs / baseline.finishedMs).toFixed(2)),
      timeRatioGoal: "<= 4 at 1,000",
      seederUploadPerSet: Number((outcome.seederObjectsSent / options.objects).toFixed(2)),
      seederUploadPerSetGoal: "<= 1.5",
      heapKBPerMember: Math.round(outcome.heapBytesPerMember / 1024),
      wallSeconds: Math.round(outcome.wallMs / 1000),
    };
  }
  return figures;
}
