import type { FlashError } from "../../toplevel/FlashError.js";
import { Event } from "./Event.js";

/**
 * AS3 `flash.events.AsyncErrorEvent`: an exception from asynchronous code, such as a NetConnection `client` that
 * has no method for a callback the server invokes (`Error #2095`).
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/events/AsyncErrorEvent.html
 */
export class AsyncErrorEvent extends Event {
  static readonly ASYNC_ERROR = "asyncError";

  constructor(
    type: string,
    bubbles = false,
    cancelable = false,
    readonly text = "",
    readonly error: FlashError | null = null,
  ) {
    super(type, bubbles, cancelable);
  }

  override clone(): AsyncErrorEvent {
    return new AsyncErrorEvent(this.type, this.bubbles, this.cancelable, this.text, this.error);
  }

  override toString(): string {
    return this.formatToString("AsyncErrorEvent", "type", "bubbles", "cancelable", "eventPhase", "text", "error");
  }
}
