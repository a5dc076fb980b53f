import { Event } from "./Event.js";

/**
 * AS3 `flash.events.ActivityEvent`: a camera or microphone starts (`activating`) or stops detecting activity (motion
 * above `motionLevel`, sound above `silenceLevel`).
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/events/ActivityEvent.html
 */
export class ActivityEvent extends Event {
  static readonly ACTIVITY = "activity";

  constructor(
    type: string,
    bubbles = false,
    cancelable = false,
    public activating = false,
  ) {
    super(type, bubbles, cancelable);
  }

  override clone(): ActivityEvent {
    return new ActivityEvent(this.type, this.bubbles, this.cancelable, this.activating);
  }

  override toString(): string {
    return this.formatToString("ActivityEvent", "type", "bubbles", "cancelable", "eventPhase", "activating");
  }
}
