/**
 * Everything the server sends a client goes through {@link deliver}, which bounds what the server buffers for a
 * client that does not read: above the soft watermark, messages that may be refused (relays) are refused, so their
 * sender learns the target is busy; above the hard watermark the client is closed as a slow reader. A client that
 * reads costs the server at most the hard watermark plus one message.
 */
import type { ServerLimits } from "./options.js";

/** The parts of a WebSocket that delivery needs. */
export interface OutboundLink {
  readonly peerId: string;
  readonly readyState: number;
  /** Bytes accepted by `send` and not yet written to the network (ws counts its own and the TCP socket's queue). */
  readonly bufferedAmount: number;
  send(data: string): void;
  /** Drops the connection at once: a closing handshake would wait behind the unsent bytes. */
  terminate(): void;
}

/** What happened to a message. */
export type Delivery = "sent" | "busy" | "closed";

/** WebSocket readyState OPEN. */
const OPEN = 1;

/**
 * Sends `text` to `link` unless it is over a watermark. `refusable` messages are refused ("busy") above the soft
 * watermark; any message that would take the client over the hard watermark closes it (`slowReader` is told why).
 */
export function deliver(link: OutboundLink, text: string, limits: ServerLimits, refusable: boolean, slowReader: (link: OutboundLink, unsent: number) => void): Delivery {
  if (link.readyState !== OPEN) return "closed";
  const unsent = link.bufferedAmount;
  if (refusable && unsent > limits.outboundSoftBytes) return "busy";
  if (unsent + text.length > limits.outboundHardBytes) {
    slowReader(link, unsent);
    link.terminate();
    return "closed";
  }
  link.send(text);
  return "sent";
}
