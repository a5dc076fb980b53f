/**
 * Several `flashmesh serve` nodes behind one address, as one Cirrus (`--redis URL`): they share the peer-ID minting
 * secret, the server ID and the group salt; group membership lives in Redis (server/clusterScripts.ts), so a joiner on
 * one node is handed members on any node; relays and PeerJS signalling for a client on another node go to that node
 * on its Redis channel (server/clusterBus.ts). Each node refreshes an `alive` key; the others sweep the memberships
 * of a node whose key expired. Everything a client sends was admitted by its own node's limits first
 * (server/gate.ts), deliveries go through the receiving node's watermarks (server/outbound.ts), and the commands
 * waiting on Redis are capped ({@link MAX_IN_FLIGHT}). While Redis is away a node serves its own clients alone (joins
 * answered from its own members), logs it, and states its members again when Redis is back.
 */
import { randomBytes } from "node:crypto";
import { convertPeerIDToGroupAddress, ringPositionOf } from "../as3-api/wire/identity.js";
import { RendezvousErrorCode } from "../as3-api/wire/rendezvous.js";
import { encodeBusMessage, parseBusMessage, type BusMessage } from "./clusterBus.js";
import { CLAIM_PEER, CONNECTED_PEER, DEREGISTER, FORGET_NODES, HEARTBEAT, JOIN_GROUP, LEAVE_GROUPS, ROUTE, SHARED_SETTINGS } from "./clusterScripts.js";
import type { HeldMembership } from "./identities.js";
import { CLAIM_WINDOW_MS } from "./identities.js";
import type { Logger } from "./log.js";
import type { ServerMetrics } from "./metrics.js";
import { resolveOptions, type ServerOptions, type ServerOptionsInput } from "./options.js";
import { randomHex32 } from "./peerIds.js";
import { RedisLink } from "./redis.js";

/** Keys and channels of one deployment start with this. */
export const KEY_PREFIX = "flashmesh:";
/**
 * Redis commands a node may have waiting for an answer. Beyond it (Redis slower than the clients), work that needs
 * Redis is refused or answered locally, so a node's memory stays bounded whatever Redis does.
 */
export const MAX_IN_FLIGHT = 4096;
/** States of the node's own members sent to Redis at once after Redis came back. */
const REASSERT_BATCH = 256;

/** What the cluster needs from this node's rendezvous. */
export interface ClusterHost {
  /** Delivers a relay from a client elsewhere to the local client `to`; "absent" when it is not here. */
  relayArrived(from: string, to: string, args: readonly unknown[]): "sent" | "busy" | "closed" | "absent";
  /** A relay the local client `to` sent (request `req`) failed on the target's node. */
  relayFailed(to: string, req: number, code: RendezvousErrorCode, message: string): void;
  /** PeerJS signalling from elsewhere for the local client `to` (held briefly if it is not connected). */
  signalArrived(src: string, to: string, type: string, text: string): void;
  /** Every local client with its memberships (stated again after Redis came back). */
  memberships(): Iterable<{ readonly peerId: string; readonly groups: readonly HeldMembership[] }>;
}

/** A join as the cluster answers it. */
export interface ClusterJoin {
  readonly members: string[];
  readonly memberCount: number;
}

/** One node's membership in a cluster. */
export class Cluster {
  /** This node's ID (16 hex digits), new at each start. */
  readonly nodeId = randomBytes(8).toString("hex");
  #host: ClusterHost | null = null;
  #metrics: ServerMetrics | null = null;
  #heartbeat: ReturnType<typeof setInterval> | null = null;
  #registered = false;
  #reassert = false;
  #beating = false;
  #closed = false;

  private constructor(
    private readonly link: RedisLink,
    private readonly options: ServerOptions,
    private readonly log: Logger,
    /** The shared minting secret. */
    readonly secret: Buffer,
    /** The shared server ID (`NetConnection.farID` on every node). */
    readonly serverId: string,
    /** The shared salt of rendezvous keys. */
    readonly groupSalt: string,
  ) {}

  /**
   * Connects to Redis at `options.redis` and takes the cluster's shared settings (this node's become them when it is
   * the first). Throws an Error with a sentence for the user when Redis cannot be reached or a given `--server-id` or
   * `--group-salt` differs from the cluster's.
   */
  static async start(input: ServerOptionsInput, log: Logger): Promise<Cluster> {
    const options = resolveOptions(input);
    if (options.redis === null) throw new Error("no --redis URL");
    const link = await RedisLink.connect(options.redis);
    try {
      const shared = (await link.script(SHARED_SETTINGS, [KEY_PREFIX, randomHex32(), options.serverId ?? randomHex32(), options.groupSalt ?? randomHex32()])) as string[];
      const [secret, serverId, groupSalt] = shared;
      if (options.serverId !== null && serverId !== options.serverId) throw new Error(`--server-id differs from the one the cluster at ${options.redis} uses (${serverId})`);
      if (options.groupSalt !== null && groupSalt !== options.groupSalt) throw new Error(`--group-salt differs from the one the cluster at ${options.redis} uses`);
      const cluster = new Cluster(link, options, log, Buffer.from(secret!, "hex"), serverId!, groupSalt!);
      await cluster.#beat();
      return cluster;
    } catch (error) {
      link.close();
      throw error;
    }
  }

