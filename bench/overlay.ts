/**
 * bench:overlay — the group engine on the memory network in simulated time, N = 100, 1,000, 10,000 (or --sizes):
 * time for a mass join to close the ring, neighbours per member, then posts from random members: delivery ratio,
 * payload copies per member per post, hops and latency; then the same under 10% churn (members crash and new ones
 * join while posts flow; delivery counted for members present throughout). Bounded by sizes and simulated time; the
 * last line is a JSON object.
 *
 * Usage: npm run bench:overlay [-- --sizes 100,1000,10000 --posts 20 --seed 1 --modes calm,churn]
 */
import { amf3PayloadOf, createMeshNode, type GroupOverlay } from "../as3-api/engine/index.js";
import { MemoryNetwork } from "../as3-api/transport/memory.js";
import { SimulatedScheduler } from "../as3-api/transport/scheduler.js";
import { createRandom } from "../test/support/random.js";
import { ringClosed, ringOrder } from "../test/support/ring.js";
import { percentile } from "./support/processes.js";

const argument = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : process.argv[at + 1]!;
};
const SIZES = argument("sizes", "100,1000,10000").split(",").map(Number).filter((n) => n >= 2 && n <= 10_000);
const POSTS = Number(argument("posts", "20"));
const SEED = Number(argument("seed", "1"));
/** Which runs per size: "calm" (no churn) and/or "churn" (10%). */
const MODES = argument("modes", "calm,churn").split(",");
const GROUP = "c0ffee".padEnd(64, "0");
const JOIN_LIMIT_MS = 120_000;
const POST_SPACING_MS = 1000;

interface Run {
  readonly scheduler: SimulatedScheduler;
  readonly network: MemoryNetwork;
  readonly random: ReturnType<typeof createRandom>;
  groups: GroupOverlay[];
}

function newRun(size: number): Run {
  const random = createRandom(SEED + size);
  const scheduler = new SimulatedScheduler();
  const network = new MemoryNetwork({ scheduler, random: random.next });
  const run: Run = { scheduler, network, random, groups: [] };
  for (let i = 0; i < size; i++) run.groups.push(join(run));
  return run;
}

const joinedAt = new WeakMap<GroupOverlay, number>();

function join(run: Run): GroupOverlay {
  const group = createMeshNode(run.network.createTransport(), { random: run.random.next }).joinGroup(GROUP);
  joinedAt.set(group, run.scheduler.now());
  return group;
}


interface PostRecord {
  readonly id: string;
  readonly at: number;
  readonly by: GroupOverlay;
  readonly receivers: Set<GroupOverlay>;
  /** The poster's neighbours and age (ms since it joined) when it posted: for the diagnosis of a post that did not spread. */
  readonly posterNeighbours: number;
  readonly posterAgeMs: number;
}

/** Posts from random members, one per second; returns what each post reached. */
function postRound(run: Run, count: number, churnPerPost: number, live: () => GroupOverlay[]): { records: PostRecord[]; hops: number[]; latencies: number[]; present: Set<GroupOverlay>; copies: number } {
  const records = new Map<string, PostRecord>();
  const hops: number[] = [];
  const latencies: number[] = [];
  const listener = (group: GroupOverlay) => (event: CustomEvent<{ messageId: string; hops: number }>): void => {
    const record = records.get(event.detail.messageId);
    if (record === undefined) return;
    record.receivers.add(group);
    hops.push(event.detail.hops);
    latencies.push(run.scheduler.now() - record.at);
  };
  const listened = new Set<GroupOverlay>();
  const listen = (group: GroupOverlay): void => {
    if (listened.has(group)) return;
    listened.add(group);
    group.addEventListener("post", listener(group) as never);
  };
  run.groups.forEach(listen);
  const present = new Set(run.groups);
  const copiesBefore = run.groups.reduce((sum, group) => sum + group.posting.stats.postsReceived, 0);
  let churnDebt = 0;
  for (let p = 0; p < count; p++) {
    churnDebt += churnPerPost;
    for (; churnDebt >= 1; churnDebt--) {
      const victim = run.groups.splice(run.random.int(run.groups.length), 1)[0]!;
      present.delete(victim);
      run.network.crash(victim.node.peerId);
      const fresh = join(run);
      run.groups.push(fresh);
      listen(fresh);
    }
    const members = live();
    const by = members[run.random.int(members.length)]!;
    const id = by.post(amf3PayloadOf({ sequence: p, from: by.self.peerId.slice(0, 8), text: "benchmark post" }));
    records.set(id, { id, at: run.scheduler.now(), by, receivers: new Set(), posterNeighbours: by.neighbours.size, posterAgeMs: run.scheduler.now() - (joinedAt.get(by) ?? 0) });
    run.scheduler.runFor(POST_SPACING_MS);
  }
  run.scheduler.runFor(10_000);
  const copies = run.groups.reduce((sum, group) => sum + group.posting.stats.postsReceived, 0) - copiesBefore;
  return { records: [...records.values()], hops, latencies, present, copies };
}

