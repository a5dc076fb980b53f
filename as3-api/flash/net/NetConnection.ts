/**
 * AS3 `flash.net.NetConnection`, for RTMFP: `connect("rtmfp://…")` opens a session on a rendezvous (a
 * `flashmesh serve`, after URL rewriting), `connect("rtmfp:")` goes serverless (pages of this origin in this
 * browser), `connect(null)` is Flash's local mode. Every outcome is a NetStatusEvent, dispatched after the call
 * returns. Members in the reference's order. Choices where Flash's behaviour is not recorded: docs/flash-net.md.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/net/NetConnection.html
 */
import { flashmeshConfig } from "../../config.js";
import { createMeshNode, DirectStreams, type MeshNode } from "../../engine/index.js";
import { stub } from "../../stub.js";
import { ArgumentError } from "../../toplevel/ArgumentError.js";
import { playerError } from "../../toplevel/playerErrors.js";
import { ReferenceError } from "../../toplevel/ReferenceError.js";
import { TypeError } from "../../toplevel/TypeError.js";
import { asTransportError, openLanSession, TRANSPORT_ERROR_STATUS, type Session } from "../../transport/index.js";
import { AmfError } from "../../wire/amf3.js";
import { isPeerID } from "../../wire/identity.js";
import { AsyncErrorEvent } from "../events/AsyncErrorEvent.js";
import { EventDispatcher } from "../events/EventDispatcher.js";
import { NetStatusEvent, type NetStatusInfo } from "../events/NetStatusEvent.js";
import { setConnectionInternals, type ConnectionMode, type GroupMembership } from "./connectionInternals.js";
import { callResultOut, CLIENT_METHOD_MISSING, plainValue, relayArgumentsIn, relayArgumentsOut } from "./messageValues.js";
import { netStatusInfo } from "./netStatusCodes.js";
import { GroupLeases } from "./groupLeases.js";
import { offerDirectRequest } from "./NetStream.js";
import { PeerStreamRegistry } from "./peerStreamRegistry.js";
import type { Responder } from "./Responder.js";
import { isFlashmeshUrl, resolveRtmfpUrl, RtmfpUrlError } from "./rtmfpUrl.js";
import { StatusQueue } from "./statusQueue.js";

/** Events a NetConnection dispatches. */
export interface NetConnectionEventMap {
  netStatus: NetStatusEvent;
  asyncError: AsyncErrorEvent;
}

const ZERO_NONCE = "0".repeat(64);

/**
 * Connection arguments for the server: strings as they are (developer keys are checked in them), every other value
 * as its AMF3 (`{ amf3 }`), as Flash sent connect arguments, so a server-side application's onConnect gets typed
 * objects, Dates and ByteArrays. Throws AmfError for what AMF3 cannot hold.
 */
function connectArguments(args: readonly unknown[]): unknown[] {
  return args.map((arg) => {
    const value = plainValue(arg);
    return typeof value === "string" ? value : relayArgumentsOut([arg])[0];
  });
}

/** AS3 NetConnection (RTMFP and local mode). */
export class NetConnection extends EventDispatcher<NetConnectionEventMap> {
  /** AS3 `defaultObjectEncoding`: AMF3. */
  static defaultObjectEncoding = 3;

  #client: object = this;
  #mode: ConnectionMode = "none";
  #uri: string | undefined = undefined;
  #session: Session | null = null;
  #node: MeshNode | null = null;
  #streams: PeerStreamRegistry<unknown> | null = null;
  #groupLeases: GroupLeases | null = null;
  #maxPeerConnections = 8;
  #objectEncoding = NetConnection.defaultObjectEncoding;
  #proxyType = "none";
  /** Bumped by every connect() and close(): a session that opens for an older attempt is closed again. */
  #attempt = 0;
  readonly #groups = new Set<GroupMembership>();
  readonly #queue = new StatusQueue();

  constructor() {
    super();
    setConnectionInternals(this, {
      queue: this.#queue,
      status: (info) => this.#status(info),
      dispatch: (info) => this.#dispatchNow(info),
      teardown: () => this.#teardown(),
      mode: () => this.#mode,
      node: () => this.#node,
      streams: () => this.#streams,
      groups: () => this.#groupLeases,
      maxPeerConnections: () => this.#maxPeerConnections,
      attach: (group) => void this.#groups.add(group),
      detach: (group) => void this.#groups.delete(group),
    });
  }

  /** The object whose methods the server calls (`onRelay`); the NetConnection itself by default. */
  get client(): object {
    return this.#client;
  }

