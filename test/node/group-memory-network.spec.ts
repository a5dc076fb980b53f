/** What only the memory network can show: churn, partitions, lossy paths and hostile frames, in simulated time. */
import { amf3PayloadOf, type GroupOverlay, type MeshNode } from "../../as3-api/engine/index.js";
import { wrapPost } from "../../as3-api/wire/postAuthorization.js";
import { encodeAmf3 } from "../../as3-api/wire/amf3.js";
import { encodeFrame } from "../../as3-api/wire/frames.js";
import { memoryHarness, type MemoryHarness } from "../support/memoryHarness.js";

const GROUP = "5a".repeat(32);

describe("group engine on the memory network", () => {
  let harness: MemoryHarness;
  beforeEach(() => (harness = memoryHarness()));
  afterEach(() => harness.dispose());

  async function members(count: number): Promise<GroupOverlay[]> {
    const nodes = await harness.createPeers(count);
    const groups = nodes.map((node) => node.joinGroup(GROUP, { random: harness.random.next }));
    await harness.settle(20_000);
    return groups;
  }

  it("delivers every post to every member present throughout, under 10% churn", async () => {
    const groups = await members(60);
    const stable = groups.slice(0, 40);
    const seen = new Map<GroupOverlay, Set<string>>(stable.map((group) => [group, new Set()]));
    for (const group of stable) group.addEventListener("post", (event) => void seen.get(group)!.add(event.detail.messageId));
    const churning = groups.slice(40);
    const posted: { id: string; by: GroupOverlay }[] = [];
    for (let round = 0; round < 20; round++) {
      // Each round one churning member crashes and a new one joins.
      const victim = churning.shift();
      if (victim !== undefined) harness.crash(victim.node);
      const [fresh] = await harness.createPeers(1);
      churning.push(fresh!.joinGroup(GROUP, { random: harness.random.next }));
      const by = stable[harness.random.int(stable.length)]!;
      posted.push({ id: by.post(amf3PayloadOf({ round, text: "under churn" })), by });
      await harness.settle(3000);
    }
    await harness.settle(10_000);
    for (const [group, ids] of seen) {
      for (const { id, by } of posted) if (by !== group) expect(ids.has(id)).withContext(`seed ${harness.random.seed}`).toBeTrue();
    }
  });

  it("meshes a small group fully and posts to every member in one hop, one copy each", async () => {
    const groups = await members(10);
    for (const group of groups) expect(group.neighbours.size).toBe(9);
    const hops: number[] = [];
    for (const group of groups) group.addEventListener("post", (event) => void hops.push(event.detail.hops));
    const before = groups.reduce((sum, group) => sum + group.posting.stats.postsReceived, 0);
    groups[3]!.post(amf3PayloadOf({ text: "one hop" }));
    await harness.settle(2000);
    expect(hops).toEqual(new Array<number>(9).fill(1));
    expect(groups.reduce((sum, group) => sum + group.posting.stats.postsReceived, 0) - before).toBe(9);
  });

  it("keeps each side of a partition working and merges after healing", async () => {
    const groups = await members(24);
    const left = groups.slice(0, 12);
    const right = groups.slice(12);
    harness.network.partition(left.map((g) => g.node.peerId), right.map((g) => g.node.peerId));
    await harness.settle(30_000);
    const got = new Map<GroupOverlay, Set<string>>(groups.map((group) => [group, new Set()]));
    for (const group of groups) group.addEventListener("post", (event) => void got.get(group)!.add(String((event.detail.message as { text: string }).text)));
    left[0]!.post(amf3PayloadOf({ text: "left only" }));
    await harness.settle(5000);
    for (const group of left.slice(1)) expect(got.get(group)!.has("left only")).toBeTrue();
    for (const group of right) expect(got.get(group)!.has("left only")).toBeFalse();
    harness.network.heal();
    // Members rediscover each other through the rendezvous-like member exchange only if they still know someone
    // across the cut; addNeighbor is how an application (or the rendezvous) reconnects them.
    right[0]!.addNeighbor(left[0]!.node.peerId);
    await harness.settle(30_000);
    right[1]!.post(amf3PayloadOf({ text: "after healing" }));
    await harness.settle(5000);
    for (const group of groups) if (group !== right[1]) expect(got.get(group)!.has("after healing")).toBeTrue();
  });

  it("delivers over lossy paths through grafts", async () => {
    const groups = await members(20);
    const graftsBefore = groups.reduce((sum, group) => sum + group.posting.stats.grafts, 0);
    for (const a of groups) for (const b of groups) if (a !== b) harness.network.setConditions(a.node.peerId, b.node.peerId, { loss: 0.1 });
    const got = new Map<GroupOverlay, Set<string>>(groups.map((group) => [group, new Set()]));
    for (const group of groups) group.addEventListener("post", (event) => void got.get(group)!.add(String((event.detail.message as { text: string }).text)));
    // Several posts from several members: a lost eager push is repaired only by a graft after an IHAVE.
    const posters = groups.slice(0, 10);
    for (const [i, poster] of posters.entries()) poster.post(amf3PayloadOf({ text: `through loss ${i}` }));
    await harness.settle(30_000);
    for (const [i, poster] of posters.entries()) {
      const missing = groups.filter((group) => group !== poster && !got.get(group)!.has(`through loss ${i}`)).length;
      expect(missing).withContext(`post ${i}, seed ${harness.random.seed}`).toBe(0);
    }
    const grafts = groups.reduce((sum, group) => sum + group.posting.stats.grafts, 0) - graftsBefore;
    expect(grafts).withContext(`grafts sent, seed ${harness.random.seed}`).toBeGreaterThan(0);
  });

  it("drops and counts malformed frames, forged posts and bad payloads without disturbing the group", async () => {
    const nodes = await harness.createPeers(6);
    const groups = nodes.map((node) => node.joinGroup(GROUP, { random: harness.random.next }));
    await harness.settle(20_000);
    const target = groups[0]!;
    const [attackerNode] = await harness.createPeers(1);
    const attacker = attackerNode!.joinGroup(GROUP, { serverChannel: false, bootstrapPeers: [target.node.peerId] });
    await harness.settle(5000);
    expect(attacker.neighbours.has(target.node.peerId)).toBeTrue();
    const send = (bytes: Uint8Array): boolean => attackerNode!.sendEncoded(target.node.peerId, bytes);
    let posts = 0;
    target.addEventListener("post", () => void posts++);
    send(new Uint8Array([1, 2, 3]));
    send(Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9, 9, 9));
    send(encodeFrame({ type: "post", group: target.tag, messageId: "00".repeat(32), hops: 0, direct: false, payload: wrapPost(encodeAmf3("forged"), null) }));
    // An envelope with unknown flags.
    send(encodeFrame({ type: "post", group: target.tag, messageId: "01".repeat(32), hops: 0, direct: false, payload: Uint8Array.of(7, 1) }));
    const garbage = Uint8Array.of(0x11);
    send(encodeFrame({ type: "neighbor", group: target.tag, payload: garbage }));
    await harness.settle(1000);
    expect(nodes[0]!.stats.malformedFrames).toBe(2);
    expect(target.stats.forgedMessageIds).toBe(1);
    expect(target.stats.malformedPayloads).toBe(2);
    expect(posts).toBe(0);
    groups[1]!.post(amf3PayloadOf({ text: "still fine" }));
    await harness.settle(3000);
    expect(posts).toBe(1);
  });

  it("delivers a post made by a member that has just joined, before it has any neighbour", async () => {
    const groups = await members(30);
    const got = new Set<GroupOverlay>();
    for (const group of groups) group.addEventListener("post", () => void got.add(group));
    const [node] = await harness.createPeers(1);
    const newcomer = node!.joinGroup(GROUP, { random: harness.random.next });
    expect(newcomer.neighbours.size).toBe(0);
    newcomer.post(amf3PayloadOf({ text: "hello, I am new" }));
    await harness.waitFor(() => got.size === groups.length, 30_000, "the newcomer's first post to reach everyone");
  });

  it("looks for members again when every link it tried failed, instead of staying alone", async () => {
    const groups = await members(5);
    const [loner] = await harness.createPeers(1);
    // Cut off while joining: the rendezvous names members, but no link to them opens, so each is given up.
    harness.network.partition([loner!.peerId], groups.map((group) => group.node.peerId));
    const late = loner!.joinGroup(GROUP, { random: harness.random.next });
    await harness.settle(40_000);
    expect(late.neighbours.size).toBe(0);
    harness.network.heal();
    await harness.waitFor(() => late.neighbours.size > 0, 120_000, "the cut-off member to find neighbours after healing");
    let got = false;
    late.addEventListener("post", () => void (got = true));
    groups[0]!.post(amf3PayloadOf({ text: "welcome back" }));
    await harness.waitFor(() => got, 10_000, "a post to reach it");
  });

  it("does not count members only one neighbour names towards its member estimate", async () => {
    const nodes = await harness.createPeers(40);
    const groups = nodes.map((node) => node.joinGroup(GROUP, { random: harness.random.next }));
    await harness.settle(20_000);
    const target = groups[0]!;
    const [attackerNode] = await harness.createPeers(1);
    attackerNode!.joinGroup(GROUP, { serverChannel: false, bootstrapPeers: [target.node.peerId] });
    await harness.settle(5000);
    const honest = target.estimatedMemberCount;
    // Made-up peer IDs, 5 lists of 64: the whole group's worth several times over.
    for (let list = 0; list < 5; list++) {
      const peers = Array.from({ length: 64 }, () => Array.from(harness.random.bytes(32), (b) => b.toString(16).padStart(2, "0")).join(""));
      attackerNode!.sendEncoded(target.node.peerId, encodeFrame({ type: "members", group: target.tag, peers }));
    }
    await harness.settle(100);
    expect(target.membership.size).toBeGreaterThan(100);
    expect(target.estimatedMemberCount).withContext(`seed ${harness.random.seed}`).toBeLessThanOrEqual(honest * 1.5);
  });

  it("rate-limits a flooding neighbour", async () => {
    const [a, b] = (await harness.createPeers(2)) as [MeshNode, MeshNode];
    const ga = a.joinGroup(GROUP);
    b.joinGroup(GROUP);
    await harness.settle(5000);
    expect(ga.neighbours.size).toBe(1);
    const ping = encodeFrame({ type: "ping", group: ga.tag, nonce: 1 });
    for (let i = 0; i < 5000; i++) b.sendEncoded(a.peerId, ping);
    await harness.settle(1000);
    expect(a.stats.rateLimitedFrames).toBeGreaterThan(0);
  });
});
