/**
 * AS3 `flash.net.NetGroupReplicationStrategy`: which wanted objects are fetched first.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/net/NetGroupReplicationStrategy.html
 */
export class NetGroupReplicationStrategy {
  static readonly LOWEST_FIRST = "lowestFirst";
  static readonly RAREST_FIRST = "rarestFirst";
}
