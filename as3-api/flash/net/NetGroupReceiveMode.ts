/**
 * AS3 `flash.net.NetGroupReceiveMode`: whether a member accepts directed messages only for its exact group address
 * or also for addresses it is nearest to.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/net/NetGroupReceiveMode.html
 */
export class NetGroupReceiveMode {
  static readonly EXACT = "exact";
  static readonly NEAREST = "nearest";
}