function measure(size: number, churn: boolean): Record<string, number> {
  const started = Date.now();
  const run = newRun(size);
  let converged = NaN;
  for (let t = 0; t <= JOIN_LIMIT_MS; t += 1000) {
    run.scheduler.runUntil(t);
    if (ringClosed(run.groups)) {
      converged = t;
      break;
    }
  }
  if (Number.isNaN(converged)) {
    const ring = ringOrder(run.groups);
    const open = ring.filter((group, i) => !group.neighbours.has(ring[(i + 1) % ring.length]!.self.peerId));
    const unknown = ring.filter((group, i) => !group.membership.members.has(ring[(i + 1) % ring.length]!.self.peerId));
    console.error(`ring not closed after ${JOIN_LIMIT_MS} ms: ${open.length} members miss their successor (${unknown.length} do not know it)`);
  }
  run.scheduler.runFor(5000);
  const degrees = run.groups.map((group) => group.neighbours.size);
  postRound(run, 5, 0, () => run.groups); // warm-up: the broadcast tree prunes itself
  const churnPerPost = churn ? (0.1 * size) / POSTS : 0;
  const round = postRound(run, POSTS, churnPerPost, () => run.groups);
  let expected = 0;
  let delivered = 0;
  for (const record of round.records) {
    let reached = 0;
    let owed = 0;
    for (const member of round.present) {
      if (member === record.by) continue;
      owed++;
      if (record.receivers.has(member)) reached++;
    }
    expected += owed;
    delivered += reached;
    // Say which posts fell short, and how their posters stood: the first clue when delivery drops.
    if (reached < owed) console.error(`post ${record.id.slice(0, 8)} reached ${reached} of ${owed}; its poster had ${record.posterNeighbours} neighbours and had joined ${record.posterAgeMs} ms before`);
  }
  return {
    members: size,
    churn: churn ? 0.1 : 0,
    ringClosedAfterMs: converged,
    neighboursMean: degrees.reduce((a, b) => a + b, 0) / degrees.length,
    neighboursP99: percentile(degrees, 99),
    posts: POSTS,
    deliveryRatio: delivered / expected,
    payloadCopiesPerMemberPerPost: round.copies / (run.groups.length * POSTS),
    hopsP50: percentile(round.hops, 50),
    hopsP99: percentile(round.hops, 99),
    hopsGoal: 2 * Math.log2(size),
    latencyP50Ms: percentile(round.latencies, 50),
    latencyP99Ms: percentile(round.latencies, 99),
    framesPerMemberPerSecond: run.network.stats.frames / size / (run.scheduler.now() / 1000),
    wallSeconds: (Date.now() - started) / 1000,
  };
}

const results: Record<string, number>[] = [];
for (const size of SIZES) {
  for (const churn of [false, true].filter((churning) => MODES.includes(churning ? "churn" : "calm"))) {
    const result = measure(size, churn);
    results.push(result);
    console.error(JSON.stringify(result));
  }
}
console.log(JSON.stringify({ benchmark: "overlay", seed: SEED, latencyMs: 20, jitterMs: 5, results, goals: { deliveryNoChurn: 1, deliveryChurn: 0.999, payloadCopiesPerMemberPerPost: 1.3, hopsP99: "2*log2(N)" } }));