  set client(value: object) {
    if (value === null || value === undefined || (typeof value !== "object" && typeof value !== "function")) throw playerError(TypeError, 2004);
    this.#client = value;
  }

  /** Whether the connection is up (true at once after `connect(null)`, after Connect.Success for RTMFP). */
  get connected(): boolean {
    return this.#mode !== "none";
  }

  /** "none": flashmesh never tunnels. Throws #2126 when not connected. */
  get connectedProxyType(): string {
    this.#requireConnected();
    return "none";
  }

  /** AS3 `farID`: the server's peer ID ("" in local and serverless mode). Throws #2126 when not connected. */
  get farID(): string {
    this.#requireConnected();
    return this.#session?.server?.farId ?? "";
  }

  /** AS3 `farNonce`: 64 hex digits (all "0" in local mode). Throws #2126 when not connected. */
  get farNonce(): string {
    this.#requireConnected();
    return this.#session?.server?.farNonce ?? ZERO_NONCE;
  }

  /**
   * Peer streams allowed at once, inbound and outbound together (default 8, reference §1.5). A subscriber arriving
   * when this many are connected is refused (`NetStream.Connect.Rejected` on its side); lowering it drops nobody.
   */
  get maxPeerConnections(): number {
    return this.#maxPeerConnections;
  }

  set maxPeerConnections(value: number) {
    this.#maxPeerConnections = Number(value) >>> 0;
  }

  /** AS3 `nearID`: this peer's ID, 64 lowercase hex digits ("" in local mode). Throws #2126 when not connected. */
  get nearID(): string {
    this.#requireConnected();
    return this.#session?.links.peerId ?? "";
  }

  /** AS3 `nearNonce`: 64 hex digits (all "0" in local mode). Throws #2126 when not connected. */
  get nearNonce(): string {
    this.#requireConnected();
    return this.#session?.server?.nearNonce ?? ZERO_NONCE;
  }

  get objectEncoding(): number {
    return this.#objectEncoding;
  }

  set objectEncoding(value: number) {
    if (value !== 0 && value !== 3) throw playerError(ArgumentError, 2008, "objectEncoding");
    this.#objectEncoding = value;
  }

  /** "rtmfp" for RTMFP connections, "rtmp" in local mode (as Flash reports). Throws #2126 when not connected. */
  get protocol(): string {
    this.#requireConnected();
    return this.#mode === "local" ? "rtmp" : "rtmfp";
  }

  get proxyType(): string {
    return this.#proxyType;
  }

  set proxyType(value: string) {
    this.#proxyType = String(value);
  }

