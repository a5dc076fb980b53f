/**
 * The group engine's behaviour as one spec suite, run over every transport (the Trystero habit): the in-memory
 * network in Node and in Chromium, and real WebRTC through `flashmesh serve` in Chromium. A harness supplies peers
 * and time; the specs only use the engine's public surface.
 */
import { amf3PayloadOf, type GroupOverlay, type MeshNode } from "../../as3-api/engine/index.js";
import { convertPeerIDToGroupAddress, GroupSpecifier, groupIdOf } from "../../as3-api/index.js";
import { bytesToHex } from "../../as3-api/wire/bytes.js";
import { sha256 } from "../../as3-api/wire/sha256.js";
import { ringClosed, ringOrder } from "../support/ring.js";

/** What a transport's test set-up provides. */
export interface GroupHarness {
  /** Peers ready to join groups. */
  createPeers(count: number): Promise<MeshNode[]>;
  /** Lets time pass until `condition` holds (simulated or real time); fails after `timeoutMs` of that time. */
  waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void>;
  /** Lets `ms` of time pass. */
  settle(ms: number): Promise<void>;
  /** Makes a peer vanish without a goodbye. */
  crash(node: { readonly peerId: string }): void;
  /** Time scale for timeouts: 1 for simulated time; real networks may need more. */
  readonly patienceMs: number;
  dispose(): Promise<void>;
}

let groupCounter = 0;
function freshGroupId(): string {
  const spec = new GroupSpecifier(`suite-${Date.now()}-${groupCounter++}`);
  spec.postingEnabled = true;
  spec.routingEnabled = true;
  spec.serverChannelEnabled = true;
  return groupIdOf(spec.toString());
}


