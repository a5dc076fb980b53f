/**
 * The multicast half of a NetStream constructed with a groupspec: it holds the group (shared with a NetGroup of the
 * same groupspec, flash/net/groupLeases.ts), says `NetStream.Connect.Success` on the connection once the group is
 * joined (methods throw until then, as NetGroup's do), and publishes or plays through the group's multicast service
 * (engine/streams/MulticastGroup.ts). Choices where Flash's behaviour is not recorded: docs/netstream.md.
 */
import { RateMeter, type LocalPlayer, type LocalPublication, type MulticastGroup, type MulticastTuning } from "../../engine/index.js";
import { TRANSPORT_ERROR_STATUS } from "../../transport/index.js";
import { FlashError } from "../../toplevel/FlashError.js";
import { playerError } from "../../toplevel/playerErrors.js";
import { decodeGroupspec } from "../../wire/groupspec/decode.js";
import { GroupspecError } from "../../wire/groupspec/GroupspecError.js";
import type { GroupspecOptions } from "../../wire/groupspec/options.js";
import { groupIdOf } from "../../wire/identity.js";
import { isMediaMessage } from "../../wire/mediaMessages.js";
import { IllegalOperationError } from "../errors/IllegalOperationError.js";
import type { NetStreamMedia } from "../media/netStreamMedia.js";
import type { ConnectionInternals } from "./connectionInternals.js";
import type { GroupLease } from "./groupLeases.js";
import { netStatusInfo, type NetStatusCode } from "./netStatusCodes.js";
import { NetStreamMulticastInfo } from "./NetStreamMulticastInfo.js";

/** Multicast tuning of one stream (NetStream's multicast* properties), seconds. */
export interface MulticastSettings {
  windowDuration: number;
  relayMarginDuration: number;
  fetchPeriod: number;
  availabilityUpdatePeriod: number;
  availabilitySendToAll: boolean;
  pushNeighborLimit: number;
}

/** librtmfp's defaults (include/librtmfp.h), Flash's own being undocumented (reference §1.6). */
export const MULTICAST_DEFAULTS: Readonly<MulticastSettings> = Object.freeze({
  windowDuration: 8,
  relayMarginDuration: 2,
  fetchPeriod: 2.5,
  availabilityUpdatePeriod: 0.1,
  availabilitySendToAll: false,
  pushNeighborLimit: 4,
});

/** What the multicast half needs of its NetStream. */
export interface MulticastHost {
  /** The NetStream (`info.stream` of its connection's events). */
  readonly stream: object;
  readonly connection: ConnectionInternals;
  /** The stream's live settings (its multicast* properties). */
  readonly settings: MulticastSettings;
  /** An event on the stream. */
  status(code: NetStatusCode, fields?: Record<string, unknown>): void;
  /** A NetStream.Connect.* event on the connection about the stream. */
  connectionStatus(code: NetStatusCode, description?: string): void;
  /** One received message (AMF3 `[handler, ...args]`) for the client. */
  deliver(payload: Uint8Array): void;
  /** Whether the stream is closed. */
  closed(): boolean;
  /** The stream's audio/video side: encodes while this stream publishes, decodes the media messages it plays. */
  readonly media: NetStreamMedia;
}

type State = "connecting" | "connected" | "closed";

/** The multicast part of one NetStream. */
export class MulticastPart {
  readonly #host: MulticastHost;
  #state: State = "connecting";
  #lease: GroupLease | null = null;
  #publication: LocalPublication | null = null;
  #player: LocalPlayer | null = null;
  #sent: RateMeter | null = null;
  /** The number of the last fragment a player was handed (null at the start of a stream). */
  #lastSeq: number | null = null;
  /** The tuning the engine reads, in ms, live from the stream's properties. */
  readonly #tuning: MulticastTuning;

