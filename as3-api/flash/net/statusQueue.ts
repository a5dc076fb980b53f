/**
 * Flash dispatches NetStatus events from its own event loop, never inside the call that caused them (a listener
 * added right after `connect()` hears `Connect.Success`). flashmesh queues every event and callback of a
 * NetConnection and its NetGroups in one FIFO queue, drained in a microtask, so they arrive in the order they
 * happened across all those objects (NetGroup.Connect.Success on the NetConnection before the group's first
 * Neighbor.Connect).
 */
import type { EventDispatcher } from "../events/EventDispatcher.js";
import { NetStatusEvent, type NetStatusInfo } from "../events/NetStatusEvent.js";

/** One NetConnection's queue of pending dispatches. */
export class StatusQueue {
  readonly #tasks: (() => void)[] = [];
  #scheduled = false;

  /** Queues a `netStatus` event with `info` for `target`; `stillWanted` is asked at dispatch time. */
  status(target: EventDispatcher<never>, info: NetStatusInfo, stillWanted: () => boolean = () => true): void {
    this.run(() => {
      if (stillWanted()) target.dispatchEvent(new NetStatusEvent(NetStatusEvent.NET_STATUS, false, false, info));
    });
  }

  /** Queues any callback (`client.onRelay`, a Responder). */
  run(task: () => void): void {
    this.#tasks.push(task);
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => this.#drain());
  }

  #drain(): void {
    // Tasks queued while draining run in this same drain, after the ones before them.
    for (let task = this.#tasks.shift(); task !== undefined; task = this.#tasks.shift()) {
      try {
        task();
      } catch (error) {
        // An exception in application code must not stop later events (Flash reports it and goes on).
        console.error("[flashmesh] an event listener or callback threw:", error);
      }
    }
    this.#scheduled = false;
  }
}
