/**
 * AS3 `flash.net.NetGroupInfo`: byte rates of one NetGroup's traffic, all `Number`s. Constructor argument order and
 * `toString()` follow Flash Player's builtin class (reference §1.3).
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/net/NetGroupInfo.html
 */
export class NetGroupInfo {
  constructor(
    readonly postingSendDataBytesPerSecond: number,
    readonly postingSendControlBytesPerSecond: number,
    readonly postingReceiveDataBytesPerSecond: number,
    readonly postingReceiveControlBytesPerSecond: number,
    readonly routingSendBytesPerSecond: number,
    readonly routingReceiveBytesPerSecond: number,
    readonly objectReplicationSendBytesPerSecond: number,
    readonly objectReplicationReceiveBytesPerSecond: number,
  ) {}

  /** `"postingSendDataBytesPerSecond=<v> postingSendControlBytesPerSecond=<v> …"`, every field in order. */
  toString(): string {
    return formatFields(this, NET_GROUP_INFO_FIELDS);
  }
}

/** Field names in Flash's order. */
export const NET_GROUP_INFO_FIELDS = [
  "postingSendDataBytesPerSecond",
  "postingSendControlBytesPerSecond",
  "postingReceiveDataBytesPerSecond",
  "postingReceiveControlBytesPerSecond",
  "routingSendBytesPerSecond",
  "routingReceiveBytesPerSecond",
  "objectReplicationSendBytesPerSecond",
  "objectReplicationReceiveBytesPerSecond",
] as const;

/** `name=value` pairs joined by single spaces, values as AS3 prints Numbers. */
export function formatFields<T extends object>(object: T, fields: readonly (keyof T & string)[]): string {
  return fields.map((field) => `${field}=${String(object[field])}`).join(" ");
}
