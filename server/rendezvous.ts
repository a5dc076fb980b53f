/**
 * The `FM-*` half of the protocol: hello (developer keys, farID, nonces), group join/leave with bootstrap members,
 * and Cirrus' `relay`; server-side applications' admissions and calls are handed to appClients.ts. See
 * docs/rendezvous-protocol.md.
 */
import { isPeerID } from "../as3-api/wire/identity.js";
import {
  ClientMessageType,
  RENDEZVOUS_PROTOCOL_VERSION,
  RendezvousErrorCode,
  ServerMessageType,
  type ErrorPayload,
  type JoinedPayload,
  type OnRelayPayload,
  type RendezvousMessage,
  type WelcomePayload,
} from "../as3-api/wire/rendezvous.js";
import { AppClients, REJECTED } from "./appClients.js";
import type { ApplicationHost, ClientReach } from "./apps/applications.js";
import type { Cluster, ClusterHost } from "./cluster.js";
import type { AdmittedMessage, Refusal } from "./gate.js";
import type { GroupRegistry } from "./groups.js";
import { iceServersFor } from "./ice.js";
import { PeerIdentities, type HeldMembership, type IdentityVerdict } from "./identities.js";
import type { ClientLink } from "./clientLink.js";
import type { Logger } from "./log.js";
import type { ServerMetrics } from "./metrics.js";
import type { ServerOptions } from "./options.js";
import { deliver } from "./outbound.js";
import { randomHex32, tokenDigest, type PeerIdMint } from "./peerIds.js";
import { SignallingExchange } from "./signalling.js";

const GROUP_ID = /^[0-9a-f]{64}$/;

/** Rendezvous state of one server: welcomed clients, their groups, and the links to reach them. */
export class Rendezvous implements ClusterHost {
  readonly #clients = new Map<string, ClientLink>();
  readonly #identities: PeerIdentities<ClientLink>;
  readonly #signalling: SignallingExchange<ClientLink>;
  /** The server-side applications' clients (`--apps`, docs/server-apps.md; none without the flag). */
  readonly #apps: AppClients;
  /** `WelcomePayload.groupSalt`: the same for every client of this server. */
  readonly groupSalt: string;

