/**
 * AS3 `flash.net.NetStream`, its peer-to-peer kinds: a DIRECT_CONNECTIONS publisher, a player of one peer's stream
 * (constructed with the peer's ID), the subscriber streams a publisher's `client.onPeerConnect` receives, and a
 * multicast stream in a group (constructed with a groupspec). This class is the AS3 face: the kind, the
 * properties, the client; the direct half is flash/net/directStream.ts, the multicast half flash/net/multicastStream.ts,
 * delivery to the client flash/net/streamClient.ts. Streams carry data
 * (`send(handler, ...args)`, AMF3) and audio/video (flash/media/netStreamMedia.ts); playback from Flash Media Server calls `stub()` (in Ruffle
 * they stay the player's own). Every outcome is a NetStatusEvent dispatched through the connection's queue after the
 * call that caused it: `NetStream.Connect.*` on the NetConnection with `info.stream` (reference §2), the rest on the
 * stream. Choices where Flash's behaviour is not recorded: docs/netstream.md.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/net/NetStream.html
 */
import { amf3PayloadOf, AmfError, type InboundSubscription } from "../../engine/index.js";
import { stub } from "../../stub.js";
import { ArgumentError } from "../../toplevel/ArgumentError.js";
import { playerError } from "../../toplevel/playerErrors.js";
import { TypeError } from "../../toplevel/TypeError.js";
import { bytesToHex } from "../../wire/bytes.js";
import { isPeerID } from "../../wire/identity.js";
import type { AsyncErrorEvent } from "../events/AsyncErrorEvent.js";
import { EventDispatcher } from "../events/EventDispatcher.js";
import type { NetStatusEvent, NetStatusInfo } from "../events/NetStatusEvent.js";
import { connectionInternals, type ConnectionInternals } from "./connectionInternals.js";
import type { NetConnection } from "./NetConnection.js";
import { netStatusInfo, type NetStatusCode } from "./netStatusCodes.js";
import { NetStreamInfo } from "./NetStreamInfo.js";
import { NetStreamMulticastInfo } from "./NetStreamMulticastInfo.js";
import type { PeerStreamRegistry } from "./peerStreamRegistry.js";
import { DirectPart, directPartOf } from "./directStream.js";
import { MulticastPart, MULTICAST_DEFAULTS, type MulticastSettings } from "./multicastStream.js";
import { deliverToClient } from "./streamClient.js";
import type { Camera } from "../media/Camera.js";
import type { Microphone } from "../media/Microphone.js";
import { NetStreamMedia } from "../media/netStreamMedia.js";
import type { SoundTransform } from "../media/SoundTransform.js";

/** Events a NetStream dispatches. */
export interface NetStreamEventMap {
  netStatus: NetStatusEvent;
  asyncError: AsyncErrorEvent;
}

/** What a NetStream is. "subscriber": the publisher's side of one peer playing its stream (handed to onPeerConnect). */
type Kind = "fms" | "publisher" | "player" | "subscriber" | "multicast";

/** Builds the subscriber streams a publisher's side hands to `onPeerConnect` (not reachable from outside). */
const SUBSCRIBER = Symbol("subscriber");

function randomNonce(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return bytesToHex(bytes);
}

/** AS3 NetStream (peer-to-peer kinds). */
export class NetStream extends EventDispatcher<NetStreamEventMap> {
  /** Play from or publish to Flash Media Server (not flashmesh's: Ruffle's own NetStream handles it). */
  static readonly CONNECT_TO_FMS = "connectToFMS";
  /** Publish to peers that play this stream by this peer's ID. */
  static readonly DIRECT_CONNECTIONS = "directConnections";

