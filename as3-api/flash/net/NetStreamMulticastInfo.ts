import { formatFields } from "./NetGroupInfo.js";

/**
 * AS3 `flash.net.NetStreamMulticastInfo`: quality-of-service figures of a multicast NetStream, 19 `Number`s in the
 * order of Flash Player's builtin constructor (reference §1.6). Totals count since the stream started; rates are
 * averaged over a few seconds.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/net/NetStreamMulticastInfo.html
 */
export class NetStreamMulticastInfo {
  constructor(
    readonly sendDataBytesPerSecond: number,
    readonly sendControlBytesPerSecond: number,
    readonly receiveDataBytesPerSecond: number,
    readonly receiveControlBytesPerSecond: number,
    readonly bytesPushedToPeers: number,
    readonly fragmentsPushedToPeers: number,
    readonly bytesRequestedByPeers: number,
    readonly fragmentsRequestedByPeers: number,
    readonly bytesPushedFromPeers: number,
    readonly fragmentsPushedFromPeers: number,
    readonly bytesRequestedFromPeers: number,
    readonly fragmentsRequestedFromPeers: number,
    readonly sendControlBytesPerSecondToServer: number,
    readonly receiveDataBytesPerSecondFromServer: number,
    readonly bytesReceivedFromServer: number,
    readonly fragmentsReceivedFromServer: number,
    readonly receiveDataBytesPerSecondFromIPMulticast: number,
    readonly bytesReceivedFromIPMulticast: number,
    readonly fragmentsReceivedFromIPMulticast: number,
  ) {}

  /** `"sendDataBytesPerSecond=<v> sendControlBytesPerSecond=<v> …"`, every field in order. */
  toString(): string {
    return formatFields(this, NET_STREAM_MULTICAST_INFO_FIELDS);
  }
}

/** Field names in Flash's order. */
export const NET_STREAM_MULTICAST_INFO_FIELDS = [
  "sendDataBytesPerSecond",
  "sendControlBytesPerSecond",
  "receiveDataBytesPerSecond",
  "receiveControlBytesPerSecond",
  "bytesPushedToPeers",
  "fragmentsPushedToPeers",
  "bytesRequestedByPeers",
  "fragmentsRequestedByPeers",
  "bytesPushedFromPeers",
  "fragmentsPushedFromPeers",
  "bytesRequestedFromPeers",
  "fragmentsRequestedFromPeers",
  "sendControlBytesPerSecondToServer",
  "receiveDataBytesPerSecondFromServer",
  "bytesReceivedFromServer",
  "fragmentsReceivedFromServer",
  "receiveDataBytesPerSecondFromIPMulticast",
  "bytesReceivedFromIPMulticast",
  "fragmentsReceivedFromIPMulticast",
] as const;
