/** The wiring most twins share: their netStatus events go to their AS3 proxy. */
import { NetStatusEvent } from "../../../as3-api/flash/events/NetStatusEvent.js";
import { valueOut } from "../marshal.js";
import type { PlayerContext } from "../PlayerContext.js";

/** Anything that dispatches netStatus (NetConnection, NetGroup, NetStream). */
export interface StatusSource {
  addEventListener(type: typeof NetStatusEvent.NET_STATUS, listener: (event: NetStatusEvent) => void): void;
}

/** Sends `twin`'s netStatus events (info objects marshalled, object fields as handles) to the proxy `handle`. */
export function forwardStatus(context: PlayerContext, twin: StatusSource, handle: number): void {
  twin.addEventListener(NetStatusEvent.NET_STATUS, (event) => {
    context.deliver("status", handle, valueOut(context, event.info));
  });
}
