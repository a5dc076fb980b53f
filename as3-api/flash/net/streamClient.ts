/**
 * How a NetStream's received messages reach its `client`: each one (AMF3 `[handler, ...args]`, from a direct
 * publisher or a multicast fragment) is decoded and `client[handler](...args)` runs in the connection's event order;
 * a client without the handler gets Flash's asyncError #2095 and the next message still comes. A stream the Ruffle
 * shim registered with {@link receiveStreamMessagesAsBytes} hands the bytes to the shim instead (the SWF decodes
 * them itself, with its own class aliases, as it does for NetGroup messages).
 */
import { amf3Value, UNDECODABLE } from "../../engine/index.js";
import { playerError } from "../../toplevel/playerErrors.js";
import { ReferenceError } from "../../toplevel/ReferenceError.js";
import { AsyncErrorEvent } from "../events/AsyncErrorEvent.js";
import type { StatusQueue } from "./statusQueue.js";

/** Streams whose messages go as bytes to a sink (the shim's), by stream. */
const byteSinks = new WeakMap<object, (payload: Uint8Array) => void>();

/**
 * Hands `stream`'s incoming messages to `sink` as the AMF3 bytes of `[handler, ...args]` they arrived as, in the
 * connection's event order, instead of calling its client (the Ruffle shim: the SWF's client is on the AS3 side).
 */
export function receiveStreamMessagesAsBytes(stream: object, sink: (payload: Uint8Array) => void): void {
  byteSinks.set(stream, sink);
}

/** Something that dispatches asyncError (a NetStream). */
interface AsyncErrorTarget {
  dispatchEvent(event: AsyncErrorEvent): boolean;
}

/**
 * Delivers one received message of `stream` after the current task: to its byte sink, or decoded to `client()`.
 * Not AMF3 `[handler, ...args]`: dropped (multicast fragments were checked before; a direct publisher's own bytes).
 */
export function deliverToClient(stream: AsyncErrorTarget, payload: Uint8Array, queue: StatusQueue, client: () => object, closed: () => boolean): void {
  const sink = byteSinks.get(stream);
  if (sink !== undefined) {
    queue.run(() => {
      if (!closed()) sink(payload);
    });
    return;
  }
  const message = amf3Value({ bytes: payload });
  if (message === UNDECODABLE || !Array.isArray(message) || typeof message[0] !== "string") return;
  const [handler, ...args] = message as [string, ...unknown[]];
  queue.run(() => {
    if (!closed()) invokeClient(stream, client(), handler, args);
  });
}

/** Calls `client[name](...args)`; a client without it gets Flash's asyncError #2095 on `stream`. */
function invokeClient(stream: AsyncErrorTarget, client: object, name: string, args: unknown[]): void {
  const method = (client as Record<string, unknown>)[name];
  if (typeof method === "function") {
    method.apply(client, args);
    return;
  }
  const error = playerError(ReferenceError, 2095, "flash.net.NetStream", name);
  stream.dispatchEvent(new AsyncErrorEvent(AsyncErrorEvent.ASYNC_ERROR, false, false, error.message, error));
}
