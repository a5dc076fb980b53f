/**
 * An in-memory network for tests and simulations: every peer is a {@link MemoryTransport}, frames arrive after a
 * per-link latency (with jitter, in order), and knobs drop frames, partition peers and crash them. Time comes from a
 * {@link Scheduler}, normally a SimulatedScheduler, so thousands of peers run in virtual time. Never the only proof
 * of a feature: the same specs run over real WebRTC (peerjs.ts).
 */
import { bytesToHex } from "../wire/bytes.js";
import { realScheduler, type Scheduler } from "./scheduler.js";
import { TransportError } from "./errors.js";
import type { Rendezvous } from "./groupRendezvous.js";
import type { Link, LinkConditions, LinkHandler, Links } from "./links.js";
import type { ServerChannel } from "./serverChannel.js";
import type { Session, SessionHandler, SessionRequest } from "./session.js";

/** Conditions of the path between two peers (loss drops frames here). */
export type PathConditions = LinkConditions;

/** Options of a {@link MemoryNetwork}. */
export interface MemoryNetworkOptions {
  readonly scheduler?: Scheduler;
  /** Default path conditions. Default 20 ms latency, 5 ms jitter, no loss. */
  readonly conditions?: Partial<PathConditions>;
  /** Time to open a link (ICE and DTLS in real life), ms. Default 60. */
  readonly connectDelayMs?: number;
  /** How long a peer takes to notice that a link died silently (crash, partition), ms. Default 5,000. */
  readonly failureDetectionMs?: number;
  /** Bootstrap members the rendezvous hands a joiner (chosen at random). Default 8. */
  readonly bootstrapCount?: number;
  /** Random source (seed it for repeatable runs). Default Math.random. */
  readonly random?: () => number;
  /**
   * The rendezvous' admission check for {@link MemoryNetwork.openSession}: a reason to refuse the client
   * (`NetConnection.Connect.Rejected`), or null to admit it. Default: admit everyone.
   */
  readonly admit?: (app: string, args: readonly unknown[]) => string | null;
}

/** Counters of what crossed the network. */
export interface NetworkStats {
  frames: number;
  bytes: number;
  lost: number;
}

class MemoryLink implements Link {
  peer: MemoryLink | null = null;
  /** False once closing: no new frames. Frames already sent still arrive, as on a data channel closing cleanly. */
  open = true;
  /** True once the owner heard the link closed: nothing more is delivered to it. */
  ended = false;
  /** Time the last frame sent on this link arrives: later frames never overtake it. */
  lastArrival = 0;

  constructor(
    readonly owner: MemoryTransport,
    readonly remotePeerId: string,
  ) {}

  send(frame: Uint8Array): boolean {
    if (!this.open || this.peer === null) return false;
    this.owner.network.carry(this, frame);
    return true;
  }

  readonly unreliableReady = true;

  /** Unordered: each frame gets its own latency and jitter, so it may overtake earlier ones. */
  sendUnreliable(frame: Uint8Array): boolean {
    if (!this.open || this.peer === null) return false;
    this.owner.network.carry(this, frame, false);
    return true;
  }

  close(): void {
    this.owner.network.closeLink(this, 0);
  }
}

/** The network all memory transports of a test or simulation share. */
export class MemoryNetwork {
  readonly scheduler: Scheduler;
  readonly stats: NetworkStats = { frames: 0, bytes: 0, lost: 0 };
  readonly #peers = new Map<string, MemoryTransport>();
  readonly #groups = new Map<string, string[]>();
  readonly #conditions: PathConditions;
  readonly #pathConditions = new Map<string, PathConditions>();
  readonly #partitionOf = new Map<string, number>();
  readonly #connectDelayMs: number;
  readonly #failureDetectionMs: number;
  readonly #bootstrapCount: number;
  readonly random: () => number;
  /** Round trip to the rendezvous, ms. */
  readonly rendezvousDelayMs: number;
  /** The rendezvous' own peer ID (`NetConnection.farID`). */
  readonly serverId: string;
  /** When false, {@link openSession} fails as an unreachable server would. */
  serverReachable = true;
  readonly #admit: (app: string, args: readonly unknown[]) => string | null;

  constructor(options: MemoryNetworkOptions = {}) {
    this.scheduler = options.scheduler ?? realScheduler;
    this.#conditions = { latencyMs: 20, jitterMs: 5, loss: 0, ...options.conditions };
    this.#connectDelayMs = options.connectDelayMs ?? 60;
    this.#failureDetectionMs = options.failureDetectionMs ?? 5000;
    this.#bootstrapCount = options.bootstrapCount ?? 8;
    this.random = options.random ?? Math.random;
    this.rendezvousDelayMs = 2 * this.#conditions.latencyMs;
    this.serverId = this.#randomHex();
    this.#admit = options.admit ?? (() => null);
  }

