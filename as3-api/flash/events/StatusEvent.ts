import { Event } from "./Event.js";

/**
 * AS3 `flash.events.StatusEvent`: a device's state, such as `Camera.Unmuted` when the user allows the camera and
 * `Camera.Muted` when access is denied (flash.media.Camera, flash.media.Microphone).
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/events/StatusEvent.html
 */
export class StatusEvent extends Event {
  static readonly STATUS = "status";

  constructor(
    type: string,
    bubbles = false,
    cancelable = false,
    /** What happened, e.g. "Camera.Muted". */
    public code = "",
    /** "status", "warning" or "error". */
    public level = "",
  ) {
    super(type, bubbles, cancelable);
  }

  override clone(): StatusEvent {
    return new StatusEvent(this.type, this.bubbles, this.cancelable, this.code, this.level);
  }

  override toString(): string {
    return this.formatToString("StatusEvent", "type", "bubbles", "cancelable", "eventPhase", "code", "level");
  }
}
