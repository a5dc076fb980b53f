import { formatFields } from "./NetGroupInfo.js";

/**
 * AS3 `flash.net.NetStreamInfo`: quality-of-service figures of a NetStream. flashmesh's P2P streams carry data only,
 * so the audio and video figures are 0 and the byte figures are the data's (bytes of `send()` messages sent by a
 * publisher or received by a player). Rates are averaged over the last few seconds. Field order is Flash's
 * `toString()` order.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/net/NetStreamInfo.html
 */
export class NetStreamInfo {
  readonly audioBufferByteLength = 0;
  readonly audioBufferLength = 0;
  readonly audioByteCount = 0;
  readonly audioBytesPerSecond = 0;
  readonly audioLossRate = 0;
  readonly dataBufferByteLength = 0;
  readonly dataBufferLength = 0;
  readonly droppedFrames = 0;
  readonly metaData: object | null = null;
  readonly playbackBytesPerSecond = 0;
  readonly SRTT = 0;
  readonly videoBufferByteLength = 0;
  readonly videoBufferLength = 0;
  readonly videoByteCount = 0;
  readonly videoBytesPerSecond = 0;
  readonly videoLossRate = 0;
  readonly xmpData: object | null = null;

  constructor(
    /** Bytes of data messages so far. */
    readonly byteCount: number,
    readonly currentBytesPerSecond: number,
    readonly dataByteCount: number,
    readonly dataBytesPerSecond: number,
    readonly isLive: boolean,
    readonly maxBytesPerSecond: number,
    readonly resourceName: string | null,
    readonly uri: string | null,
  ) {}

  /** `"currentBytesPerSecond=<v> byteCount=<v> …"`, Flash's fields in order. */
  toString(): string {
    return formatFields(this, NET_STREAM_INFO_FIELDS);
  }
}

/** Field names in the order Flash's `toString()` prints them. */
export const NET_STREAM_INFO_FIELDS = [
  "currentBytesPerSecond",
  "byteCount",
  "maxBytesPerSecond",
  "audioBytesPerSecond",
  "audioByteCount",
  "videoBytesPerSecond",
  "videoByteCount",
  "dataBytesPerSecond",
  "dataByteCount",
  "playbackBytesPerSecond",
  "droppedFrames",
  "audioBufferByteLength",
  "videoBufferByteLength",
  "dataBufferByteLength",
  "audioBufferLength",
  "videoBufferLength",
  "dataBufferLength",
  "SRTT",
  "audioLossRate",
  "videoLossRate",
] as const;
