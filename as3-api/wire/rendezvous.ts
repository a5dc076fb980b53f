/**
 * The rendezvous protocol between flashmesh clients and `flashmesh serve` (version 2, documented in
 * docs/rendezvous-protocol.md). Its messages ride the PeerJS signalling WebSocket, beside PeerJS's own
 * OFFER/ANSWER/CANDIDATE/HEARTBEAT messages, as `{ type, payload }` JSON objects whose type starts with `FM-`.
 * Shared by the server and the client side so both read one definition.
 */

/**
 * Protocol version carried in `FM-HELLO` and `FM-WELCOME`. Version 2 added the resume token and the group salt to
 * `FM-WELCOME`; `FM-JOIN.group` became a rendezvous key derived from the group ID with that salt. Version 3 added
 * calls to and from server-side applications (`FM-CALL`/`FM-RESULT`, `FM-CLIENTCALL`/`FM-CLIENTRESULT`) and the
 * rejection's `code` and `application`, and rendezvous keys took 300,000 iterations instead of 100,000 (a version 2
 * client would join under other keys, so it is refused rather than left alone in its groups).
 */
export const RENDEZVOUS_PROTOCOL_VERSION = 3;

/**
 * PBKDF2-HMAC-SHA-256 iterations from a group ID to its rendezvous key (`rendezvousKeyOf`). Fixed by the protocol,
 * not chosen by the server, so a server cannot make its own guessing cheaper. The cost is measured in
 * docs/benchmarks.md ("Rendezvous key").
 */
export const RENDEZVOUS_KEY_ITERATIONS = 300_000;

/** Message types, client → server. */
export const ClientMessageType = {
  hello: "FM-HELLO",
  join: "FM-JOIN",
  leave: "FM-LEAVE",
  relay: "FM-RELAY",
  /** `nc.call(name, responder, ...args)` for a server-side application's client method (version 3). */
  call: "FM-CALL",
  /** The answer to an `FM-CLIENTCALL` that had a `req` (version 3). */
  clientResult: "FM-CLIENTRESULT",
} as const;

/** Message types, server → client. */
export const ServerMessageType = {
  welcome: "FM-WELCOME",
  rejected: "FM-REJECTED",
  joined: "FM-JOINED",
  onRelay: "FM-ONRELAY",
  error: "FM-ERROR",
  /** The answer to an `FM-CALL` (version 3). */
  result: "FM-RESULT",
  /** A server-side application calls a method of the client's `NetConnection.client` (version 3). */
  clientCall: "FM-CLIENTCALL",
} as const;

/** PeerJS's own client → server message types, which the server passes to the PeerJS handlers. */
export const PEERJS_CLIENT_MESSAGE_TYPES: readonly string[] = ["HEARTBEAT", "OFFER", "ANSWER", "CANDIDATE", "LEAVE", "EXPIRE"];

/** `FM-HELLO`: first message after the PeerJS socket opens; the NetConnection's URL path and connect arguments. */
export interface HelloPayload {
  readonly v: number;
  /** The path of the `rtmfp://host/path` URL (Cirrus put the developer key there), without leading slash. */
  readonly app: string;
  /** Extra `NetConnection.connect` arguments (some apps pass the developer key here). JSON values only. */
  readonly args: readonly unknown[];
}

/** `FM-WELCOME`: the connection is accepted. */
export interface WelcomePayload {
  readonly v: number;
  /** The server's own peer ID: `NetConnection.farID`. */
  readonly serverId: string;
  /** 64 hex digits: `NetConnection.nearNonce`. */
  readonly nearNonce: string;
  /** 64 hex digits: `NetConnection.farNonce`. */
  readonly farNonce: string;
  /**
   * 64 hex digits, secret: the PeerJS `token` to reconnect with under the same peer ID (within the server's grace
   * period). Each welcome issues a new one and the previous one stops working, so a token seen in a URL (a proxy's
   * log) is useless once its owner has used it.
   */
  readonly resumeToken: string;
  /** 64 hex digits: the salt of this server's rendezvous keys (`FM-JOIN.group`); the same for every client. */
  readonly groupSalt: string;
  /**
   * STUN/TURN servers the server offers this client (TURN with a credential minted for it). Absent or empty when the
   * server has none; a page's own configured `iceServers` win over these.
   */
  readonly iceServers?: readonly IceServer[];
}

/** One STUN or TURN server, shaped as WebRTC's `RTCIceServer`. */
export interface IceServer {
  readonly urls: string | readonly string[];
  readonly username?: string;
  readonly credential?: string;
}

/** Why a connection was refused: `rejected` (NetConnection.Connect.Rejected) or `invalid-app` (…Connect.InvalidApp). */
export type RejectionCode = "rejected" | "invalid-app";

