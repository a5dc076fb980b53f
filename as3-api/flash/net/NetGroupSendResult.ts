/**
 * AS3 `flash.net.NetGroupSendResult`: what the directed-routing methods of `NetGroup` return. Note the space in
 * `"no route"`; archived SWFs compare against these exact strings.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/net/NetGroupSendResult.html
 */
export class NetGroupSendResult {
  static readonly ERROR = "error";
  static readonly NO_ROUTE = "no route";
  static readonly SENT = "sent";
}
