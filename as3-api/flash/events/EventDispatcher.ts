/**
 * AS3 `flash.events.EventDispatcher` on top of `typescript-event-target` (a typed `EventTarget`), with AS3's
 * listener semantics:
 * - `priority`: higher runs first; equal priorities run in the order they were added;
 * - adding the same listener again for the same type and phase does nothing (its priority stays);
 * - a dispatch works on a snapshot: listeners added during it wait for the next one, listeners removed during it
 *   still run this time;
 * - `useCapture`: flashmesh objects are not display objects, so an event never has a capture phase on them. As the
 *   AS3 reference says, a listener added with `useCapture = true` runs only in the capture phase: it is registered
 *   (and seen by `hasEventListener`) but never called. Pass `false` (the default) to hear events;
 * - an exception in a listener does not stop the other listeners; `dispatchEvent` rethrows the first one afterwards,
 *   so it reaches the code that dispatched, as in Flash;
 * - re-dispatching an event that was already dispatched dispatches its `clone()`;
 * - `useWeakReference` is accepted and ignored (JavaScript cannot hold a listener weakly and still call it).
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/events/EventDispatcher.html
 */
import { TypedEventTarget } from "typescript-event-target";
import { stub } from "../../stub.js";
import { Event } from "./Event.js";

function isFlashEvent(event: globalThis.Event): event is Event {
  return event instanceof Event;
}

/** A listener function or `{ handleEvent }` object for events of type `E`. */
export type FlashEventListener<E> = ((event: E) => unknown) | { handleEvent(event: E): unknown };

interface Registration {
  readonly listener: FlashEventListener<never>;
  readonly useCapture: boolean;
  readonly priority: number;
  readonly once: boolean;
}

/** Event maps name each event type's class: `{ netStatus: NetStatusEvent }`. */
export type EventMap<M> = { [K in keyof M]: globalThis.Event };

/** AS3 `EventDispatcher` with a typed event map `M`. */
export class EventDispatcher<M extends EventMap<M> = Record<string, Event>> extends TypedEventTarget<M> {
  readonly #registrations = new Map<string, Registration[]>();
  #listenerError: { error: unknown } | null = null;
  readonly #deliver = (event: globalThis.Event): void => this.#runListeners(event);

  /**
   * @param target AS3 lets a dispatcher report another object as the events' target; flashmesh does not support
   *   that (events always target the dispatcher itself).
   */
  constructor(target: unknown = null) {
    super();
    if (target !== null && target !== undefined) stub("flash.events.EventDispatcher(target)");
  }

  // The three methods below are properties because TypedEventTarget declares them so; each widens the DOM signature
  // the way AS3's does (positional priority), so DOM-style calls keep working.

  /** AS3 `addEventListener(type, listener, useCapture = false, priority = 0, useWeakReference = false)`. */
  override addEventListener = <T extends keyof M & string>(
    type: T,
    listener: FlashEventListener<M[T]> | null,
    useCapture: boolean | AddEventListenerOptions = false,
    priority = 0,
    useWeakReference = false,
  ): void => {
    void useWeakReference;
    if (listener === null) return;
    const options = typeof useCapture === "object" ? useCapture : { capture: useCapture };
    const capture = Boolean(options.capture);
    let list = this.#registrations.get(type);
    if (list === undefined) {
      list = [];
      this.#registrations.set(type, list);
      super.addEventListener(type, this.#deliver as never);
    }
    if (list.some((entry) => entry.listener === listener && entry.useCapture === capture)) return;
    const registration: Registration = { listener: listener as FlashEventListener<never>, useCapture: capture, priority: Number(priority) | 0, once: Boolean(options.once) };
    let at = list.length;
    while (at > 0 && list[at - 1]!.priority < registration.priority) at--;
    list.splice(at, 0, registration);
    options.signal?.addEventListener("abort", () => this.removeEventListener(type, listener, capture), { once: true });
  };

  /** AS3 `removeEventListener(type, listener, useCapture = false)`. */
  override removeEventListener = <T extends keyof M & string>(
    type: T,
    listener: FlashEventListener<M[T]> | null,
    useCapture: boolean | EventListenerOptions = false,
  ): void => {
    const capture = Boolean(typeof useCapture === "object" ? useCapture.capture : useCapture);
    const list = this.#registrations.get(type);
    if (list === undefined) return;
    const index = list.findIndex((entry) => entry.listener === listener && entry.useCapture === capture);
    if (index >= 0) list.splice(index, 1);
    if (list.length === 0) {
      this.#registrations.delete(type);
      super.removeEventListener(type, this.#deliver as never);
    }
  };

  /**
   * Dispatches `event` to this object's listeners; returns `false` when a listener called `preventDefault()` on a
   * cancelable event. Rethrows the first exception a listener threw, after every listener ran.
   */
  override dispatchEvent = (event: globalThis.Event): boolean => {
    const fresh = event.target !== null && isFlashEvent(event) ? event.clone() : event;
    const previous = this.#listenerError;
    this.#listenerError = null;
    try {
      const result = super.dispatchEvent(fresh);
      const failure = this.#listenerError as { error: unknown } | null;
      if (failure !== null) throw failure.error;
      return result;
    } finally {
      this.#listenerError = previous;
    }
  };

  /** Whether any listener (either phase) is registered for `type`. */
  hasEventListener(type: string): boolean {
    return this.#registrations.has(type);
  }

  /** For objects outside the display list this is {@link hasEventListener}: there is no parent chain to search. */
  willTrigger(type: string): boolean {
    return this.hasEventListener(type);
  }

  #runListeners(event: globalThis.Event): void {
    const list = this.#registrations.get(event.type);
    if (list === undefined) return;
    const immediateStop = (): boolean => isFlashEvent(event) && event.immediatePropagationStopped;
    for (const entry of list.slice()) {
      if (immediateStop()) break;
      if (entry.useCapture) continue; // no capture phase outside the display list
      if (entry.once) this.removeEventListener(event.type as keyof M & string, entry.listener as never, false);
      try {
        if (typeof entry.listener === "function") entry.listener(event as never);
        else entry.listener.handleEvent(event as never);
      } catch (error) {
        this.#listenerError ??= { error };
      }
    }
  }
}
