/**
 * AS3 `flash.net.Responder`: the result and status callbacks of one `NetConnection.call()`.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/net/Responder.html
 */
export class Responder {
  constructor(
    /** Called with the server method's return value. */
    readonly result: ((value: unknown) => void) | null,
    /** Called with an info object (`code` "NetConnection.Call.Failed", `level` "error", `description`) on failure. */
    readonly status: ((info: unknown) => void) | null = null,
  ) {}
}