/** Runs the suite with `makeHarness` (a fresh harness per spec). */
export function runGroupSuite(transportName: string, makeHarness: () => GroupHarness, memberCount: number): void {
  describe(`group engine over ${transportName}`, () => {
    let harness: GroupHarness;
    let nodes: MeshNode[];
    let groups: GroupOverlay[];

    async function formGroup(count = memberCount): Promise<void> {
      nodes = await harness.createPeers(count);
      const groupId = freshGroupId();
      groups = nodes.map((node) => node.joinGroup(groupId));
      await harness.waitFor(() => ringClosed(groups), 30_000 * harness.patienceMs, "the ring to close");
    }

    beforeEach(() => {
      harness = makeHarness();
    });
    afterEach(async () => {
      await harness.dispose();
    });

    it(`forms a ring: all ${memberCount} members find their ring neighbours`, async () => {
      const connects: { peerId: string; address: string }[] = [];
      nodes = await harness.createPeers(memberCount);
      const groupId = freshGroupId();
      groups = nodes.map((node) => node.joinGroup(groupId));
      groups[0]!.addEventListener("neighborconnect", (event) => void connects.push(event.detail));
      await harness.waitFor(() => ringClosed(groups), 30_000 * harness.patienceMs, "the ring to close");
      expect(connects.length).toBeGreaterThan(0);
      for (const connect of connects) expect(connect.address).toBe(convertPeerIDToGroupAddress(connect.peerId));
      for (const group of groups) expect(group.neighbours.size).toBeGreaterThan(0);
      // Neighbourhood is mutual once joins and trims in flight have landed.
      const mutual = (): boolean => groups.every((group) => [...group.neighbours.keys()].every((peerId) => groups.find((g) => g.self.peerId === peerId)?.neighbours.has(group.self.peerId)));
      await harness.waitFor(mutual, 10_000 * harness.patienceMs, "neighbourhood to be mutual");
      expect(groups[0]!.estimatedMemberCount).toBeGreaterThanOrEqual(Math.min(memberCount, 4));
    });

    it("delivers a post to every other member exactly once, with Flash's messageID", async () => {
      await formGroup();
      const received = groups.map(() => [] as { message: unknown; messageId: string }[]);
      groups.forEach((group, i) => group.addEventListener("post", (event) => void received[i]!.push(event.detail)));
      const message = { sequence: 1, user: "alice", text: "hello mesh" };
      const messageId = groups[0]!.post(amf3PayloadOf(message));
      expect(messageId).toBe(bytesToHex(sha256(amf3PayloadOf(message).bytes)));
      await harness.waitFor(() => received.slice(1).every((list) => list.length === 1), 10_000 * harness.patienceMs, "the post to reach everyone");
      await harness.settle(1000);
      expect(received[0]).toEqual([]);
      for (const list of received.slice(1)) expect(list).toEqual([{ message, payload: amf3PayloadOf(message).bytes, messageId, hops: jasmine.any(Number) as unknown as number } as never]);
    });

    it("treats identical messages as one post, as Flash does", async () => {
      await formGroup();
      let deliveries = 0;
      for (const group of groups.slice(1)) group.addEventListener("post", () => void deliveries++);
      const first = groups[0]!.post(amf3PayloadOf({ text: "same" }));
      await harness.waitFor(() => deliveries === groups.length - 1, 10_000 * harness.patienceMs, "the first post");
      expect(groups[0]!.post(amf3PayloadOf({ text: "same" }))).toBe(first);
      expect(groups[1]!.post(amf3PayloadOf({ text: "same" }))).toBe(first);
      await harness.settle(2000);
      expect(deliveries).toBe(groups.length - 1);
    });

    it("routes sendToNearest hop by hop to the member owning an address", async () => {
      await formGroup();
      const target = ringOrder(groups)[Math.floor(groups.length / 2)]!;
      const arrivals: { at: GroupOverlay; fromLocal: boolean }[] = [];
      for (const group of groups) {
        group.addEventListener("sendto", (event) => {
          arrivals.push({ at: group, fromLocal: event.detail.fromLocal });
          // Flash's pattern: a member that is not the destination sends the message on.
          if (!event.detail.fromLocal) group.sendToNearest(target.self.address, amf3PayloadOf(event.detail.message));
        });
      }
      const message = { destination: target.self.address, text: "find me" };
      const sender = groups.find((group) => group !== target)!;
      expect(sender.sendToNearest(target.self.address, amf3PayloadOf(message))).toBe("sent");
      await harness.waitFor(() => arrivals.some((arrival) => arrival.fromLocal), 10_000 * harness.patienceMs, "the message to arrive");
      const final = arrivals.find((arrival) => arrival.fromLocal)!;
      expect(final.at).toBe(target);
      expect(arrivals.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(groups.length)) + 2);
    });

    it("sends to the ring successor, the predecessor and all neighbours", async () => {
      await formGroup();
      const ring = ringOrder(groups);
      const got = new Map<GroupOverlay, unknown[]>();
      for (const group of groups) group.addEventListener("sendto", (event) => void got.set(group, [...(got.get(group) ?? []), event.detail.message]));
      const me = ring[0]!;
      // "Next" means among this member's neighbours: wait until both ring neighbours are (a closed ring guarantees the
      // successor; the predecessor's join may still be in flight).
      const successor = ring[1]!;
      const predecessor = ring[ring.length - 1]!;
      await harness.waitFor(() => me.neighbours.has(successor.self.peerId) && me.neighbours.has(predecessor.self.peerId), 10_000 * harness.patienceMs, "both ring neighbours");
      expect(me.sendToNeighbor("nextIncreasing", amf3PayloadOf("up"))).toBe("sent");
      expect(me.sendToNeighbor("nextDecreasing", amf3PayloadOf("down"))).toBe("sent");
      const neighboursThen = [...me.neighbours.keys()].map((peerId) => groups.find((g) => g.self.peerId === peerId)!);
      expect(me.sendToNeighbor("allNeighbors", amf3PayloadOf("all"))).toBe("sent");
      // Every neighbour of that moment gets it, unless the overlay dropped that link meanwhile (the group trims its
      // neighbours while it settles; a message in flight on a closing link is not delivered, as in Flash).
      const reached = (group: GroupOverlay): boolean => (got.get(group) ?? []).includes("all");
      await harness.waitFor(() => neighboursThen.every((group) => reached(group) || !me.neighbours.has(group.self.peerId)), 10_000 * harness.patienceMs, "sendToAllNeighbors");
      const stillNeighbours = neighboursThen.filter((group) => me.neighbours.has(group.self.peerId));
      expect(stillNeighbours.length).toBeGreaterThan(0);
      for (const group of stillNeighbours) expect(reached(group)).withContext(group.self.peerId).toBeTrue();
      expect(got.get(successor)).toContain("up");
      expect(got.get(predecessor)).toContain("down");
    });

    it("answers no route when a lone member in exact mode targets another address", async () => {
      nodes = await harness.createPeers(1);
      const alone = nodes[0]!.joinGroup(freshGroupId());
      expect(alone.sendToNearest("00".repeat(32), amf3PayloadOf("x"))).toBe("no route");
      expect(alone.sendToNeighbor("nextIncreasing", amf3PayloadOf("x"))).toBe("no route");
      let local: boolean | null = null;
      alone.addEventListener("sendto", (event) => void (local = event.detail.fromLocal));
      expect(alone.sendToNearest(alone.self.address, amf3PayloadOf("me"))).toBe("sent");
      await harness.waitFor(() => local !== null, 1000 * harness.patienceMs, "local delivery");
      expect(local).toBe(true as never);
    });

    it("notices a crashed member, routes around it and keeps delivering posts", async () => {
      await formGroup();
      const victim = groups[1]!;
      const survivors = groups.filter((group) => group !== victim);
      const noticed = survivors.filter((group) => group.neighbours.has(victim.self.peerId));
      let disconnects = 0;
      for (const group of noticed) group.addEventListener("neighbordisconnect", (event) => void (event.detail.peerId === victim.self.peerId && disconnects++));
      harness.crash(victim.node);
      await harness.waitFor(() => disconnects === noticed.length, 40_000 * harness.patienceMs, "neighbours to notice the crash");
      const received = new Set<GroupOverlay>();
      for (const group of survivors) group.addEventListener("post", () => void received.add(group));
      survivors[0]!.post(amf3PayloadOf({ text: "after the crash" }));
      await harness.waitFor(() => received.size === survivors.length - 1, 20_000 * harness.patienceMs, "the post to reach every survivor");
      await harness.waitFor(() => ringClosed(survivors), 30_000 * harness.patienceMs, "the ring to close again");
    });
  });
}
