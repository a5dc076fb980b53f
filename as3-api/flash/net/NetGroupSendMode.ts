/**
 * AS3 `flash.net.NetGroupSendMode`: the direction of `NetGroup.sendToNeighbor()` along the group address ring.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/net/NetGroupSendMode.html
 */
export class NetGroupSendMode {
  static readonly NEXT_DECREASING = "nextDecreasing";
  static readonly NEXT_INCREASING = "nextIncreasing";
}

