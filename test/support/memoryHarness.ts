/** A {@link GroupHarness} on the in-memory network, in simulated time (seeded: FLASHMESH_SEED replays a run). */
import { MeshNode } from "../../as3-api/engine/index.js";
import { MemoryNetwork, type MemoryNetworkOptions } from "../../as3-api/transport/memory.js";
import { SimulatedScheduler } from "../../as3-api/transport/scheduler.js";
import type { GroupHarness } from "../shared/group-suite.js";
import { createRandom, type Random } from "./random.js";

/** The harness plus direct access to the network's knobs. */
export interface MemoryHarness extends GroupHarness {
  readonly network: MemoryNetwork;
  readonly scheduler: SimulatedScheduler;
  readonly random: Random;
}

export function memoryHarness(options: MemoryNetworkOptions = {}): MemoryHarness {
  const random = createRandom();
  const scheduler = new SimulatedScheduler();
  const network = new MemoryNetwork({ scheduler, random: random.next, ...options });
  const nodes: MeshNode[] = [];
  return {
    network,
    scheduler,
    random,
    patienceMs: 1,
    async createPeers(count) {
      const created = Array.from({ length: count }, () => new MeshNode(network.createTransport(), { random: random.next }));
      nodes.push(...created);
      return created;
    },
    async waitFor(condition, timeoutMs, what) {
      const deadline = scheduler.now() + timeoutMs;
      while (!condition()) {
        if (scheduler.now() >= deadline) throw new Error(`timed out (simulated ${timeoutMs} ms) waiting for ${what}; seed ${random.seed}`);
        scheduler.runFor(50);
      }
    },
    async settle(ms) {
      scheduler.runFor(ms);
    },
    crash(node) {
      network.crash(node.peerId);
    },
    async dispose() {
      for (const node of nodes) node.close();
      scheduler.runFor(10_000);
    },
  };
}
