/**
 * The DIRECT_CONNECTIONS half of a NetStream: a publisher (peers play its stream by its peer ID), a player of one
 * peer's stream, or a subscriber stream (the publisher's side of one player, handed to `client.onPeerConnect`). It
 * owns the stream's data path to peers: one subscription per player/subscriber pair (engine/streams/DirectStreams.ts),
 * over which `send()` messages travel (AMF3 `[handler, ...args]`, stream time beside each). Camera and microphone
 * frames will travel the same subscriptions (docs/netstream.md, "Where media joins"). Every outcome is a NetStatusEvent
 * through the connection's queue; choices where Flash's behaviour is not recorded: docs/netstream.md.
 */
import { RateMeter, type InboundSubscription, type OutboundSubscription } from "../../engine/index.js";
import type { ConnectionInternals } from "./connectionInternals.js";
import type { NetStatusCode } from "./netStatusCodes.js";
import type { PeerStreamRegistry } from "./peerStreamRegistry.js";

/** What the direct half needs of its NetStream. */
export interface DirectHost {
  /** The NetStream (`info.stream` of its connection's events, and what the registry holds). */
  readonly stream: object;
  readonly connection: ConnectionInternals;
  /** An event on the stream. */
  status(code: NetStatusCode, fields?: Record<string, unknown>): void;
  /** A NetStream.Connect.* event on the connection about `stream` (this one, or a subscriber of this publisher). */
  connectionStatus(code: NetStatusCode, stream: object, description?: string): void;
  /** One received message (AMF3 `[handler, ...args]`) for the client. */
  deliver(payload: Uint8Array): void;
  /** The stream's `client` (a publisher's `onPeerConnect` is there). */
  client(): object;
  /** Whether the stream is closed. */
  closed(): boolean;
  /** Marks the stream closed without events (a subscriber refused before anyone saw it). */
  end(): void;
  /** `dataReliable` now. */
  dataReliable(): boolean;
  /** The node's clock, ms. */
  now(): number;
  /** The stream's audio/video side (flash/media/netStreamMedia.ts), told when peers come and go. */
  readonly media: DirectMediaHooks;
}

/** What the media side of a stream hears of its direct half. */
export interface DirectMediaHooks {
  /** A publisher accepted `subscriber` (its subscriber NetStream). */
  subscriberAccepted(subscriber: { readonly farID: string; readonly farNonce: string }): void;
  /** A publisher's subscriber ended. */
  subscriberEnded(subscriber: { readonly farID: string; readonly farNonce: string }): void;
  /** A player's publisher accepted it. */
  playerConnected(): void;
  /** A player's connection to its publisher ended. */
  playerDisconnected(): void;
}

/** Which side of a direct stream. */
export type DirectRole = "publisher" | "player" | "subscriber";

/** The direct half of each NetStream that has one. */
const parts = new WeakMap<object, DirectPart>();

/** The direct half of NetStream `stream` (undefined for multicast and FMS streams). */
export function directPartOf(stream: object): DirectPart | undefined {
  return parts.get(stream);
}

/** The DIRECT_CONNECTIONS part of one NetStream. */
export class DirectPart {
  readonly #host: DirectHost;
  readonly role: DirectRole;
  /** Peer ID of the far end (player: the publisher; subscriber: the subscriber). */
  #farID: string;
  #farNonce = "";
  #name: string | null = null;
  /** When publishing or playing started, on the node's clock (stream time counts from it). */
  #startedAt = 0;
  /** Player: the publisher's stream time of the last message, ms. */
  #remoteTime = 0;
  #data: RateMeter | null = null;
  /** Publisher: accepted subscribers, in acceptance order. */
  readonly #peerStreams: DirectPart[] = [];
  /** Subscriber: its publisher (once accepted) and its request. */
  #publisher: DirectPart | null = null;
  #request: InboundSubscription | null = null;
  /** Player: its subscription. */
  #subscription: OutboundSubscription | null = null;
  /** Player: connected to the publisher (Connect.Success dispatched or queued). */
  #connectedToPeer = false;

  constructor(host: DirectHost, role: DirectRole, farID = "") {
    this.#host = host;
    this.role = role;
    this.#farID = farID;
    parts.set(host.stream, this);
  }

  get farID(): string {
    return this.#farID;
  }

  get farNonce(): string {
    return this.#farNonce;
  }

  /** The name published or played ("" never: null before). */
  get name(): string | null {
    return this.#name;
  }

  /** Subscriber: the name its peer asked for (null for other roles). */
  get requestedName(): string | null {
    return this.#request?.name ?? null;
  }

  /** A publisher's accepted subscribers, as NetStreams. */
  get peerStreams(): object[] {
    return this.#peerStreams.map((part) => part.#host.stream);
  }