  #randomHex(): string {
    return bytesToHex(Uint8Array.from({ length: 32 }, () => Math.floor(this.random() * 256)));
  }

  /**
   * Connects a new peer to this network's rendezvous, as `NetConnection.connect("rtmfp://…")` does: one round trip,
   * then a session, or a {@link TransportError} ("unreachable" when {@link serverReachable} is false, "rejected" when
   * the admission check refuses).
   */
  openSession(request: Pick<SessionRequest, "app" | "args">): Promise<MemoryTransport> {
    return new Promise((resolve, reject) => {
      this.scheduler.setTimer(this.rendezvousDelayMs, () => {
        if (!this.serverReachable) return reject(new TransportError("unreachable", "the rendezvous server is unreachable"));
        const refusal = this.#admit(request.app, request.args);
        if (refusal !== null) return reject(new TransportError("rejected", refusal));
        resolve(this.createTransport());
      });
    });
  }

  /** The rendezvous drops `peerId`'s server connection (its links stay): the session hears `lost`. */
  dropServer(peerId: string): void {
    const transport = this.#peers.get(peerId);
    if (transport === undefined) return;
    this.#leaveAllGroups(peerId);
    this.scheduler.setTimer(0, () => transport.sessionHandler?.lost(new TransportError("lost", "the rendezvous server closed the connection")));
  }

  /** Cirrus' relay between two peers of this network. */
  relay(from: string, target: string, args: readonly unknown[], failed: (error: TransportError) => void): void {
    this.scheduler.setTimer(this.rendezvousDelayMs, () => {
      const to = this.#peers.get(target);
      if (to === undefined) return failed(new TransportError("relay-failed", `unknown-peer: no peer ${target} on this server`, "unknown-peer"));
      to.sessionHandler?.relayed(from, structuredClone([...args]));
    });
  }

  /** A new peer on this network, with a random peer ID unless one is given. */
  createTransport(peerId?: string): MemoryTransport {
    const id = peerId ?? this.#randomHex();
    if (this.#peers.has(id)) throw new Error(`peer ${id} already exists`);
    const transport = new MemoryTransport(this, id, this.#randomHex(), this.#randomHex());
    this.#peers.set(id, transport);
    return transport;
  }

  /** Peers currently on the network. */
  get peerIds(): string[] {
    return [...this.#peers.keys()];
  }

  /** Sets the conditions of the path between `a` and `b` (both directions). */
  setConditions(a: string, b: string, conditions: Partial<PathConditions>): void {
    this.#pathConditions.set(pathKey(a, b), { ...this.#conditions, ...conditions });
  }

  /**
   * Splits the network: peers in different parts can no longer reach each other; links across the cut die after
   * the failure-detection delay, as ICE would notice.
   */
  partition(...parts: string[][]): void {
    this.#partitionOf.clear();
    parts.forEach((part, index) => part.forEach((peerId) => this.#partitionOf.set(peerId, index + 1)));
    for (const transport of this.#peers.values()) {
      for (const link of transport.openLinks.values()) {
        if (!this.reachable(transport.peerId, link.remotePeerId)) this.closeLink(link, this.#failureDetectionMs);
      }
    }
  }

  /** Ends every partition. */
  heal(): void {
    this.#partitionOf.clear();
  }

  /** Removes a peer without a goodbye: the others notice after the failure-detection delay. */
  crash(peerId: string): void {
    const transport = this.#peers.get(peerId);
    if (transport === undefined) return;
    transport.crashed = true;
    this.#peers.delete(peerId);
    this.#leaveAllGroups(peerId);
    for (const link of transport.openLinks.values()) this.closeLink(link, this.#failureDetectionMs);
  }

  reachable(a: string, b: string): boolean {
    return (this.#partitionOf.get(a) ?? 0) === (this.#partitionOf.get(b) ?? 0) && this.#peers.has(a) && this.#peers.has(b);
  }

  connect(from: MemoryTransport, to: string): void {
    this.scheduler.setTimer(this.#connectDelayMs, () => {
      const target = this.#peers.get(to);
      if (from.crashed || target === undefined || !this.reachable(from.peerId, to)) {
        from.connectFailed(to, target === undefined ? "no such peer" : "unreachable");
        return;
      }
      if (from.openLinks.has(to)) return; // the other side connected first
      const near = new MemoryLink(from, to);
      const far = new MemoryLink(target, from.peerId);
      near.peer = far;
      far.peer = near;
      from.openLinks.set(to, near);
      target.openLinks.set(from.peerId, far);
      from.linkReady(to);
      target.linkReady(from.peerId);
      target.handler?.linkOpened(far);
      from.handler?.linkOpened(near);
    });
  }

  /** Carries one frame; `ordered` frames never overtake earlier ordered frames of the link. */
  carry(link: MemoryLink, frame: Uint8Array, ordered = true): void {
    const conditions = (this.#pathConditions.size > 0 ? this.#pathConditions.get(pathKey(link.owner.peerId, link.remotePeerId)) : undefined) ?? this.#conditions;
    this.stats.frames++;
    this.stats.bytes += frame.length;
    if (conditions.loss > 0 && this.random() < conditions.loss) {
      this.stats.lost++;
      return;
    }
    if (!this.reachable(link.owner.peerId, link.remotePeerId)) {
      this.stats.lost++;
      return;
    }
    const now = this.scheduler.now();
    const own = now + conditions.latencyMs + this.random() * conditions.jitterMs;
    const arrival = ordered ? Math.max(link.lastArrival, own) : own;
    if (ordered) link.lastArrival = arrival;
    this.scheduler.setTimer(arrival - now, () => {
      const far = link.peer;
      if (far !== null && !far.ended && this.reachable(link.owner.peerId, link.remotePeerId)) far.owner.handler?.frame(far, frame);
    });
  }

  /**
   * Closes both ends of a link. With `delayMs` 0 (a clean close) the closing side hears at once and the far side
   * once the frames in flight have arrived; otherwise (a silent failure) each side hears after `delayMs`.
   */
  closeLink(link: MemoryLink, delayMs: number): void {
    for (const end of [link, link.peer]) {
      if (end === null || !end.open) continue;
      end.open = false;
      const notify = (): void => {
        end.ended = true;
        if (end.owner.openLinks.get(end.remotePeerId) === end) end.owner.openLinks.delete(end.remotePeerId);
        if (!end.owner.crashed) end.owner.handler?.linkClosed(end);
      };
      if (delayMs === 0 && end === link) notify();
      else {
        const drained = delayMs === 0 ? Math.max(1, (end.peer?.lastArrival ?? 0) - this.scheduler.now() + 1) : delayMs;
        this.scheduler.setTimer(drained, notify);
      }
    }
  }

  rendezvousJoin(peerId: string, groupId: string, peerToPeer: boolean): string[] {
    const members = this.#groups.get(groupId) ?? [];
    this.#groups.set(groupId, members);
    const candidates = members.filter((member) => member !== peerId && this.#peers.has(member));
    const chosen: string[] = [];
    while (chosen.length < this.#bootstrapCount && candidates.length > 0) {
      chosen.push(candidates.splice(Math.floor(this.random() * candidates.length), 1)[0]!);
    }
    if (peerToPeer && !members.includes(peerId)) members.push(peerId);
    return peerToPeer ? chosen : [];
  }

  /** Members the rendezvous lists in `groupId`. */
  rendezvousCount(groupId: string): number {
    return this.#groups.get(groupId)?.length ?? 0;
  }

  rendezvousLeave(peerId: string, groupId: string): void {
    const members = this.#groups.get(groupId);
    if (members === undefined) return;
    const at = members.indexOf(peerId);
    if (at >= 0) members.splice(at, 1);
  }

  remove(peerId: string): void {
    this.#peers.delete(peerId);
    this.#leaveAllGroups(peerId);
  }

  #leaveAllGroups(peerId: string): void {
    for (const groupId of this.#groups.keys()) this.rendezvousLeave(peerId, groupId);
  }
}

/** One peer on a {@link MemoryNetwork}: a session whose three parts the network provides. */
export class MemoryTransport implements Session {
  handler: LinkHandler | null = null;
  sessionHandler: SessionHandler | null = null;
  /** Open links by remote peer ID. */
  readonly openLinks = new Map<string, MemoryLink>();
  crashed = false;
  readonly #connecting = new Set<string>();
  readonly links: Links;
  readonly rendezvous: Rendezvous;
  readonly server: ServerChannel;

  constructor(
    readonly network: MemoryNetwork,
    readonly peerId: string,
    nearNonce: string,
    farNonce: string,
  ) {
    const transport = this;
    this.links = {
      peerId,
      get scheduler() {
        return network.scheduler;
      },
      setHandler: (handler) => void (this.handler = handler),
      connect: (remote) => {
        if (transport.openLinks.has(remote) || transport.#connecting.has(remote) || remote === peerId) return;
        transport.#connecting.add(remote);
        network.connect(transport, remote);
      },
    };
    this.rendezvous = {
      join: (groupId, peerToPeer, done) => {
        // One round trip to the rendezvous, like a real server.
        network.scheduler.setTimer(network.rendezvousDelayMs, () => {
          const members = network.rendezvousJoin(peerId, groupId, peerToPeer);
          done({ ok: true, members, memberCount: network.rendezvousCount(groupId) });
        });
      },
      leave: (groupId) => network.rendezvousLeave(peerId, groupId),
    };
    this.server = { farId: network.serverId, nearNonce, farNonce, relay: (target, args, failed) => network.relay(peerId, target, args, failed) };
  }

  get scheduler(): Scheduler {
    return this.network.scheduler;
  }

  setHandler(handler: SessionHandler): void {
    this.sessionHandler = handler;
  }

  connectFailed(peerId: string, reason: string): void {
    this.#connecting.delete(peerId);
    this.handler?.connectFailed(peerId, new TransportError("link-failed", reason));
  }

  close(): void {
    for (const link of [...this.openLinks.values()]) link.close();
    this.network.remove(this.peerId);
  }

  /** Called by the network when a link opens (either side asked). */
  linkReady(peerId: string): void {
    this.#connecting.delete(peerId);
  }
}

function pathKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
