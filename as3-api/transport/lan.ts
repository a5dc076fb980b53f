/**
 * Serverless mode, `NetConnection.connect("rtmfp:")`. Flash used it to find peers on the local network by IP
 * multicast; a browser has no multicast, so flashmesh's "local network" is every page of the same origin in the same
 * browser, reached through a `BroadcastChannel`. The channel both discovers members (a group's query, members'
 * answers) and carries the links' frames. There is no server: the session's server channel is null (farID "",
 * nonces zero, `relay` fails).
 */
import { bytesToHex } from "../wire/bytes.js";
import { realScheduler, type Scheduler } from "./scheduler.js";
import { TransportError } from "./errors.js";
import type { Rendezvous, RendezvousResult } from "./groupRendezvous.js";
import type { Link, LinkHandler, Links } from "./links.js";
import type { Session, SessionHandler } from "./session.js";

/** The channel name; versioned so a future layout cannot confuse an old page. */
export const LAN_CHANNEL = "flashmesh-lan-v1";
/**
 * How long a group's query waits for answers, ms. Answering pages may be busy (a SWF starting in Ruffle, two cores
 * shared with a test suite): 300 ms lost the other tab of the player page's serverless chat under load; Flash's own
 * LAN discovery took seconds too.
 */
const DISCOVERY_MS = 1000;
/** How long `connect` waits for the other page, ms. */
const CONNECT_TIMEOUT_MS = 5000;

type LanMessage =
  | { readonly kind: "open" | "accept" | "close"; readonly from: string; readonly to: string }
  | { readonly kind: "frame"; readonly from: string; readonly to: string; readonly bytes: Uint8Array }
  | { readonly kind: "query"; readonly from: string; readonly group: string }
  | { readonly kind: "here"; readonly from: string; readonly to: string; readonly group: string }
  | { readonly kind: "bye"; readonly from: string };

const ID = /^[0-9a-f]{64}$/;

/** Checks a message from another page (any script of the origin can post on the channel). */
function parse(data: unknown): LanMessage | null {
  if (typeof data !== "object" || data === null) return null;
  const message = data as Record<string, unknown>;
  if (typeof message.from !== "string" || !ID.test(message.from)) return null;
  const to = typeof message.to === "string" && ID.test(message.to);
  switch (message.kind) {
    case "open":
    case "accept":
    case "close":
      return to ? (message as LanMessage) : null;
    case "frame":
      return to && message.bytes instanceof Uint8Array ? (message as LanMessage) : null;
    case "query":
      return typeof message.group === "string" && ID.test(message.group) ? (message as LanMessage) : null;
    case "here":
      return to && typeof message.group === "string" && ID.test(message.group) ? (message as LanMessage) : null;
    case "bye":
      return message as LanMessage;
    default:
      return null;
  }
}

class LanLink implements Link {
  open = true;
  constructor(
    readonly owner: LanTransport,
    readonly remotePeerId: string,
  ) {}

  send(frame: Uint8Array): boolean {
    if (!this.open) return false;
    this.owner.post({ kind: "frame", from: this.owner.peerId, to: this.remotePeerId, bytes: frame });
    return true;
  }

  close(): void {
    if (!this.open) return;
    this.owner.post({ kind: "close", from: this.owner.peerId, to: this.remotePeerId });
    this.owner.ended(this);
  }
}

/** One page's presence on the serverless "LAN". Open with {@link openLanSession}. */
export class LanTransport implements Session, Links, Rendezvous {
  readonly scheduler: Scheduler = realScheduler;
  readonly server = null;
  readonly peerId = bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
  /** Messages from other pages that were not understood. */
  malformedMessages = 0;
  #handler: LinkHandler | null = null;
  readonly #links = new Map<string, LanLink>();
  readonly #dialing = new Map<string, ReturnType<typeof setTimeout>>();
  /** Groups this page answers queries for. */
  readonly #groups = new Set<string>();
  /** Open discoveries: group → members heard so far. */
  readonly #queries = new Map<string, Set<string>>();
  readonly #channel: BroadcastChannel;
  #closed = false;

  constructor() {
    this.#channel = new BroadcastChannel(LAN_CHANNEL);
    this.#channel.onmessage = (event: MessageEvent) => this.#receive(event.data);
  }

  /** The links part of this session (this object). */
  get links(): Links {
    return this;
  }

