/**
 * Harnesses for the flash.net specs: NetConnections whose sessions open on the in-memory network (simulated time,
 * Node and Chromium) or, in Chromium, on the real `flashmesh serve` over WebRTC (test/browser/support). A spec only
 * uses `connectUrl`, `waitFor` and `settle`, so one suite runs on both.
 */
import { configure, resetConfiguration } from "../../as3-api/config.js";
import type { NetStatusInfo } from "../../as3-api/flash/events/NetStatusEvent.js";
import type { NetConnection } from "../../as3-api/flash/net/NetConnection.js";
import type { NetGroup } from "../../as3-api/flash/net/NetGroup.js";
import { MemoryNetwork, type MemoryNetworkOptions } from "../../as3-api/transport/memory.js";
import { SimulatedScheduler } from "../../as3-api/transport/scheduler.js";
import { createRandom, type Random } from "./random.js";

export interface NetHarness {
  /** The URL a SWF would pass to `NetConnection.connect`. */
  readonly connectUrl: string;
  /** Lets time pass until `condition` holds; fails after `timeoutMs` of that time. */
  waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void>;
  settle(ms: number): Promise<void>;
  dispose(): Promise<void>;
}

export interface MemoryNetHarness extends NetHarness {
  readonly network: MemoryNetwork;
  readonly scheduler: SimulatedScheduler;
  readonly random: Random;
}

/** Lets queued promise callbacks and status events run (they are microtasks). */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** Sessions on a fresh memory network in simulated time. */
export function memoryNetHarness(options: MemoryNetworkOptions = {}): MemoryNetHarness {
  const random = createRandom();
  const scheduler = new SimulatedScheduler();
  const network = new MemoryNetwork({ scheduler, random: random.next, ...options });
  configure({ openSession: (request) => network.openSession(request), server: "http://memory.invalid" });
  const step = async (ms: number): Promise<void> => {
    await flushMicrotasks();
    scheduler.runFor(ms);
    await flushMicrotasks();
  };
  return {
    network,
    scheduler,
    random,
    connectUrl: "rtmfp://p2p.rtmfp.net/developer-key/",
    async waitFor(condition, timeoutMs, what) {
      const deadline = scheduler.now() + timeoutMs;
      await flushMicrotasks();
      while (!condition()) {
        if (scheduler.now() >= deadline) throw new Error(`timed out (simulated ${timeoutMs} ms) waiting for ${what}; seed ${random.seed}`);
        await step(20);
      }
    },
    async settle(ms) {
      const end = scheduler.now() + ms;
      while (scheduler.now() < end) await step(Math.min(100, end - scheduler.now()));
    },
    async dispose() {
      await step(15_000);
      resetConfiguration();
    },
  };
}

/** One NetStatusEvent as a spec records it. */
export interface StatusEntry {
  /** The label of the object that dispatched it. */
  readonly on: string;
  readonly code: string;
  readonly info: NetStatusInfo;
}

/** Records every netStatus event of `target` into `log`, labelled `label`. */
export function recordStatus(log: StatusEntry[], label: string, target: NetConnection | NetGroup): void {
  (target as NetConnection).addEventListener("netStatus", (event) => {
    log.push({ on: label, code: event.info.code, info: event.info });
  });
}

/** `on:code` strings of a log, for readable expectations. */
export function codes(log: readonly StatusEntry[]): string[] {
  return log.map((entry) => `${entry.on}:${entry.code}`);
}
