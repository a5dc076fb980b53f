/**
 * AS3 `flash.events.Event`, built on the platform's `Event` so flashmesh objects are real `EventTarget`s in a
 * browser and in Node. Adds what AS3 code relies on: the positional constructor, `clone()`, `formatToString()`,
 * `isDefaultPrevented()` and AS3's `toString()` form.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/events/Event.html
 */
export class Event extends globalThis.Event {
  #immediatePropagationStopped = false;

  constructor(type: string, bubbles = false, cancelable = false) {
    super(type, { bubbles, cancelable });
  }

  /**
   * AS3 reports `EventPhase.AT_TARGET` (2) outside a dispatch as well (the DOM says 0 there); events on
   * non-display objects never see another phase.
   */
  override get eventPhase(): number {
    const phase = super.eventPhase;
    return phase === 0 ? 2 : phase;
  }

  /** A copy with the same type and flags; subclasses override it to copy their own fields (AS3 contract). */
  clone(): Event {
    return new Event(this.type, this.bubbles, this.cancelable);
  }

  /** Whether `preventDefault()` was called on a cancelable event. */
  isDefaultPrevented(): boolean {
    return this.defaultPrevented;
  }

  override stopImmediatePropagation(): void {
    this.#immediatePropagationStopped = true;
    super.stopImmediatePropagation();
  }

  /** Set once a listener called `stopImmediatePropagation()`: no later listener of this dispatch runs. */
  get immediatePropagationStopped(): boolean {
    return this.#immediatePropagationStopped;
  }

  /**
   * AS3's helper for `toString()`: `[ClassName a="text" b=1]`, strings in double quotes, other values as
   * `String(value)`.
   */
  formatToString(className: string, ...properties: string[]): string {
    const fields = properties.map((name) => {
      const value: unknown = (this as unknown as Record<string, unknown>)[name];
      return typeof value === "string" ? `${name}="${value}"` : `${name}=${String(value)}`;
    });
    return `[${[className, ...fields].join(" ")}]`;
  }

  override toString(): string {
    return this.formatToString("Event", "type", "bubbles", "cancelable", "eventPhase");
  }
}