  constructor(
    private readonly options: ServerOptions,
    private readonly serverId: string,
    private readonly registry: GroupRegistry,
    private readonly metrics: ServerMetrics,
    private readonly log: Logger,
    private readonly mint: PeerIdMint,
    /** The other nodes of this deployment (`--redis`), or null for a server alone. */
    private readonly cluster: Cluster | null = null,
    /** Makes the server-side applications, given how they reach clients (null: none). */
    applications: ((reach: ClientReach) => ApplicationHost) | null = null,
  ) {
    this.groupSalt = options.groupSalt ?? randomHex32();
    this.#identities = new PeerIdentities(mint, options.limits.peerIdGraceMs);
    this.#signalling = new SignallingExchange<ClientLink>({
      limits: options.limits,
      client: (peerId) => this.#clients.get(peerId),
      minted: (peerId) => mint.verify(peerId),
      send: (client, text) => void this.#deliver(client, text, false),
      ...(cluster === null ? {} : { elsewhere: (peerId: string, text: string) => cluster.signal(peerId, text) }),
    });
    this.#apps = new AppClients(
      {
        client: (peerId) => this.#clients.get(peerId),
        send: (link, message) => this.#send(link, message),
        welcome: (link, nearNonce, farNonce) => this.#welcome(link, nearNonce, farNonce),
        log,
        serverId,
        maxCallsPerClient: options.limits.maxCallsPerClient,
      },
      applications,
    );
  }

  /** Stops the server-side applications (their onAppStop runs, bounded by the application timeout). */
  stopApplications(): Promise<void> {
    return this.#apps.close();
  }

  /** Connected clients. */
  get clientCount(): number {
    return this.#clients.size;
  }

  /** Bytes of PeerJS signalling held for peers that are not connected. */
  get queuedSignalBytes(): number {
    return this.#signalling.queuedBytes;
  }

  /** The client connected under `peerId`. */
  client(peerId: string): ClientLink | undefined {
    return this.#clients.get(peerId);
  }

  /** May a WebSocket with `token` connect under `peerId`? (server/identities.ts) */
  admitIdentity(peerId: string, token: string): IdentityVerdict<ClientLink> {
    return this.#identities.check(peerId, tokenDigest(token), this.#clients.get(peerId));
  }

  /**
   * A client's signalling socket was accepted by PeerJS. A client resuming its ID within the grace period is welcomed
   * again at once and gets its group memberships back (the server admitted it by its resume token).
   */
  connect(link: ClientLink): void {
    this.#clients.set(link.peerId, link);
    this.cluster?.connected(link.peerId);
    if (this.#identities.recentlyDeparted(link.peerId)) {
      const held = this.#identities.resumed(link.peerId);
      link.welcomed = held.welcomed;
      for (const { group, peerToPeer } of held.memberships) {
        link.groups.push(this.registry.join(group, link.peerId, peerToPeer, 0).group);
        void this.cluster?.join(group, link.peerId, peerToPeer, 0);
      }
      this.log.debug("client resumed", { peerId: link.peerId, groups: link.groups.length });
    }
    this.#signalling.connected(link);
  }

  /**
   * A client is gone (closed, or silent past the alive timeout): its memberships go with it, and its ID stays bound
   * to its token for the grace period.
   */
  disconnect(peerId: string): void {
    const client = this.#clients.get(peerId);
    if (client === undefined) return;
    const memberships: HeldMembership[] = client.groups.map((group) => ({ group, peerToPeer: !this.registry.isServerOnly(group, peerId) }));
    for (const group of client.groups) this.registry.leave(group, peerId);
    this.cluster?.departed(peerId, client.groups);
    this.#clients.delete(peerId);
    this.#apps.disconnect(client);
    this.#identities.departed(peerId, client.tokenDigest, client.welcomed, memberships);
  }

  /** Forwards a PeerJS signalling message from `client`. */
  signal(client: ClientLink, message: AdmittedMessage): Refusal | null {
    if (this.#clients.get(client.peerId) !== client) return { code: RendezvousErrorCode.helloFirst, message: "the signalling connection is not open yet" };
    return this.#signalling.forward(client, message);
  }

  /** Stops timers (server shutdown). */
  close(): void {
    this.#signalling.close();
    this.#identities.close();
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
        this.#reject(client, `unsupported protocol version ${preview(payload["v"])}; this server speaks ${RENDEZVOUS_PROTOCOL_VERSION}`);
        return null;
      }
      if (typeof payload["app"] !== "string" || !Array.isArray(payload["args"])) return bad("FM-HELLO needs app (string) and args (array)");
      if (!this.#keyAllowed(payload["app"], payload["args"])) {
        this.#reject(client, "developer key not accepted");
        return null;
      }
      return this.#apps.hello(client, payload["app"], payload["args"], randomHex32(), randomHex32(), bad);
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
        const result = this.registry.join(group, peerId, payload["peerToPeer"], this.cluster === null ? this.options.bootstrapCount : 0);
        if (!member) client.groups.push(result.group);
        this.metrics.joins.inc();
        if (this.cluster !== null) {
          this.#joinAcrossNodes(client, req, result.group, payload["peerToPeer"]);
          return null;
        }
        const joined: JoinedPayload = { req, group, members: result.members, memberCount: result.memberCount };
        this.#send(client, { type: ServerMessageType.joined, payload: joined });
        return null;
      }
      case ClientMessageType.leave: {
        const group = payload["group"];
        if (typeof group !== "string") return bad("FM-LEAVE needs group");
        const at = client.groups.indexOf(group);
        if (at >= 0) {
          client.groups.splice(at, 1);
          this.registry.leave(group, peerId);
          this.cluster?.leave(group, peerId);
        }
        return null;
      }
      case ClientMessageType.relay: {
        const target = payload["target"];
        if (req === undefined || typeof target !== "string" || !isPeerID(target) || !Array.isArray(payload["args"])) {
          return bad("FM-RELAY needs req (integer), target (peer ID) and args (array)");
        }
        const recipient = this.#clients.get(target.toLowerCase());
        if (recipient === undefined && this.cluster !== null && this.mint.verify(target.toLowerCase())) {
          this.#relayAcrossNodes(client, req, target.toLowerCase(), payload["args"]);
          return null;
        }
        if (recipient === undefined || !recipient.welcomed) {
          // An ID this server minted was a real peer: it just left, or is about to connect. Not the sender's fault.
          return { code: RendezvousErrorCode.unknownPeer, message: `no client ${target} on this server`, req, strike: !this.mint.verify(target.toLowerCase()) };
        }
        const delivery: OnRelayPayload = { from: peerId, args: payload["args"] };
        if (this.#deliver(recipient, JSON.stringify({ type: ServerMessageType.onRelay, payload: delivery }), true) === "busy") {
          return { code: RendezvousErrorCode.peerBusy, message: `${target} is not reading; try again later`, req, strike: false };
        }
        this.metrics.relays.inc();
        return null;
      }
      case ClientMessageType.call:
        return this.#apps.call(client, message.payload, bad);
      case ClientMessageType.clientResult:
        return this.#apps.clientResult(client, message.payload, bad);
      default:
        return { code: RendezvousErrorCode.unknownType, message: `unknown message type ${message.type}` };
    }
  }

  /** Answers FM-JOIN from the cluster's members, or from this node's alone while Redis cannot answer. */
  #joinAcrossNodes(client: ClientLink, req: number, group: string, peerToPeer: boolean): void {
    void this.cluster!.join(group, client.peerId, peerToPeer, this.options.bootstrapCount).then((across) => {
      const still = client.groups.includes(group);
      const result = across ?? (still ? this.registry.join(group, client.peerId, peerToPeer, this.options.bootstrapCount) : { members: [], memberCount: 0 });
      const joined: JoinedPayload = { req, group, members: result.members, memberCount: result.memberCount };
      this.#send(client, { type: ServerMessageType.joined, payload: joined });
    });
  }

  /** A relay for a client that is not here: to its node, or `unknown-peer` when no node holds it. */
  #relayAcrossNodes(client: ClientLink, req: number, target: string, args: unknown[]): void {
    void this.cluster!.relay(client.peerId, req, target, args).then((sent) => {
      if (!sent) this.refuse(client, { code: RendezvousErrorCode.unknownPeer, message: `no client ${target} on this server`, req });
    });
  }

  /** A relay from a client on another node (server/cluster.ts). */
  relayArrived(from: string, to: string, args: readonly unknown[]): "sent" | "busy" | "closed" | "absent" {
    const recipient = this.#clients.get(to);
    if (recipient === undefined || !recipient.welcomed) return "absent";
    const delivery: OnRelayPayload = { from, args: args as unknown[] };
    const outcome = this.#deliver(recipient, JSON.stringify({ type: ServerMessageType.onRelay, payload: delivery }), true);
    if (outcome === "sent") this.metrics.relays.inc();
    return outcome;
  }

  /** A relay this node's client `to` sent failed on its target's node. */
  relayFailed(to: string, req: number, code: RendezvousErrorCode, message: string): void {
    const client = this.#clients.get(to);
    if (client !== undefined) this.refuse(client, { code, message, req });
  }

  /** PeerJS signalling from a client on another node. */
  signalArrived(src: string, to: string, type: string, text: string): void {
    this.#signalling.arrived(src, to, type, text);
  }

  /** Every client of this node with its memberships. */
  *memberships(): Iterable<{ readonly peerId: string; readonly groups: readonly HeldMembership[] }> {
    for (const [peerId, client] of this.#clients) {
      yield { peerId, groups: client.groups.map((group) => ({ group, peerToPeer: !this.registry.isServerOnly(group, peerId) })) };
    }
  }

  #welcome(client: ClientLink, nearNonce: string, farNonce: string): void {
    client.welcomed = true;
    const resumeToken = randomHex32();
    const iceServers = iceServersFor(this.options, client.peerId);
    client.tokenDigest = tokenDigest(resumeToken); // from now on only this token reconnects under the ID
    const welcome: WelcomePayload = { v: RENDEZVOUS_PROTOCOL_VERSION, serverId: this.serverId, nearNonce, farNonce, resumeToken, groupSalt: this.groupSalt, ...(iceServers.length > 0 ? { iceServers } : {}) };
    this.#send(client, { type: ServerMessageType.welcome, payload: welcome });
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
    this.#send(link, { type: ServerMessageType.rejected, payload: { reason } });
    link.close(REJECTED, "rejected");
  }

  /** Sends a reply (never refused; a client that stops reading its replies is closed at the hard watermark). */
  #send(link: ClientLink, message: RendezvousMessage): void {
    this.#deliver(link, JSON.stringify(message), false);
  }

  #deliver(link: ClientLink, text: string, refusable: boolean): "sent" | "busy" | "closed" {
    return deliver(link, text, this.options.limits, refusable, (slow, unsent) => {
      this.metrics.slowReaders.inc();
      this.log.warn("closing a slow reader", { peerId: slow.peerId, unsentBytes: unsent });
    });
  }

  /** Sends an error reply for `refusal` to `link`. */
  refuse(link: ClientLink, refusal: Refusal): void {
    const payload: ErrorPayload = refusal.req === undefined ? { code: refusal.code, message: refusal.message } : { code: refusal.code, message: refusal.message, req: refusal.req };
    this.#send(link, { type: ServerMessageType.error, payload });
  }
}

/** A short, safe description of a client-supplied value for a message (never serialises it whole). */
function preview(value: unknown): string {
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) return String(value);
  if (typeof value === "string") return JSON.stringify(value.slice(0, 20));
  return Array.isArray(value) ? "an array" : typeof value;
}
