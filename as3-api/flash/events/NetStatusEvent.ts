import { Event } from "./Event.js";

/**
 * The `info` object of a {@link NetStatusEvent}: always `code` and `level`, plus per-code fields such as `group`,
 * `stream`, `neighbor`, `peerID`, `message`, `messageID`, `from` or `fromLocal` (reference §2).
 */
export interface NetStatusInfo {
  code: string;
  level: "status" | "error" | "warning";
  [field: string]: unknown;
}

/**
 * AS3 `flash.events.NetStatusEvent`: how NetConnection, NetGroup and NetStream report every outcome.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/events/NetStatusEvent.html
 */
export class NetStatusEvent extends Event {
  /** The `type` of every NetStatusEvent. */
  static readonly NET_STATUS = "netStatus";

  /** The status object; AS3 declares it `Object` and lets listeners write to it. */
  info: NetStatusInfo;

  constructor(type: string, bubbles = false, cancelable = false, info: NetStatusInfo | null = null) {
    super(type, bubbles, cancelable);
    this.info = info as NetStatusInfo;
  }

  override clone(): NetStatusEvent {
    return new NetStatusEvent(this.type, this.bubbles, this.cancelable, this.info);
  }

  override toString(): string {
    return this.formatToString("NetStatusEvent", "type", "bubbles", "cancelable", "eventPhase", "info");
  }
}