  /** Data bytes sent (publisher, and its subscriber streams share its meter) or received (player). */
  get dataMeter(): RateMeter | null {
    return this.#data;
  }

  /** Stream time, ms: since publish() (a subscriber: its publisher's), the publisher's time of the last message for a player. */
  timeMs(now: number): number {
    if (this.role === "player") return this.#remoteTime;
    const origin = this.role === "subscriber" ? this.#publisher : this;
    if (origin === null || origin.#name === null) return 0;
    return Math.max(0, now - origin.#startedAt);
  }

  /** Publisher: see NetStream.publish. */
  publish(name: string | null): void {
    const registry = this.#registry();
    if (registry === null) return this.#host.connectionStatus("NetStream.Connect.Failed", this.#host.stream, "peer-to-peer streams need an rtmfp: NetConnection");
    if (this.#name !== null) this.#unpublish(registry);
    if (name === null) return;
    if (registry.publishers.has(name)) return this.#host.status("NetStream.Publish.BadName", { details: name, description: `${name} is already being published` });
    registry.publishers.set(name, this.#host.stream);
    this.#name = name;
    this.#startedAt = this.#host.now();
    this.#data = new RateMeter(this.#startedAt);
    this.#host.status("NetStream.Publish.Start", { details: name, description: `Publishing ${name}.` });
    // Subscribers that asked for this name before it was published.
    for (const stream of registry.unconnected.filter((waiting) => directPartOf(waiting)?.requestedName === name)) {
      registry.dropUnconnected(stream);
      this.#offer(directPartOf(stream)!);
    }
  }

  /** Player: see NetStream.play. */
  play(wanted: string): void {
    const registry = this.#registry();
    if (registry === null) return this.#host.connectionStatus("NetStream.Connect.Failed", this.#host.stream, "peer-to-peer streams need an rtmfp: NetConnection");
    this.#endSubscription(false);
    this.#name = wanted;
    const stream = this.#host.stream;
    registry.connected.add(stream);
    this.#subscription = registry.direct.subscribe(this.#farID, wanted, this.#nearNonce(), {
      accepted: (farNonce) => {
        this.#farNonce = farNonce;
        this.#connectedToPeer = true;
        this.#startedAt = this.#host.now();
        this.#data = new RateMeter(this.#startedAt);
        this.#host.connectionStatus("NetStream.Connect.Success", stream);
        this.#host.media.playerConnected();
        this.#host.status("NetStream.Play.Reset", { details: wanted, description: `Playing and resetting ${wanted}.` });
        this.#host.status("NetStream.Play.Start", { details: wanted, description: `Started playing ${wanted}.` });
      },
      refused: (reason) => {
        this.#subscription = null;
        registry.connected.delete(stream);
        const description = reason === "full" ? "the publisher has no room for more peer connections (maxPeerConnections)" : "the publisher's onPeerConnect refused this subscriber";
        this.#host.connectionStatus("NetStream.Connect.Rejected", stream, description);
      },
      failed: (reason) => {
        this.#subscription = null;
        registry.connected.delete(stream);
        this.#host.connectionStatus("NetStream.Connect.Failed", stream, reason);
      },
      data: (payload, timeMs) => {
        this.#remoteTime = timeMs;
        this.#data?.add(payload.length, this.#host.now());
        this.#host.deliver(payload);
      },
      ended: (reason) => {
        this.#subscription = null;
        this.#connectedToPeer = false;
        registry.connected.delete(stream);
        this.#host.media.playerDisconnected();
        this.#host.connectionStatus("NetStream.Connect.Closed", stream, reason === "lost" ? "the connection to the publisher was lost" : "the publisher closed the stream");
      },
    });
  }

  /** A message (AMF3 `[handler, ...args]`): a publisher's to every accepted subscriber, a subscriber stream's to its peer. */
  send(payload: Uint8Array): void {
    const now = this.#host.now();
    const reliable = this.#host.dataReliable();
    if (this.role === "publisher" && this.#name !== null) {
      const time = now - this.#startedAt;
      this.#data?.add(payload.length, now);
      for (const subscriber of this.#peerStreams) subscriber.#request?.send(payload, time, reliable);
    } else if (this.role === "subscriber" && this.#publisher !== null) {
      this.#publisher.#data?.add(payload.length, now);
      this.#request?.send(payload, now - this.#publisher.#startedAt, reliable);
    }
  }

  /** See NetStream.close: a publisher unpublishes, a player or subscriber ends its peer connection. */
  close(): void {
    const registry = this.#registry();
    if (this.role === "publisher" && registry !== null && this.#name !== null) this.#unpublish(registry);
    if (this.role === "player") this.#endSubscription(true);
    if (this.role === "subscriber") this.#endSubscriber(true, "closed");
  }

  /** The connection closed: stop without events. */
  stop(): void {
    this.#subscription?.close();
    this.#request?.close();
  }

  /** Subscriber: the request it stands for; it waits for a publisher of its name, or is offered to the one publishing it. */
  takeRequest(request: InboundSubscription, registry: PeerStreamRegistry<object>): void {
    this.#farID = request.peerId;
    this.#farNonce = request.farNonce;
    this.#request = request;
    request.onEnded = (reason) => this.#endSubscriber(false, reason);
    const publisher = registry.publishers.get(request.name);
    const part = publisher === undefined ? undefined : directPartOf(publisher);
    if (part === undefined) registry.unconnected.push(this.#host.stream);
    else part.#offer(this);
  }

  // ---- the publisher's side of a subscriber ----

  /** Asks this publisher's client whether `subscriber` may play, after the current task (as Flash's event loop would). */
  #offer(subscriber: DirectPart): void {
    subscriber.#name = this.#name;
    this.#host.connection.queue.run(() => {
      const request = subscriber.#request;
      const registry = this.#registry();
      if (request === null || request.state !== "asking" || registry === null || this.#host.closed() || this.#name !== request.name) return;
      if (registry.connected.size >= this.#host.connection.maxPeerConnections()) {
        subscriber.#host.end();
        return request.reject("full");
      }
      if (!this.#askClient(subscriber)) {
        subscriber.#host.end();
        return request.reject("refused");
      }
      // onPeerConnect may have closed the publisher or changed what it publishes.
      if (request.state !== "asking" || this.#host.closed() || this.#name !== request.name) return;
      request.accept(subscriber.#nearNonce());
      subscriber.#publisher = this;
      this.#peerStreams.push(subscriber);
      registry.connected.add(subscriber.#host.stream);
      this.#host.media.subscriberAccepted(subscriber.#host.stream as { farID: string; farNonce: string });
      this.#host.connectionStatus("NetStream.Connect.Success", subscriber.#host.stream);
      this.#host.status("NetStream.Play.Start", { details: request.name, description: `Started playing ${request.name}.` });
    });
  }

  /** `client.onPeerConnect(subscriber)`: true when absent (Flash's default), false when it returns false or throws. */
  #askClient(subscriber: DirectPart): boolean {
    const client = this.#host.client();
    const method = (client as Record<string, unknown>)["onPeerConnect"];
    if (typeof method !== "function") return true;
    try {
      return method.call(client, subscriber.#host.stream) !== false;
    } catch (error) {
      console.error("[flashmesh] onPeerConnect threw; the subscriber is refused:", error);
      return false;
    }
  }

  /** A subscriber stream ends: by its own close() (`local`), the subscriber leaving, or the link going. */
  #endSubscriber(local: boolean, reason: "closed" | "lost"): void {
    if (this.role !== "subscriber" || (this.#host.closed() && !local)) return;
    const request = this.#request;
    const registry = this.#registry();
    const publisher = this.#publisher;
    const stream = this.#host.stream;
    const wasConnected = publisher !== null && registry?.connected.has(stream) === true;
    registry?.dropUnconnected(stream);
    registry?.connected.delete(stream);
    if (publisher !== null) {
      const at = publisher.#peerStreams.indexOf(this);
      if (at >= 0) publisher.#peerStreams.splice(at, 1);
      publisher.#host.media.subscriberEnded(stream as { farID: string; farNonce: string });
    }
    this.#publisher = null;
    this.#host.end();
    if (local) request?.close();
    if (wasConnected) this.#host.connectionStatus("NetStream.Connect.Closed", stream, local ? "closed" : reason === "lost" ? "the connection to the subscriber was lost" : "the subscriber closed the stream");
  }

  #unpublish(registry: PeerStreamRegistry<object>): void {
    const name = this.#name!;
    if (registry.publishers.get(name) === this.#host.stream) registry.publishers.delete(name);
    this.#host.status("NetStream.Unpublish.Success", { details: name, description: `Stopped publishing ${name}.` });
    for (const subscriber of [...this.#peerStreams]) subscriber.#endSubscriber(true, "closed");
    this.#name = null;
  }

  /** A player stops its subscription; `announce`: Connect.Closed when it was connected. */
  #endSubscription(announce: boolean): void {
    const subscription = this.#subscription;
    this.#subscription = null;
    this.#registry()?.connected.delete(this.#host.stream);
    if (subscription === null) return;
    subscription.close();
    const wasConnected = this.#connectedToPeer;
    this.#connectedToPeer = false;
    this.#host.media.playerDisconnected();
    if (announce && wasConnected) this.#host.connectionStatus("NetStream.Connect.Closed", this.#host.stream, "closed");
  }

  #nearNonce(): string {
    return (this.#host.stream as { nearNonce: string }).nearNonce;
  }

  #registry(): PeerStreamRegistry<object> | null {
    return this.#host.connection.streams() as PeerStreamRegistry<object> | null;
  }
}