  readonly #connection: ConnectionInternals;
  readonly #kind: Kind;
  #client: object = this;
  #closed = false;
  readonly #nearNonce = randomNonce();
  /** The DIRECT_CONNECTIONS half (publisher, player, subscriber), or null. */
  #direct: DirectPart | null = null;
  #multicast: MulticastPart | null = null;
  readonly #settings: MulticastSettings = { ...MULTICAST_DEFAULTS };
  readonly #membership = { connectionClosed: () => this.#stop() };
  /** Audio and video (flash/media/netStreamMedia.ts): attached devices, received tracks. */
  readonly #media: NetStreamMedia = new NetStreamMedia(this, {
    kind: () => this.#kind,
    node: () => this.#connection.node(),
    farID: () => this.#direct?.farID ?? "",
    nearNonce: () => this.nearNonce,
    status: (code, fields) => this.#streamStatus(code, fields),
  });

  audioReliable = true;
  videoReliable = true;
  /** Whether `send()` goes reliably and in order (true) or unordered without retransmission (false). */
  dataReliable = true;
  audioSampleAccess = false;
  videoSampleAccess = false;
  bufferTime = 0.1;

  /**
   * `peerID`: {@link DIRECT_CONNECTIONS} to publish to peers, a peer's ID (64 hex digits) to play from it, a
   * groupspec for a multicast stream in that group (needs `multicastEnabled`), or {@link CONNECT_TO_FMS} (the
   * default; not flashmesh's). Throws ArgumentError #2126 when the connection is not connected, #2004 for another
   * string.
   */
  constructor(connection: NetConnection, peerID: string = NetStream.CONNECT_TO_FMS) {
    super();
    if (connection === null || connection === undefined) throw playerError(TypeError, 2007, "connection");
    const internals = connectionInternals(connection);
    if (internals === undefined) throw playerError(TypeError, 2007, "connection");
    if (internals.mode() === "none") throw playerError(ArgumentError, 2126);
    this.#connection = internals;
    const subscriber = (peerID as unknown) === SUBSCRIBER;
    const target = subscriber ? "" : peerID === null || peerID === undefined ? NetStream.CONNECT_TO_FMS : String(peerID);
    if (subscriber) this.#kind = "subscriber";
    else if (target === NetStream.CONNECT_TO_FMS) this.#kind = "fms";
    else if (target === NetStream.DIRECT_CONNECTIONS) this.#kind = "publisher";
    else if (isPeerID(target)) this.#kind = "player";
    else if ((target as string).startsWith("G:")) this.#kind = "multicast";
    else throw playerError(ArgumentError, 2004);
    if (this.#kind === "fms") stub("flash.net.NetStream(connectToFMS)");
    if (this.#kind === "publisher" || this.#kind === "player" || this.#kind === "subscriber") {
      this.#direct = new DirectPart(
        {
          stream: this,
          connection: internals,
          status: (code, fields) => this.#streamStatus(code, fields),
          connectionStatus: (code, stream, description) => this.#connectionStatus(code, stream as NetStream, description),
          deliver: (payload) => this.#deliver(payload),
          client: () => this.#client,
          closed: () => this.#closed,
          end: () => {
            this.#closed = true;
            internals.detach(this.#membership);
          },
          dataReliable: () => this.dataReliable,
          now: () => this.#now(),
          media: this.#media,
        },
        this.#kind,
        this.#kind === "player" ? target.toLowerCase() : "",
      );
    }
    if (this.#kind === "multicast") {
      this.#multicast = new MulticastPart(
        {
          stream: this,
          connection: internals,
          settings: this.#settings,
          status: (code, fields) => this.#streamStatus(code, fields),
          connectionStatus: (code, description) => this.#connectionStatus(code, this, description),
          deliver: (payload) => this.#deliver(payload),
          closed: () => this.#closed,
          media: this.#media,
        },
        target,
      );
    }
    internals.attach(this.#membership);
  }

  /** The object whose methods `send()` invokes on players (and `onPeerConnect` on publishers); this stream by default. */
  get client(): object {
    return this.#client;
  }

  set client(value: object) {
    if (value === null || value === undefined || (typeof value !== "object" && typeof value !== "function")) throw playerError(TypeError, 2004);
    this.#client = value;
  }

  /** Peer ID of the far end: the publisher for a player, the subscriber for a subscriber stream; "" otherwise. */
  get farID(): string {
    return this.#direct?.farID ?? "";
  }

  /** The far end's nonce once connected ("" before, and for publishers and multicast streams). */
  get farNonce(): string {
    return this.#direct?.farNonce ?? "";
  }

  /** This end's nonce for this stream: 64 hex digits, random per stream. */
  get nearNonce(): string {
    return this.#nearNonce;
  }

  /** A publisher's accepted subscribers (copies; empty for other kinds). */
  get peerStreams(): NetStream[] {
    return (this.#direct?.peerStreams ?? []) as NetStream[];
  }

  /** Seconds of stream time: since publish() for a publisher, the publisher's time of the last message for a player. */
  get time(): number {
    const part = this.#multicast ?? this.#direct;
    return part === null ? 0 : part.timeMs(this.#now()) / 1000;
  }

  /** Quality-of-service figures: data bytes sent (publishers) or received (players), and their rate. */
  get info(): NetStreamInfo {
    const meter = this.#multicast?.dataMeter ?? this.#direct?.dataMeter ?? null;
    const now = this.#now();
    const rate = meter?.perSecond(now) ?? 0;
    const farID = this.farID;
    return new NetStreamInfo(meter?.total ?? 0, rate, meter?.total ?? 0, rate, true, Math.max(meter?.max ?? 0, rate), this.#direct?.name ?? null, farID === "" ? null : farID);
  }

  // ---- multicast tuning (reference §1.6; defaults: librtmfp's, docs/netstream.md) ----

  /** Seconds of fragments kept and relayed behind the newest. */
  get multicastWindowDuration(): number {
    return this.#settings.windowDuration;
  }

  set multicastWindowDuration(value: number) {
    this.#settings.windowDuration = this.#positive(value, "multicastWindowDuration");
  }

  /** Extra seconds a fragment stays available to neighbours after it left the window. */
  get multicastRelayMarginDuration(): number {
    return this.#settings.relayMarginDuration;
  }

  set multicastRelayMarginDuration(value: number) {
    this.#settings.relayMarginDuration = this.#positive(value, "multicastRelayMarginDuration");
  }

  /** Seconds a missing fragment is waited for before it is fetched from a neighbour that has it. */
  get multicastFetchPeriod(): number {
    return this.#settings.fetchPeriod;
  }

  set multicastFetchPeriod(value: number) {
    this.#settings.fetchPeriod = this.#positive(value, "multicastFetchPeriod");
  }

  /** Seconds between availability messages to neighbours. */
  get multicastAvailabilityUpdatePeriod(): number {
    return this.#settings.availabilityUpdatePeriod;
  }

  set multicastAvailabilityUpdatePeriod(value: number) {
    this.#settings.availabilityUpdatePeriod = this.#positive(value, "multicastAvailabilityUpdatePeriod");
  }

  /** Whether availability goes to every neighbour each period (true) or to one, in turn (false). */
  get multicastAvailabilitySendToAll(): boolean {
    return this.#settings.availabilitySendToAll;
  }

  set multicastAvailabilitySendToAll(value: boolean) {
    this.#settings.availabilitySendToAll = Boolean(value);
  }

  /** Neighbours a new fragment is pushed to, at most. */
  get multicastPushNeighborLimit(): number {
    return this.#settings.pushNeighborLimit;
  }

  set multicastPushNeighborLimit(value: number) {
    this.#settings.pushNeighborLimit = Math.max(0, Math.floor(Number(value))) || 0;
  }

  /** Measured figures of a multicast stream (all 0 for the other kinds). */
  get multicastInfo(): NetStreamMulticastInfo {
    return this.#multicast?.info() ?? new NetStreamMulticastInfo(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  // ---- methods ----

  /**
   * Publishes `name`: to peers that play it by this peer's ID (DIRECT_CONNECTIONS), or to the group (multicast).
   * `NetStream.Publish.Start`, or `NetStream.Publish.BadName` when another stream of this connection publishes that
   * name. `publish(null)` (or no name) stops publishing: `NetStream.Unpublish.Success`.
   */
  publish(name: string | null = null, _type: string | null = null): void {
    if (this.#closed) return;
    if (this.#kind === "multicast") return this.#multicast!.publish(name === null || name === undefined ? null : String(name));
    if (this.#kind !== "publisher") {
      if (this.#kind === "fms") stub("flash.net.NetStream.publish(connectToFMS)");
      return;
    }
    this.#direct!.publish(name === null || name === undefined || (name as unknown) === false ? null : String(name));
  }

  /**
   * Plays `name` from the peer this stream was made for (`NetStream.Connect.Success` on the connection, then
   * `NetStream.Play.Reset` and `NetStream.Play.Start`, once the publisher accepted), or from the group (multicast).
   */
  play(...args: unknown[]): void {
    if (this.#closed) return;
    const name = args[0];
    if (this.#kind === "multicast") return this.#multicast!.play(String(name));
    if (this.#kind !== "player") {
      if (this.#kind === "fms") stub("flash.net.NetStream.play(connectToFMS)");
      return;
    }
    this.#direct!.play(String(name));
  }

  /**
   * Sends `handler(...args)` to the players: every accepted subscriber of a publisher, only the far peer of a
   * subscriber stream, every player of a multicast stream. Values travel as AMF3 (reliably and in order unless
   * `dataReliable` is false). Other kinds send nothing. ArgumentError #2004 when a value cannot be serialized.
   */
  send(handlerName: string, ...args: unknown[]): void {
    if (this.#closed) return;
    if (this.#kind === "fms") return stub("flash.net.NetStream.send(connectToFMS)");
    if (this.#kind === "player") return;
    let payload: Uint8Array;
    try {
      payload = amf3PayloadOf([String(handlerName), ...args]).bytes;
    } catch (error) {
      if (!(error instanceof AmfError)) throw error;
      const invalid = playerError(ArgumentError, 2004);
      (invalid as { cause?: unknown }).cause = error;
      throw invalid;
    }
    this.sendEncoded(payload);
  }

  /**
   * Sends a message already serialized as AMF3 `[handler, ...args]` (the Ruffle bridge hands a SWF's own
   * `writeObject` bytes here). Not part of AS3.
   */
  sendEncoded(payload: Uint8Array): void {
    if (this.#closed) return;
    if (this.#kind === "multicast") return this.#multicast!.send(payload);
    this.#direct?.send(payload);
  }

  /**
   * Stops the stream. A publisher ends every subscriber (`NetStream.Connect.Closed` for each, on both sides) and
   * says `NetStream.Unpublish.Success`; a player or subscriber stream ends its peer connection
   * (`NetStream.Connect.Closed` on both sides); a multicast publisher's group hears UnpublishNotify.
   */
  close(): void {
    if (this.#closed) return;
    this.#direct?.close();
    this.#media.close();
    this.#multicast?.close();
    this.#closed = true;
    this.#connection.detach(this.#membership);
  }


  /** Sends `microphone`'s sound to this publisher's subscribers, or to a multicast stream's players (null: stops). */
  attachAudio(microphone: Microphone | null): void {
    this.#media.attachAudio(microphone);
  }

  /** Sends `camera`'s video to this publisher's subscribers, or to a multicast stream's players (null: stops). */
  attachCamera(camera: Camera | null, snapshotMilliseconds = -1): void {
    if (snapshotMilliseconds >= 0) stub("flash.net.NetStream.attachCamera(snapshotMilliseconds)");
    this.#media.attachCamera(camera);
  }

  /** The volume a player's sound plays at (a copy; set a SoundTransform to change it). */
  get soundTransform(): SoundTransform {
    return this.#media.soundTransform;
  }

  set soundTransform(value: SoundTransform) {
    this.#media.soundTransform = value;
  }

  /** Whether a player takes its publisher's sound (a direct publisher stops sending it; a multicast player stops decoding it). */
  receiveAudio(flag: boolean): void {
    this.#media.receiveAudio(flag);
  }

  /** Whether a player takes its publisher's video (a direct publisher stops sending it; a multicast player stops decoding it). */
  receiveVideo(flag: boolean): void {
    this.#media.receiveVideo(flag);
  }

  pause(): void {
    stub("flash.net.NetStream.pause");
  }

  resume(): void {
    stub("flash.net.NetStream.resume");
  }

  seek(_offset: number): void {
    stub("flash.net.NetStream.seek");
  }

  togglePause(): void {
    stub("flash.net.NetStream.togglePause");
  }

  override toString(): string {
    return "[object NetStream]";
  }

  /** The connection closed: everything stops, without events. */
  #stop(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#direct?.stop();
    this.#media.close();
    this.#multicast?.stop();
  }

  // ---- helpers ----

  /** Hands one received message (AMF3 `[handler, ...args]`) to the client, in the connection's event order. */
  #deliver(payload: Uint8Array): void {
    deliverToClient(this, payload, this.#connection.queue, () => this.#client, () => this.#closed);
  }

  #now(): number {
    return this.#connection.node()?.scheduler.now() ?? performance.now();
  }

  #positive(value: number, name: string): number {
    const number = Number(value);
    if (!Number.isFinite(number) || number < 0) throw playerError(ArgumentError, 2008, name);
    return number;
  }

  /** A NetStream.Connect.* event on the connection, about `stream`. */
  #connectionStatus(code: NetStatusCode, stream: NetStream, description?: string): void {
    this.#connection.status(netStatusInfo(code, description === undefined ? { stream } : { stream, description }));
  }

  /** An event on this stream (dropped if the stream is closed by the time it is dispatched). */
  #streamStatus(code: NetStatusCode, fields: Record<string, unknown> = {}): void {
    const info: NetStatusInfo = netStatusInfo(code, fields);
    this.#connection.queue.status(this as EventDispatcher<never>, info, () => !this.#closed || code === "NetStream.Unpublish.Success");
  }
}

/** A subscriber asked this connection for a stream (the NetConnection's hook into its DirectStreams). */
export function offerDirectRequest(connection: NetConnection, request: InboundSubscription): void {
  const registry = connectionInternals(connection)?.streams() as PeerStreamRegistry<object> | null | undefined;
  if (registry === null || registry === undefined) return request.reject("refused");
  const subscriber = new NetStream(connection, SUBSCRIBER as unknown as string);
  directPartOf(subscriber)!.takeRequest(request, registry);
}
