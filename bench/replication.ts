/**
 * bench:replication (simulated half) — one seeder shares a file of --objects objects of --object-kb KB with
 * --members − 1 others on the memory network in simulated time, in Flash's file-share pattern (want everything,
 * re-share each result). Every member's upload is limited to --upload-kbps KB/s: its application answers requests
 * through a queue that takes size ÷ rate each, so the seeder cannot serve everyone at once and the swarm has to form.
 * Objects travel as small AMF3 values charged at their nominal size (the protocol's behaviour, not byte copying, is
 * what is measured; 1,000 members × 64 MB of real bytes would not fit this machine).
 * Figures, per strategy: time to full replication ÷ one peer-to-peer transfer of the same bytes at the same rate
 * measured in the same run (goal ≤ 4 at 1,000), seeder upload ÷ file size (goal ≤ 1.5), heap per member.
 * Last line: a JSON object.
 *
 * Usage: npm run bench:replication [-- --members 1000 --objects 64 --object-kb 64 --upload-kbps 1024 --seed 1]
 */
import { amf3PayloadOf, createMeshNode, type GroupOverlay, type ReplicationStrategy } from "../as3-api/engine/index.js";
import { MemoryNetwork } from "../as3-api/transport/memory.js";
import { SimulatedScheduler } from "../as3-api/transport/scheduler.js";
import { createRandom } from "../test/support/random.js";

const argument = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : process.argv[at + 1]!;
};
const MEMBERS = Math.min(2000, Math.max(2, Number(argument("members", "1000"))));
const OBJECTS = Math.min(4096, Math.max(1, Number(argument("objects", "64"))));
const OBJECT_BYTES = Number(argument("object-kb", "64")) * 1024;
const UPLOAD_BYTES_PER_MS = (Number(argument("upload-kbps", "1024")) * 1024) / 1000;
const SEED = Number(argument("seed", "1"));
const GROUP = "f11e5".padEnd(64, "0");
/** Simulated time a run may take before it counts as not finished. */
const LIMIT_MS = 4 * 3600_000;

interface Outcome {
  readonly finishedMs: number | null;
  readonly seederObjectsSent: number;
  readonly heapBytesPerMember: number;
}

/** One run: `members` members, the first seeding; the clock starts once the group has meshed. */
function run(members: number, strategy: ReplicationStrategy): Outcome {
  const random = createRandom(SEED + members);
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
      busyUntil = Math.max(busyUntil, scheduler.now()) + OBJECT_BYTES / UPLOAD_BYTES_PER_MS;
      scheduler.setTimer(busyUntil - scheduler.now(), () => {
        if (group.replication.write(detail.requestId, amf3PayloadOf({ index: detail.index })) === "sent" && i === 0) seederObjectsSent++;
      });
    });
    group.addEventListener("fetchresult", ({ detail }) => {
      held.add(detail.index);
      group.replication.addHave(detail.index, detail.index);
      if (held.size === OBJECTS) complete.add(group);
    });
    group.replication.strategy = strategy;
    if (i === 0) group.replication.addHave(0, OBJECTS - 1);
    else group.replication.addWant(0, OBJECTS - 1);
  });
  while (complete.size < members - 1 && scheduler.now() - start < LIMIT_MS) scheduler.runFor(100);
  const heapBytesPerMember = Math.max(0, process.memoryUsage().heapUsed - heapBefore) / members;
  const finishedMs = complete.size === members - 1 ? scheduler.now() - start : null;
  for (const node of nodes) node.close();
  return { finishedMs, seederObjectsSent, heapBytesPerMember };
}

const figures: Record<string, unknown> = { members: MEMBERS, objects: OBJECTS, objectBytes: OBJECT_BYTES, uploadBytesPerSecond: UPLOAD_BYTES_PER_MS * 1000, seed: SEED };
// The baseline: the same bytes from one peer to one other, at the same upload rate, in this run.
const baseline = run(2, "lowestFirst");
figures["peerToPeerMs"] = baseline.finishedMs;
for (const strategy of ["rarestFirst", "lowestFirst"] as const) {
  const outcome = run(MEMBERS, strategy);
  console.log(`${strategy}: ${MEMBERS} members, ${outcome.finishedMs === null ? "not finished" : `${(outcome.finishedMs / 1000).toFixed(1)} s`} (one transfer ${(baseline.finishedMs! / 1000).toFixed(1)} s), seeder sent ${outcome.seederObjectsSent} objects`);
  figures[strategy] = {
    timeRatio: outcome.finishedMs === null || baseline.finishedMs === null ? null : Number((outcome.finishedMs / baseline.finishedMs).toFixed(2)),
    timeRatioGoal: "<= 4",
    seederUploadPerSet: Number((outcome.seederObjectsSent / OBJECTS).toFixed(2)),
    seederUploadPerSetGoal: "<= 1.5",
    heapKBPerMember: Math.round(outcome.heapBytesPerMember / 1024),
  };
}
console.log(JSON.stringify(figures));