  /** Settles once {@link attach} has subscribed to this node's channel (rejects if it could not). */
  ready: Promise<void> = Promise.resolve();

  /** Starts serving: `host` receives what other nodes send; the heartbeat and the sweep of dead nodes begin. */
  attach(host: ClusterHost, metrics: ServerMetrics): void {
    this.#host = host;
    this.#metrics = metrics;
    this.ready = this.link.subscribe(`${KEY_PREFIX}to:${this.nodeId}`, (text) => this.#arrived(text));
    this.link.onState((up, detail) => {
      if (up) {
        this.log.info("Redis is back; stating this node's clients again", { node: this.nodeId });
        this.#reassert = true;
        void this.#beat();
      } else if (!this.#closed) this.log.warn("Redis connection lost; serving this node's clients alone until it returns", { node: this.nodeId, detail });
    });
    const every = Math.max(100, Math.floor(this.options.redisNodeTtlMs / 4));
    this.#heartbeat = setInterval(() => void this.#beat(), every);
    this.#heartbeat.unref?.();
  }

  /** Whether commands can be sent now (connected, and not too many waiting). */
  get available(): boolean {
    return this.link.up && this.link.inFlight < MAX_IN_FLIGHT;
  }

  /**
   * A fresh peer ID is being claimed here: refused (with a reason) when a client on another node holds it. Without
   * Redis the claim is this node's alone (logged).
   */
  async claim(peerId: string): Promise<string | null> {
    const holder = await this.#run(CLAIM_PEER, [this.nodeId, peerId, CLAIM_WINDOW_MS]);
    if (typeof holder === "string" && holder !== "") return "peer ID in use on another node";
    return null;
  }

  /** The client `peerId` is connected to this node. */
  connected(peerId: string): void {
    void this.#run(CONNECTED_PEER, [this.nodeId, peerId]);
  }

  /** The client left this node: its memberships go, its ID stays bound here for the grace period. */
  departed(peerId: string, groups: readonly string[]): void {
    void this.#run(LEAVE_GROUPS, [this.nodeId, peerId, this.options.limits.peerIdGraceMs, ...groups]);
  }

  /** The client left one group. */
  leave(group: string, peerId: string): void {
    void this.#run(LEAVE_GROUPS, [this.nodeId, peerId, "", group]);
  }

  /** Joins `group` across the cluster; null when Redis cannot answer now (the caller answers from its own members). */
  async join(group: string, peerId: string, peerToPeer: boolean, count: number): Promise<ClusterJoin | null> {
    const position = ringPositionOf(convertPeerIDToGroupAddress(peerId));
    const random = Array.from({ length: 2 * count }, () => Math.random());
    const result = await this.#run(JOIN_GROUP, [this.nodeId, group, peerId, String(position), peerToPeer ? "1" : "0", count, ...random]);
    if (!Array.isArray(result)) return null;
    const [members, memberCount] = result as [string[], number];
    return { members: members.filter((member) => member !== peerId), memberCount };
  }

  /** Sends a relay to the node of `target`; false when no node holds it (or Redis cannot be asked now). */
  async relay(from: string, req: number, target: string, args: readonly unknown[]): Promise<boolean> {
    const text = encodeBusMessage({ k: "relay", node: this.nodeId, from, req, to: target, args });
    return (await this.#route(target, text)) > 0;
  }

  /** Sends PeerJS signalling `text` to the node of `dst`; false when no node holds it (or Redis cannot be asked now). */
  async signal(dst: string, text: string): Promise<boolean> {
    return (await this.#route(dst, encodeBusMessage({ k: "signal", to: dst, text }))) > 0;
  }

  /** Stops the heartbeat, takes this node's members out of their groups and leaves Redis (a graceful stop). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#heartbeat !== null) clearInterval(this.#heartbeat);
    if (this.link.up) {
      await Promise.race([
        Promise.all([this.#run(FORGET_NODES, [this.options.limits.peerIdGraceMs, this.nodeId, "self"]), this.#run(DEREGISTER, [this.nodeId])]),
        new Promise((resolve) => setTimeout(resolve, 2000).unref()),
      ]);
    }
    this.link.close();
  }

  async #route(peerId: string, text: string): Promise<number> {
    const receivers = await this.#run(ROUTE, [peerId, text]);
    return typeof receivers === "number" ? receivers : -1;
  }

  /** Runs a script; undefined when Redis is away, too busy, or failed (then the node's state is stated again later). */
  async #run(script: string, args: readonly (string | number)[]): Promise<unknown> {
    if (!this.available) {
      this.#reassert = true;
      return undefined;
    }
    try {
      return await this.link.script(script, [KEY_PREFIX, ...args]);
    } catch (error) {
      this.#reassert = true;
      if (!this.#closed) this.log.debug("a Redis command failed", { error: String(error).slice(0, 200) });
      return undefined;
    }
  }

  /** Refreshes this node's `alive` key, states its clients again if needed, and sweeps dead nodes. */
  async #beat(): Promise<void> {
    if (this.#closed || !this.link.up || this.#beating) return; // one at a time: a restatement can outlast a period
    this.#beating = true;
    try {
      await this.#beatOnce();
    } finally {
      this.#beating = false;
    }
  }

  async #beatOnce(): Promise<void> {
    const added = await this.#run(HEARTBEAT, [this.nodeId, this.options.redisNodeTtlMs]);
    if (added === 1 && this.#registered) {
      this.log.warn("this node had been declared dead by the others (Redis unreachable for longer than --redis-node-ttl-ms); stating its clients again", { node: this.nodeId });
      this.#reassert = true;
    }
    if (added !== undefined) this.#registered = true;
    if (this.#reassert && this.#host !== null && this.link.up) await this.#restate();
    const dead = await this.#run(FORGET_NODES, [this.options.limits.peerIdGraceMs, this.nodeId, "sweep"]);
    if (Array.isArray(dead) && dead.length > 0) this.log.warn("nodes stopped answering; their clients left their groups", { nodes: dead });
  }

  /** States every local client and membership again (after Redis was lost, or this node was swept). */
  async #restate(): Promise<void> {
    this.#reassert = false;
    // A Redis that came back empty has lost the shared settings too: this node's are the cluster's.
    const shared = await this.#run(SHARED_SETTINGS, [this.secret.toString("hex"), this.serverId, this.groupSalt]);
    if (Array.isArray(shared) && (shared[0] !== this.secret.toString("hex") || shared[1] !== this.serverId || shared[2] !== this.groupSalt)) {
      this.log.error("Redis holds another cluster's settings (another deployment on the same Redis?); this node's peer IDs may not verify on the others", { node: this.nodeId });
    }
    await this.#run(FORGET_NODES, [this.options.limits.peerIdGraceMs, this.nodeId, "self"]);
    let batch: Promise<unknown>[] = [];
    for (const { peerId, groups } of this.#host!.memberships()) {
      batch.push(this.#run(CONNECTED_PEER, [this.nodeId, peerId]));
      for (const { group, peerToPeer } of groups) batch.push(this.join(group, peerId, peerToPeer, 0));
      if (batch.length >= REASSERT_BATCH) {
        await Promise.all(batch);
        batch = [];
      }
    }
    await Promise.all(batch);
  }

  /** A message on this node's channel. */
  #arrived(text: string): void {
    const parsed = parseBusMessage(text, this.options.limits);
    if (!parsed.ok) {
      this.#metrics?.busRejected.inc();
      this.log.warn("ignoring a malformed message from Redis", { channel: `${KEY_PREFIX}to:${this.nodeId}`, reason: parsed.reason, preview: String(text).slice(0, 80) });
      return;
    }
    this.#metrics?.busMessages.inc({ kind: parsed.message.k });
    try {
      this.#handle(parsed.message);
    } catch (error) {
      this.log.error("a message from Redis could not be handled", { kind: parsed.message.k, error: String(error).slice(0, 200) });
    }
  }

  #handle(message: BusMessage): void {
    const host = this.#host!;
    switch (message.k) {
      case "relay": {
        const delivery = host.relayArrived(message.from, message.to, message.args);
        if (delivery === "sent") return;
        const busy = delivery === "busy";
        const answer = encodeBusMessage({
          k: "relay-error",
          to: message.from,
          req: message.req,
          code: busy ? RendezvousErrorCode.peerBusy : RendezvousErrorCode.unknownPeer,
          message: busy ? `${message.to} is not reading; try again later` : `no client ${message.to} on this server`,
        });
        if (this.available) void this.link.command("PUBLISH", `${KEY_PREFIX}to:${message.node}`, answer).catch(() => undefined);
        return;
      }
      case "relay-error":
        host.relayFailed(message.to, message.req, message.code, message.message);
        return;
      case "signal":
        host.signalArrived(message.src, message.to, message.type, message.text);
        return;
    }
  }
}
