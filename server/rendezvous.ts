/**
 * The `FM-*` half of the protocol: hello (developer keys, farID, nonces), group join/leave with bootstrap members,
 * and Cirrus' `relay`. See docs/rendezvous-protocol.md.
 */
import { isPeerID } from "../as3-api/wire/identity.js";
import {
  ClientMessageType,
  RENDEZVOUS_PROTOCOL_VERSION,
  RendezvousErrorCode,
  ServerMessageType,
  type JoinedPayload,
  type OnRelayPayload,
  type RendezvousMessage,
  type WelcomePayload,
} from "../as3-api/wire/rendezvous.js";
import type { AdmittedMessage, Refusal } from "./gate.js";
import type { GroupRegistry } from "./groups.js";
import type { Logger } from "./log.js";
import type { ServerMetrics } from "./metrics.js";
import type { ServerOptions } from "./options.js";
import { randomHex32 } from "./peerIds.js";

/**
 * A connected client as the rendezvous sees it: its WebSocket (text frames) with the client's state on it. Kept
 * small, since a server holds thousands: a group list, not a Set (most clients join one group).
 */
export interface ClientLink {
  readonly peerId: string;
  welcomed: boolean;
  groups: string[];
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** WebSocket close code for a refused connection (RFC 6455 policy violation). */
const REJECTED = 1008;

const GROUP_ID = /^[0-9a-f]{64}$/;

/** Rendezvous state of one server: welcomed clients, their groups, and the links to reach them. */
export class Rendezvous {
  readonly #clients = new Map<string, ClientLink>();

  constructor(
    private readonly options: ServerOptions,
    private readonly serverId: string,
    private readonly registry: GroupRegistry,
    private readonly metrics: ServerMetrics,
    private readonly log: Logger,
  ) {}

  /** Connected clients. */
  get clientCount(): number {
    return this.#clients.size;
  }

  /** A client's signalling socket was accepted by PeerJS (again, after a reconnect with the same ID and token). */
  connect(link: ClientLink): void {
    const previous = this.#clients.get(link.peerId);
    if (previous !== undefined && previous !== link) {
      link.welcomed = previous.welcomed;
      link.groups = previous.groups;
    }
    this.#clients.set(link.peerId, link);
  }

  /** A client is gone (closed, or silent past the alive timeout): its memberships go with it. */
  disconnect(peerId: string): void {
    const client = this.#clients.get(peerId);
    if (client === undefined) return;
    for (const group of client.groups) this.registry.leave(group, peerId);
    this.#clients.delete(peerId);
  }

  /** Handles one admitted `FM-*` message from `client`; returns a refusal for the caller to report and count. */
  handle(client: ClientLink, message: AdmittedMessage): Refusal | null {
    const peerId = client.peerId;
    if (this.#clients.get(peerId) !== client) return { code: RendezvousErrorCode.helloFirst, message: "the signalling connection is not open yet" };
    const payload = (typeof message.payload === "object" && message.payload !== null ? message.payload : {}) as Record<string, unknown>;
    const req = Number.isSafeInteger(payload["req"]) ? (payload["req"] as number) : undefined;
    const bad = (text: string): Refusal => (req === undefined ? { code: RendezvousErrorCode.badMessage, message: text } : { code: RendezvousErrorCode.badMessage, message: text, req });

    if (message.type === ClientMessageType.hello) {
      if (payload["v"] !== RENDEZVOUS_PROTOCOL_VERSION) {
        this.#reject(client, `unsupported protocol version ${JSON.stringify(payload["v"])}; this server speaks ${RENDEZVOUS_PROTOCOL_VERSION}`);
        return null;
      }
      if (typeof payload["app"] !== "string" || !Array.isArray(payload["args"])) return bad("FM-HELLO needs app (string) and args (array)");
      if (!this.#keyAllowed(payload["app"], payload["args"])) {
        this.#reject(client, "developer key not accepted");
        return null;
      }
      client.welcomed = true;
      const welcome: WelcomePayload = { v: RENDEZVOUS_PROTOCOL_VERSION, serverId: this.serverId, nearNonce: randomHex32(), farNonce: randomHex32() };
      send(client, { type: ServerMessageType.welcome, payload: welcome });
      return null;
    }
    if (!client.welcomed) return { code: RendezvousErrorCode.helloFirst, message: `${message.type} before FM-HELLO`, ...(req === undefined ? {} : { req }) };

    switch (message.type) {
      case ClientMessageType.join: {
        const group = payload["group"];
        if (req === undefined || typeof group !== "string" || !GROUP_ID.test(group) || typeof payload["peerToPeer"] !== "boolean") {
          return bad("FM-JOIN needs req (integer), group (64 lowercase hex digits) and peerToPeer (boolean)");
        }
        const member = client.groups.includes(group);
        if (!member && client.groups.length >= this.options.limits.maxGroupsPerClient) {
          return { code: RendezvousErrorCode.tooManyGroups, message: `at most ${this.options.limits.maxGroupsPerClient} groups per connection`, req };
        }
        const result = this.registry.join(group, peerId, payload["peerToPeer"], this.options.bootstrapCount);
        if (!member) client.groups.push(result.group);
        this.metrics.joins.inc();
        const joined: JoinedPayload = { req, group, members: result.members, memberCount: result.memberCount };
        send(client, { type: ServerMessageType.joined, payload: joined });
        return null;
      }
      case ClientMessageType.leave: {
        const group = payload["group"];
        if (typeof group !== "string") return bad("FM-LEAVE needs group");
        const at = client.groups.indexOf(group);
        if (at >= 0) {
          client.groups.splice(at, 1);
          this.registry.leave(group, peerId);
        }
        return null;
      }
      case ClientMessageType.relay: {
        const target = payload["target"];
        if (req === undefined || typeof target !== "string" || !isPeerID(target) || !Array.isArray(payload["args"])) {
          return bad("FM-RELAY needs req (integer), target (peer ID) and args (array)");
        }
        const recipient = this.#clients.get(target.toLowerCase());
        if (recipient === undefined || !recipient.welcomed) return { code: RendezvousErrorCode.unknownPeer, message: `no client ${target} on this server`, req };
        const delivery: OnRelayPayload = { from: peerId, args: payload["args"] };
        send(recipient, { type: ServerMessageType.onRelay, payload: delivery });
        this.metrics.relays.inc();
        return null;
      }
      default:
        return { code: RendezvousErrorCode.unknownType, message: `unknown message type ${message.type}` };
    }
  }

  /** Keys from the URL path's first segment and any string connect argument; any key passes without an allowlist. */
  #keyAllowed(app: string, args: readonly unknown[]): boolean {
    const allowed = this.options.allowedKeys;
    if (allowed === null) return true;
    const candidates = [app.split("/").find((segment) => segment !== "") ?? "", ...args.filter((arg): arg is string => typeof arg === "string")];
    return candidates.some((key) => allowed.includes(key));
  }

  #reject(link: ClientLink, reason: string): void {
    this.log.info("connection rejected", { reason });
    send(link, { type: ServerMessageType.rejected, payload: { reason } });
    link.close(REJECTED, "rejected");
  }
}

function send(link: ClientLink, message: RendezvousMessage): void {
  link.send(JSON.stringify(message));
}