  /** The rendezvous part of this session (this object): the channel's group query. */
  get rendezvous(): Rendezvous {
    return this;
  }

  /** Sets the links' handler; a session handler is ignored (no server: nothing is relayed, nothing can be lost). */
  setHandler(handler: LinkHandler | SessionHandler): void {
    if ("linkOpened" in handler) this.#handler = handler;
  }

  connect(peerId: string): void {
    if (this.#closed || this.#links.has(peerId) || this.#dialing.has(peerId) || peerId === this.peerId) return;
    this.#dialing.set(
      peerId,
      setTimeout(() => {
        this.#dialing.delete(peerId);
        this.#handler?.connectFailed(peerId, new TransportError("link-failed", "timeout"));
      }, CONNECT_TIMEOUT_MS),
    );
    this.post({ kind: "open", from: this.peerId, to: peerId });
  }

  join(groupId: string, peerToPeer: boolean, done: (result: RendezvousResult) => void): void {
    if (peerToPeer) this.#groups.add(groupId);
    const heard = new Set<string>();
    this.#queries.set(groupId, heard);
    this.post({ kind: "query", from: this.peerId, group: groupId });
    const asked = Date.now();
    let waitedAgain = false;
    const answer = (): void => {
      // A busy page (a SWF starting in Ruffle) can run this timer late, with the answers still queued behind it:
      // then wait once more, so they are read before the members are counted.
      if (!waitedAgain && Date.now() - asked > 2 * DISCOVERY_MS) {
        waitedAgain = true;
        setTimeout(answer, DISCOVERY_MS);
        return;
      }
      if (this.#queries.get(groupId) === heard) this.#queries.delete(groupId);
      if (!this.#closed) done({ ok: true, members: [...heard], memberCount: heard.size + 1 });
    };
    setTimeout(answer, DISCOVERY_MS);
  }

  leave(groupId: string): void {
    this.#groups.delete(groupId);
  }

  close(): void {
    if (this.#closed) return;
    for (const link of [...this.#links.values()]) link.close();
    for (const timer of this.#dialing.values()) clearTimeout(timer);
    this.#dialing.clear();
    this.post({ kind: "bye", from: this.peerId });
    this.#closed = true;
    this.#channel.close();
  }

  /** Posts on the channel (links use it too). */
  post(message: LanMessage): void {
    if (!this.#closed) this.#channel.postMessage(message);
  }

  /** A link ended on this side. */
  ended(link: LanLink): void {
    link.open = false;
    if (this.#links.get(link.remotePeerId) !== link) return;
    this.#links.delete(link.remotePeerId);
    this.#handler?.linkClosed(link);
  }

  #receive(data: unknown): void {
    const message = parse(data);
    if (message === null) {
      this.malformedMessages++;
      return;
    }
    if (this.#closed || message.from === this.peerId) return;
    if ("to" in message && message.to !== this.peerId) return;
    switch (message.kind) {
      case "open":
        this.post({ kind: "accept", from: this.peerId, to: message.from });
        return this.#opened(message.from);
      case "accept":
        return this.#opened(message.from);
      case "frame": {
        const link = this.#links.get(message.from);
        if (link !== undefined) this.#handler?.frame(link, message.bytes);
        return;
      }
      case "close": {
        const link = this.#links.get(message.from);
        if (link !== undefined) this.ended(link);
        return;
      }
      case "query":
        if (this.#groups.has(message.group)) this.post({ kind: "here", from: this.peerId, to: message.from, group: message.group });
        return;
      case "here":
        this.#queries.get(message.group)?.add(message.from);
        return;
      case "bye": {
        const link = this.#links.get(message.from);
        if (link !== undefined) this.ended(link);
        return;
      }
    }
  }

  #opened(peerId: string): void {
    const timer = this.#dialing.get(peerId);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.#dialing.delete(peerId);
    }
    if (this.#links.has(peerId)) return;
    const link = new LanLink(this, peerId);
    this.#links.set(peerId, link);
    this.#handler?.linkOpened(link);
  }
}

/** Opens the serverless session; fails when this platform has no BroadcastChannel. */
export async function openLanSession(): Promise<LanTransport> {
  if (typeof BroadcastChannel !== "function") throw new TransportError("unsupported", "serverless rtmfp: needs BroadcastChannel, which this platform lacks");
  return new LanTransport();
}