/** `FM-REJECTED`: the connection is refused (`NetConnection.Connect.Rejected`); the server closes it. */
export interface RejectedPayload {
  readonly reason: string;
  /** Absent means `rejected` (version 2 servers). */
  readonly code?: RejectionCode;
  /** What a server-side application gave `application.rejectConnection(client, info)`: the info's `application`. */
  readonly application?: Amf3Value;
}

/**
 * One application value as it travels in these JSON messages: the AMF3 bytes Flash would have sent, in base64
 * (`{ amf3: "…" }`), so typed objects, Dates, NaN and ByteArrays arrive as they left.
 */
export interface Amf3Value {
  readonly amf3: string;
}

/** `FM-CALL`: `nc.call(name, responder, ...args)` for the server-side application. */
export interface CallPayload {
  readonly req: number;
  /** The method: an identifier, or dotted identifiers (`"chat.send"`), at most {@link MAX_METHOD_NAME_LENGTH} characters. */
  readonly name: string;
  readonly args: readonly Amf3Value[];
}

/**
 * `FM-RESULT`: the call's outcome, exactly one of `result` (the Responder's result function) or `error` (its status
 * function gets NetConnection.Call.Failed with this description).
 */
export interface ResultPayload {
  readonly req: number;
  readonly result?: Amf3Value;
  readonly error?: string;
}

/** `FM-CLIENTCALL`: run `NetConnection.client[name](...args)`; with `req`, answer with `FM-CLIENTRESULT`. */
export interface ClientCallPayload {
  readonly name: string;
  readonly args: readonly Amf3Value[];
  readonly req?: number;
}

/** `FM-CLIENTRESULT`: the client method's return value, or why it failed (exactly one of `result`, `error`). */
export interface ClientResultPayload {
  readonly req: number;
  readonly result?: Amf3Value;
  readonly error?: string;
}

/** Longest method name in `FM-CALL` and `FM-CLIENTCALL`. */
export const MAX_METHOD_NAME_LENGTH = 128;
/** Most arguments in one call. */
export const MAX_CALL_ARGUMENTS = 64;
/** Longest error description carried back. */
export const MAX_CALL_ERROR_LENGTH = 1024;

/**
 * `FM-JOIN`: become a member of a group. Sent only for groups with `serverChannelEnabled` (the Cirrus way to
 * bootstrap). The server never sees the groupspec, only its group ID.
 */
export interface JoinPayload {
  /** Request number echoed in the reply. */
  readonly req: number;
  /**
   * The group's rendezvous key: 64 lowercase hex digits of PBKDF2-HMAC-SHA-256 over `groupIdOf(groupspec)` with
   * the server's `groupSalt` ({@link RENDEZVOUS_KEY_ITERATIONS}). The server never sees the group ID itself.
   */
  readonly group: string;
  /** False for `peerToPeerDisabled` groups: counted as a member, never handed out or handed peers. */
  readonly peerToPeer: boolean;
}

/** `FM-JOINED`: bootstrap members for the joiner, some ring-close to its group address, some random. */
export interface JoinedPayload {
  readonly req: number;
  readonly group: string;
  /** Peer IDs to connect to. */
  readonly members: readonly string[];
  /** Members the server knows in this group, the joiner included. */
  readonly memberCount: number;
}

/** `FM-LEAVE`: stop being a member of a group. No reply. */
export interface LeavePayload {
  readonly group: string;
}

/** `FM-RELAY`: Cirrus' `relay(targetPeerID, ...args)`. */
export interface RelayPayload {
  /** Request number, echoed in an `FM-ERROR` when the relay fails. */
  readonly req: number;
  readonly target: string;
  readonly args: readonly unknown[];
}

/** `FM-ONRELAY`: delivered to the relay's target, which calls `client.onRelay(from, ...args)`. */
export interface OnRelayPayload {
  readonly from: string;
  readonly args: readonly unknown[];
}

/** Error codes of `FM-ERROR`. */
export const RendezvousErrorCode = {
  badJson: "bad-json",
  badMessage: "bad-message",
  unknownType: "unknown-type",
  tooLarge: "too-large",
  rateLimited: "rate-limited",
  helloFirst: "hello-first",
  tooManyGroups: "too-many-groups",
  unknownPeer: "unknown-peer",
  badVersion: "bad-version",
  /** JSON nested deeper than the server's limit (refused before it is parsed). */
  tooDeep: "too-deep",
  /** The relay target is not reading fast enough: its outbound buffer is over the server's watermark. */
  peerBusy: "peer-busy",
  /** More `FM-CALL`s unanswered at once than the server allows per connection. */
  tooManyCalls: "too-many-calls",
} as const;

export type RendezvousErrorCode = (typeof RendezvousErrorCode)[keyof typeof RendezvousErrorCode];

/** `FM-ERROR`: a message was refused. `req` names the request when it had one. */
export interface ErrorPayload {
  readonly code: RendezvousErrorCode;
  readonly message: string;
  readonly req?: number;
}

/** A message as it travels on the socket. */
export interface RendezvousMessage<P = unknown> {
  readonly type: string;
  readonly payload: P;
}