  /**
   * Subscriber NetStreams not tied to a publishing NetStream: peers that asked to play a name no DIRECT_CONNECTIONS
   * stream of this connection publishes yet (a `publish()` of that name takes them). A copy. Throws #2126 when not
   * connected.
   */
  get unconnectedPeerStreams(): unknown[] {
    this.#requireConnected();
    return [...(this.#streams?.unconnected ?? [])];
  }

  /** The URL given to `connect()`: undefined before, "null" after `connect(null)`. */
  get uri(): string | undefined {
    return this.#uri;
  }

  /** False: WebRTC data channels are always encrypted, but nothing here is TLS to the server in Flash's sense. Throws #2126 when not connected. */
  get usingTLS(): boolean {
    this.#requireConnected();
    return false;
  }

  /** AMF headers are an RTMP feature. */
  addHeader(_operation: string, _mustUnderstand = false, _param: unknown = null): void {
    stub("flash.net.NetConnection.addHeader");
  }

  /**
   * Calls a server method. Cirrus had one, `relay(targetPeerID, ...args)`: the target's `client.onRelay(fromPeerID,
   * ...args)` runs. Every other name goes to the server-side application (`flashmesh serve --apps`,
   * docs/server-apps.md): its return value reaches the responder's result function; a failure (no such method, the
   * method threw, a timeout) arrives as `NetConnection.Call.Failed` with a description, to the responder's status
   * function when there is one, else on this object. Arguments and results travel as AMF3.
   */
  call(command: string, responder: Responder | null, ...args: unknown[]): void {
    const fail = (description: string): void => {
      const info = netStatusInfo("NetConnection.Call.Failed", { description });
      this.#queue.run(() => {
        if (responder?.status) responder.status(info);
        else this.#dispatchNow(info);
      });
    };
    if (this.#session === null) return fail(`NetConnection.call("${command}"): not connected to an RTMFP server`);
    if (command !== "relay") return this.#callApplication(String(command), responder, args, fail);
    const [first, ...rest] = args;
    let target: unknown;
    let values: unknown[];
    try {
      target = plainValue(first);
      values = relayArgumentsOut(rest);
    } catch (error) {
      if (!(error instanceof AmfError)) throw error;
      return fail(`relay: arguments cannot be sent: ${error.message}`);
    }
    if (!isPeerID(target)) return fail(`relay: the first argument must be a peer ID, got ${JSON.stringify(target)}`);
    const session = this.#session;
    if (session.server === null) return fail("serverless connection (rtmfp:): there is no server to relay through");
    session.server.relay(target.toLowerCase(), values, (error) => {
      // Only while the connection that made the call is still this one's.
      if (this.#session === session) fail(`relay to ${target} failed: ${error.message}`);
    });
  }

  #callApplication(command: string, responder: Responder | null, args: unknown[], fail: (description: string) => void): void {
    const session = this.#session!;
    const server = session.server;
    if (server?.call === undefined) return fail(`Method not found (${command}).`);
    let values: unknown[];
    try {
      values = relayArgumentsOut(args);
    } catch (error) {
      if (!(error instanceof AmfError)) throw error;
      return fail(`${command}: arguments cannot be sent: ${error.message}`);
    }
    server.call(command, values as { amf3: string }[], (outcome) => {
      if (this.#session !== session) return; // only while the connection that made the call is still this one's
      if ("error" in outcome) return fail(outcome.error);
      const decoded = relayArgumentsIn(this, [outcome.result]);
      if (decoded === null) return fail(`${command}: the result does not decode`);
      const onResult = responder?.result;
      if (onResult) this.#queue.run(() => onResult(decoded[0]));
    });
  }

  /** Closes the connection and every NetGroup on it; `NetConnection.Connect.Closed` follows if it was connected. */
  close(): void {
    const wasConnected = this.connected;
    this.#teardown();
    if (wasConnected) this.#status(netStatusInfo("NetConnection.Connect.Closed"));
  }

  /**
   * Connects. `null`: local mode (connected at once, Success follows). `"rtmfp://host/app…"`: a session on the
   * rendezvous (Success, Failed, or Rejected then Closed). `"rtmfp:"`: serverless. Other protocols (RTMP, Flash
   * Remoting) are not flashmesh's: Failed (the Ruffle shim hands those to Ruffle). A previous connection is closed
   * first, without a Closed event.
   */
  connect(command: string | null, ...args: unknown[]): void {
    this.#teardown();
    const attempt = this.#attempt;
    if (command === null || command === undefined) {
      this.#uri = "null";
      this.#mode = "local";
      this.#status(netStatusInfo("NetConnection.Connect.Success"));
      return;
    }
    const url = String(command);
    this.#uri = url;
    if (!isFlashmeshUrl(url)) {
      const scheme = /^(rtmpt?e?|rtmps|https?):/i.exec(url)?.[1]?.toLowerCase();
      if (scheme !== undefined) stub(`flash.net.NetConnection.connect(${scheme}:)`);
      this.#status(netStatusInfo("NetConnection.Connect.Failed", { description: `flashmesh connects rtmfp: URLs only, not ${url}` }));
      return;
    }
    let target: ReturnType<typeof resolveRtmfpUrl>;
    let values: unknown[];
    try {
      target = resolveRtmfpUrl(url);
      values = connectArguments(args);
    } catch (error) {
      if (!(error instanceof RtmfpUrlError) && !(error instanceof globalThis.TypeError) && !(error instanceof AmfError)) throw error;
      this.#status(netStatusInfo("NetConnection.Connect.Failed", { description: error.message }));
      return;
    }
    const config = flashmeshConfig();
    const opening =
      target.kind === "serverless"
        ? openLanSession()
        : config.openSession({ server: target.server, app: target.app, args: values, iceServers: config.iceServers });
    opening.then(
      (session) => {
        if (attempt !== this.#attempt) return session.close();
        this.#opened(session, target.kind === "serverless" ? "serverless" : "rtmfp");
      },
      (reason: unknown) => {
        if (attempt !== this.#attempt) return;
        const error = asTransportError(reason, "unreachable");
        const status = TRANSPORT_ERROR_STATUS[error.kind].code;
        const code = status === "NetConnection.Connect.Rejected" || status === "NetConnection.Connect.InvalidApp" ? status : "NetConnection.Connect.Failed";
        // A server-side application's rejectConnection(client, info): the info reaches the SWF as `application`.
        const application = error.infoFields["application"];
        const decoded = application === undefined ? null : relayArgumentsIn(this, [application]);
        this.#status(netStatusInfo(code, { description: error.message, ...(decoded === null ? {} : { application: decoded[0] }) }));
        // A rejected connection is closed by the server at once (Flash dispatches Closed after Rejected).
        if (code !== "NetConnection.Connect.Failed") this.#status(netStatusInfo("NetConnection.Connect.Closed"));
      },
    );
  }

  override toString(): string {
    return "[object NetConnection]";
  }

  #opened(session: Session, mode: ConnectionMode): void {
    this.#session = session;
    this.#node = createMeshNode(session);
    const direct = new DirectStreams(this.#node);
    this.#node.addService(direct);
    this.#streams = new PeerStreamRegistry(direct);
    direct.onRequest = (request) => offerDirectRequest(this, request);
    this.#groupLeases = new GroupLeases(this.#node);
    const attempt = this.#attempt;
    session.setHandler({
      relayed: (from, args) => {
        const values = relayArgumentsIn(this, args);
        if (values !== null && attempt === this.#attempt) this.#queue.run(() => this.#invokeClient("onRelay", [from, ...values]));
      },
      lost: () => {
        if (attempt === this.#attempt) this.close();
      },
      clientCalled: (name, args, answer) => {
        const values = relayArgumentsIn(this, args);
        if (values === null) return answer?.({ error: `${name}: the arguments do not decode` });
        if (attempt !== this.#attempt) return answer?.({ error: "the connection closed" });
        this.#queue.run(() => this.#answerClientCall(name, values, answer));
      },
    });
    // Connected from the moment Connect.Success is dispatched, as a listener sees it.
    this.#queue.run(() => {
      if (attempt !== this.#attempt) return;
      this.#mode = mode;
      this.#dispatchNow(netStatusInfo("NetConnection.Connect.Success"));
    });
  }

  /**
   * Runs a server-side application's `client.call(name, …)` on `client` and sends what the method returned (awaited
   * when it is a promise) or why it failed back, when the application asked for an answer.
   */
  #answerClientCall(name: string, args: unknown[], answer: ((outcome: { result: { amf3: string } } | { error: string }) => void) | null): void {
    let returned: { value: unknown } | null;
    try {
      returned = this.#invokeClient(name, args);
    } catch (error) {
      answer?.({ error: `${name} failed: ${error instanceof Error ? error.message : String(error)}` });
      throw error; // Flash reports a callback's exception as uncaught
    }
    if (answer === null) return;
    if (returned === null || returned.value === CLIENT_METHOD_MISSING) return answer({ error: `Method not found (${name}).` });
    Promise.resolve(returned.value).then(
      (value) => {
        try {
          answer({ result: callResultOut(value) });
        } catch (error) {
          answer({ error: `${name}: its result cannot be sent: ${(error as Error).message}` });
        }
      },
      (error: unknown) => answer({ error: `${name} failed: ${error instanceof Error ? error.message : String(error)}` }),
    );
  }

  /**
   * Calls `client[name](...args)` and returns what it returned; a client without that method gets Flash's asyncError
   * #2095 instead (null).
   */
  #invokeClient(name: string, args: unknown[]): { value: unknown } | null {
    const method = (this.#client as Record<string, unknown>)[name];
    if (typeof method === "function") return { value: method.apply(this.#client, args) };
    const error = playerError(ReferenceError, 2095, "flash.net.NetConnection", name);
    this.dispatchEvent(new AsyncErrorEvent(AsyncErrorEvent.ASYNC_ERROR, false, false, error.message, error));
    return null;
  }

  /** Ends the current connection or attempt: groups stop, the session closes, nothing is dispatched. */
  #teardown(): void {
    this.#attempt++;
    for (const group of [...this.#groups]) group.connectionClosed();
    this.#groups.clear();
    this.#groupLeases?.close();
    this.#groupLeases = null;
    this.#node?.close();
    this.#node = null;
    this.#streams = null;
    this.#session = null;
    this.#mode = "none";
  }

  #status(info: NetStatusInfo): void {
    this.#queue.status(this as EventDispatcher<never>, info);
  }

  #dispatchNow(info: NetStatusInfo): void {
    this.dispatchEvent(new NetStatusEvent(NetStatusEvent.NET_STATUS, false, false, info));
  }

  #requireConnected(): void {
    if (!this.connected) throw playerError(ArgumentError, 2126);
  }
}
