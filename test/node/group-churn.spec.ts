/**
 * The churn check of bench:overlay, smaller: 1,000 members on the memory network in simulated time, 10% of them
 * replaced (crash, fresh join) while 20 posts flow from random members, newcomers included (a member that posted is
 * never the one crashed). Every member present
 * throughout must get at least 99.9% of the (post, member) pairs. Delivery only: copies, hops and time are the
 * benchmark's (npm run bench:overlay). Seed 1 unless FLASHMESH_SEED says otherwise.
 */
import { amf3PayloadOf, createMeshNode, type GroupOverlay } from "../../as3-api/engine/index.js";
import { MemoryNetwork } from "../../as3-api/transport/memory.js";
import { SimulatedScheduler } from "../../as3-api/transport/scheduler.js";
import { createRandom } from "../support/random.js";
import { ringClosed } from "../support/ring.js";

const GROUP = "c4a5e".padEnd(64, "0");
const MEMBERS = 1000;
const POSTS = 20;

describe("group engine at 1,000 members under 10% churn", () => {
  it("delivers at least 99.9% of posts to the members present throughout", () => {
    const random = createRandom(Number(process.env["FLASHMESH_SEED"] ?? 1));
    const scheduler = new SimulatedScheduler();
    const network = new MemoryNetwork({ scheduler, random: random.next });
    const join = (): GroupOverlay => createMeshNode(network.createTransport(), { random: random.next }).joinGroup(GROUP);
    const groups = Array.from({ length: MEMBERS }, join);
    for (let t = 0; t < 120_000 && !ringClosed(groups); t += 1000) scheduler.runFor(1000);
    expect(ringClosed(groups)).withContext(`seed ${random.seed}`).toBeTrue();
    scheduler.runFor(5000);

    const received = new Map<GroupOverlay, Set<string>>();
    const listen = (group: GroupOverlay): void => {
      const ids = new Set<string>();
      received.set(group, ids);
      group.addEventListener("post", (event) => void ids.add(event.detail.messageId));
    };
    groups.forEach(listen);
    const present = new Set(groups);
    const posted: { id: string; by: GroupOverlay }[] = [];
    const posters = new Set<GroupOverlay>();
    const churnPerPost = (0.1 * MEMBERS) / POSTS;
    for (let p = 0; p < POSTS; p++) {
      for (let i = 0; i < churnPerPost; i++) {
        // Posters stay: a newcomer's post waits for its first neighbour, and one that crashed before any arrived took
        // its post with it (seed 981091455 did, once: 904 members "missed" a post nobody could have had).
        let at = random.int(groups.length);
        while (posters.has(groups[at]!)) at = (at + 1) % groups.length;
        const victim = groups.splice(at, 1)[0]!;
        present.delete(victim);
        network.crash(victim.node.peerId);
        const fresh = join();
        groups.push(fresh);
        listen(fresh);
      }
      const by = groups[random.int(groups.length)]!;
      posters.add(by);
      posted.push({ id: by.post(amf3PayloadOf({ p, text: "under churn" })), by });
      scheduler.runFor(1000);
    }
    scheduler.runFor(10_000);

    let owed = 0;
    let delivered = 0;
    for (const { id, by } of posted) {
      for (const member of present) {
        if (member === by) continue;
        owed++;
        if (received.get(member)!.has(id)) delivered++;
      }
    }
    expect(delivered / owed).withContext(`seed ${random.seed}: ${owed - delivered} of ${owed} deliveries missed`).toBeGreaterThanOrEqual(0.999);
  }, 600_000);
});
