/**
 * Cameras and microphones on the bridge: the page makes them (`Camera.getCamera()`), so the SWF gets a handle its
 * proxy owns, and each device's StatusEvent/ActivityEvent go to that proxy (one forwarding per player and device).
 */
import { ActivityEvent } from "../../../as3-api/flash/events/ActivityEvent.js";
import { StatusEvent } from "../../../as3-api/flash/events/StatusEvent.js";
import type { Camera } from "../../../as3-api/flash/media/Camera.js";
import type { Microphone } from "../../../as3-api/flash/media/Microphone.js";
import type { PlayerContext } from "../PlayerContext.js";

const forwarded = new WeakMap<PlayerContext, WeakSet<object>>();

/** The handle of `device` in `context` (0 for none), its events forwarded to its proxy from then on. */
export function deviceHandle(context: PlayerContext, device: Camera | Microphone | null): number {
  if (device === null) return 0;
  const handle = context.register(device);
  let seen = forwarded.get(context);
  if (seen === undefined) forwarded.set(context, (seen = new WeakSet()));
  if (seen.has(device)) return handle;
  seen.add(device);
  const target = device as Camera; // both dispatch the same two events
  const status = (event: StatusEvent): void => void context.deliver("event", handle, { type: "status", code: event.code, level: event.level });
  const activity = (event: ActivityEvent): void => void context.deliver("event", handle, { type: "activity", activating: event.activating });
  target.addEventListener(StatusEvent.STATUS, status);
  target.addEventListener(ActivityEvent.ACTIVITY, activity);
  context.onDispose(() => {
    target.removeEventListener(StatusEvent.STATUS, status);
    target.removeEventListener(ActivityEvent.ACTIVITY, activity);
  });
  return handle;
}