  /** Throws Error #2004 for a malformed groupspec (the decoder's reason is its `cause`). */
  constructor(host: MulticastHost, groupspec: string) {
    this.#host = host;
    let spec: GroupspecOptions;
    let groupId: string;
    try {
      spec = decodeGroupspec(groupspec);
      groupId = groupIdOf(groupspec);
    } catch (error) {
      if (!(error instanceof GroupspecError)) throw error;
      const invalid = playerError(FlashError, 2004);
      (invalid as { cause?: unknown }).cause = error;
      throw invalid;
    }
    const settings = host.settings;
    this.#tuning = {
      get windowMs() { return settings.windowDuration * 1000; },
      get relayMarginMs() { return settings.relayMarginDuration * 1000; },
      get fetchPeriodMs() { return settings.fetchPeriod * 1000; },
      get availabilityPeriodMs() { return settings.availabilityUpdatePeriod * 1000; },
      get availabilitySendToAll() { return settings.availabilitySendToAll; },
      get pushNeighborLimit() { return settings.pushNeighborLimit; },
    };
    this.#join(spec, groupId);
  }

  /** Whether this stream plays (its `time` is then the publisher's). */
  get playing(): boolean {
    return this.#player !== null;
  }

  /** Stream time, ms: since publish() for a publisher, the last delivered fragment's for a player. */
  timeMs(now: number): number {
    if (this.#player !== null) return this.#player.lastTime;
    return this.#publication === null ? 0 : Math.max(0, now - this.#publication.startedAt);
  }

  /** Data bytes sent (publisher) or delivered (player). */
  get dataMeter(): RateMeter | null {
    return this.#player?.meters.receiveData ?? this.#sent;
  }

  publish(name: string | null): void {
    const multicast = this.#requireConnected();
    if (this.#publication !== null) this.#unpublish();
    if (name === null) return;
    if (!multicast.mayPublish) return this.#host.status("NetStream.Publish.BadName", { details: name, description: "this member does not hold the group's publish password" });
    const publication = multicast.publish(name, this.#tuning);
    if (publication === null) return this.#host.status("NetStream.Publish.BadName", { details: name, description: "this member may not publish in this group" });
    this.#publication = publication;
    this.#sent = new RateMeter(multicast.now());
    this.#host.status("NetStream.Publish.Start", { details: name, description: `Publishing ${name}.` });
    this.#host.media.multicastPublishing((payload) => publication.send(payload));
  }

  play(name: string): void {
    const multicast = this.#requireConnected();
    this.#player?.close();
    this.#host.status("NetStream.Play.Reset", { details: name, description: `Playing and resetting ${name}.` });
    this.#host.status("NetStream.Play.Start", { details: name, description: `Started playing ${name}.` });
    const player = (this.#player = multicast.play(name, this.#tuning, {
      publishNotify: (reset) => {
        this.#lastSeq = null;
        if (reset) {
          this.#host.media.multicastReset();
          // Flash: "Local overrides of multicast stream parameters are lost" when the stream changes.
          Object.assign(this.#host.settings, MULTICAST_DEFAULTS);
          this.#host.status("NetStream.MulticastStream.Reset");
        }
        this.#host.status("NetStream.Play.PublishNotify", { details: name, description: `${name} is now published.` });
      },
      unpublishNotify: () => {
        this.#host.media.multicastReset();
        this.#host.status("NetStream.Play.UnpublishNotify", { details: name, description: `${name} is now unpublished.` });
      },
      // Media messages go to the decoders, the rest (send()) to the client; one ordered sequence keeps them together.
      // A gap is a number skipped among all fragments (send() messages take numbers too).
      data: (payload, time, seq) => {
        const gap = this.#lastSeq !== null && seq !== this.#lastSeq + 1;
        this.#lastSeq = seq;
        if (!isMediaMessage(payload)) return this.#host.deliver(payload);
        this.#host.media.multicastMessage(payload, gap, Math.max(0, (player.track?.newestTime ?? time) - time));
      },
    }));
  }

  send(payload: Uint8Array): void {
    this.#requireConnected();
    if (this.#publication === null) return;
    this.#sent?.add(payload.length, this.#lease!.overlay.node.scheduler.now());
    this.#publication.send(payload);
  }

  /** Stops publishing and playing and lets the group go; Connect.Closed when it was connected. */
  close(): void {
    if (this.#state === "closed") return;
    const wasConnected = this.#state === "connected";
    if (this.#publication !== null) this.#unpublish();
    this.#player?.close();
    this.#player = null;
    this.#state = "closed";
    this.#lease?.release();
    if (wasConnected) this.#host.connectionStatus("NetStream.Connect.Closed", "closed");
  }

  /** The connection closed: stop without events. */
  stop(): void {
    this.#state = "closed";
    this.#host.media.multicastPublishing(null);
    this.#publication?.close();
    this.#player?.close();
    this.#lease?.release();
  }

  /** Measured figures of the stream published or played (zeros before). */
  info(): NetStreamMulticastInfo {
    const meters = this.#publication?.meters ?? this.#player?.track?.meters ?? null;
    if (meters === null || this.#lease === null) return new NetStreamMulticastInfo(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    const now = this.#lease.overlay.node.scheduler.now();
    const m = meters;
    return new NetStreamMulticastInfo(
      m.sendData.perSecond(now),
      m.sendControl.perSecond(now),
      m.receiveData.perSecond(now),
      m.receiveControl.perSecond(now),
      m.pushedToPeers.total,
      m.pushedToPeers.count,
      m.requestedByPeers.total,
      m.requestedByPeers.count,
      m.pushedFromPeers.total,
      m.pushedFromPeers.count,
      m.requestedFromPeers.total,
      m.requestedFromPeers.count,
      0, 0, 0, 0, 0, 0, 0,
    );
  }

  #join(spec: GroupspecOptions, groupId: string): void {
    const connection = this.#host.connection;
    const groups = connection.groups();
    if (groups === null) return this.#fail("NetStream.Connect.Failed", "a multicast NetStream needs an rtmfp: NetConnection");
    if (!spec.multicastEnabled) return this.#fail("NetStream.Connect.Failed", "the groupspec does not enable multicast (GroupSpecifier.multicastEnabled)");
    const lease = groups.acquire(groupId, spec, false, connection.mode() === "serverless", false);
    if (lease === null || lease.multicast === null) return this.#fail("NetStream.Connect.Failed", "the group could not be joined");
    this.#lease = lease;
    lease.whenJoined((outcome) => {
      if (this.#state !== "connecting") return;
      if (!outcome.ok) {
        this.#state = "closed";
        lease.release();
        const rejected = TRANSPORT_ERROR_STATUS[outcome.error.kind].code === "NetGroup.Connect.Rejected";
        return this.#host.connectionStatus(rejected ? "NetStream.Connect.Rejected" : "NetStream.Connect.Failed", outcome.error.message);
      }
      // Connected from the moment Connect.Success is dispatched, as a listener sees it.
      connection.queue.run(() => {
        if (this.#state !== "connecting" || this.#host.closed()) return;
        this.#state = "connected";
        connection.dispatch(netStatusInfo("NetStream.Connect.Success", { stream: this.#host.stream }));
      });
    });
  }

  #fail(code: NetStatusCode, description: string): void {
    this.#state = "closed";
    this.#host.connectionStatus(code, description);
  }

  #unpublish(): void {
    const publication = this.#publication!;
    this.#publication = null;
    this.#host.media.multicastPublishing(null);
    publication.close();
    this.#host.status("NetStream.Unpublish.Success", { details: publication.name, description: `Stopped publishing ${publication.name}.` });
  }

  #requireConnected(): MulticastGroup {
    if (this.#state !== "connected" || this.#lease?.multicast == null) {
      throw new IllegalOperationError(this.#state === "closed" ? "NetStream is closed" : "NetStream is not connected yet: wait for NetStream.Connect.Success");
    }
    return this.#lease.multicast;
  }
}
