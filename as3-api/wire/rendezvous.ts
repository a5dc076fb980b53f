/**
 * The rendezvous protocol between flashmesh clients and `flashmesh serve` (version 1, documented in
 * docs/rendezvous-protocol.md). Its messages ride the PeerJS signalling WebSocket, beside PeerJS's own
 * OFFER/ANSWER/CANDIDATE/HEARTBEAT messages, as `{ type, payload }` JSON objects whose type starts with `FM-`.
 * Shared by the server and the client side so both read one definition.
 */

/** Protocol version carried in `FM-HELLO` and `FM-WELCOME`. */
export const RENDEZVOUS_PROTOCOL_VERSION = 1;

/** Message types, client → server. */
export const ClientMessageType = {
  hello: "FM-HELLO",
  join: "FM-JOIN",
  leave: "FM-LEAVE",
  relay: "FM-RELAY",
} as const;

/** Message types, server → client. */
export const ServerMessageType = {
  welcome: "FM-WELCOME",
  rejected: "FM-REJECTED",
  joined: "FM-JOINED",
  onRelay: "FM-ONRELAY",
  error: "FM-ERROR",
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
}

/** `FM-REJECTED`: the connection is refused (`NetConnection.Connect.Rejected`); the server closes it. */
export interface RejectedPayload {
  readonly reason: string;
}

/**
 * `FM-JOIN`: become a member of a group. Sent only for groups with `serverChannelEnabled` (the Cirrus way to
 * bootstrap). The server never sees the groupspec, only its group ID.
 */
export interface JoinPayload {
  /** Request number echoed in the reply. */
  readonly req: number;
  /** `groupIdOf(groupspec)`: 64 lowercase hex digits. */
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
