/**
 * A client's address for log lines: the socket's remote address, or, behind one trusted reverse proxy
 * (`--trust-proxy`), the last address that proxy appended to `X-Forwarded-For` (earlier entries are whatever the
 * client sent, so they are not believed).
 */
import type { IncomingMessage } from "node:http";

/** The address of the client that sent `request`, "unknown" when there is none. */
export function clientAddress(request: Pick<IncomingMessage, "headers" | "socket">, trustProxy: boolean): string {
  if (trustProxy) {
    const header = request.headers["x-forwarded-for"];
    const list = (Array.isArray(header) ? header.join(",") : header ?? "").split(",").map((part) => part.trim()).filter((part) => part !== "");
    const last = list.at(-1);
    if (last !== undefined) return last;
  }
  const address = request.socket.remoteAddress;
  if (address === undefined) return "unknown";
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
