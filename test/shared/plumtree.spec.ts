/** Plumtree's state machine with a scripted host: prune on duplicates, graft on missing posts, the tree optimisation. */
import { DEFAULT_PLUMTREE_OPTIONS, Plumtree, type PlumtreeHost } from "../../as3-api/engine/index.js";
import { SimulatedScheduler } from "../../as3-api/transport/index.js";
import type { Announcement } from "../../as3-api/wire/frames.js";

interface Sent {
  readonly to: string;
  readonly what: string;
}

function harness(peers: string[], ring: string[] = [], optimizationThreshold: number | null = null, settled = false) {
  const scheduler = new SimulatedScheduler();
  const sent: Sent[] = [];
  const delivered: string[] = [];
  const host: PlumtreeHost = {
    scheduler,
    random: () => 0,
    neighbours: () => peers,
    isRingNeighbour: (peerId) => ring.includes(peerId),
    sendPost: (to, id, hops, _payload, direct) => void sent.push({ to, what: `post ${id} ${hops}${direct ? " direct" : ""}` }),
    sendIHave: (to, list: Announcement[]) => void sent.push({ to, what: `ihave ${list.map((a) => `${a.messageId}@${a.hops}`).join(",")}` }),
    sendGraft: (to, ids) => void sent.push({ to, what: `graft ${ids.join(",")}` }),
    sendPrune: (to) => void sent.push({ to, what: "prune" }),
    fullMesh: () => false,
    settled: () => settled,
    deliver: (id) => (delivered.push(id), true),
  };
  return { scheduler, sent, delivered, tree: new Plumtree(host, { ...DEFAULT_PLUMTREE_OPTIONS, optimizationThreshold }) };
}

describe("Plumtree", () => {
  it("forwards a first copy to the eager neighbours and prunes the link a duplicate came over", () => {
    const { tree, sent, delivered } = harness(["a", "b", "c"]);
    tree.onPost("a", "m1", 1, new Uint8Array([1]));
    expect(delivered).toEqual(["m1"]);
    expect(sent).toEqual([{ to: "b", what: "post m1 2" }, { to: "c", what: "post m1 2" }]);
    sent.length = 0;
    tree.onPost("b", "m1", 3, new Uint8Array([1]));
    expect(sent).toEqual([{ to: "b", what: "prune" }]);
    expect(tree.isEager("b")).toBeFalse();
    expect(tree.stats).toEqual(jasmine.objectContaining({ postsReceived: 2, duplicates: 1, prunes: 1 }));
  });

  it("announces to ring neighbours and grafts a post it only heard of", () => {
    const { tree, sent, scheduler } = harness(["a", "b"], ["b"]);
    tree.onPrune("b");
    tree.onPost("x", "m2", 4, new Uint8Array([2]));
    scheduler.runFor(100);
    expect(sent).toContain({ to: "b", what: "ihave m2@4" });
    sent.length = 0;
    tree.onIHave("b", [{ messageId: "m3", hops: 2 }]);
    scheduler.runFor(999);
    expect(sent).toEqual([]);
    scheduler.runFor(2);
    expect(sent).toEqual([{ to: "b", what: "graft m3" }]);
    expect(tree.isEager("b")).toBeTrue();
  });

  it("answers a graft from its cache", () => {
    const { tree, sent } = harness(["a"]);
    tree.broadcast("m4", new Uint8Array([4]));
    sent.length = 0;
    tree.onGraft("a", ["m4", "unknown"]);
    expect(sent).toEqual([{ to: "a", what: "post m4 1" }]);
  });

  it("answers each cached post at most 3 times per neighbour, at most 8 per graft, never back to where it came from", () => {
    const { tree, sent } = harness(["a", "b"]);
    const ids = Array.from({ length: 12 }, (_, i) => `g${i}`);
    for (const id of ids) tree.broadcast(id, new Uint8Array([1]));
    tree.onPost("b", "fromB", 1, new Uint8Array([2]));
    sent.length = 0;
    tree.onGraft("a", ids);
    expect(sent.length).toBe(8);
    // Asked again and again: each post goes to "a" at most 3 times in all (a retry after a lost answer is honoured).
    for (let i = 0; i < 10; i++) tree.onGraft("a", ids);
    const answers = new Map<string, number>();
    for (const { to, what } of sent) if (to === "a") answers.set(what, (answers.get(what) ?? 0) + 1);
    expect([...answers.values()].every((times) => times === 3)).withContext(JSON.stringify([...answers])).toBeTrue();
    expect(answers.size).toBe(12);
    sent.length = 0;
    tree.onGraft("a", ids);
    tree.onGraft("b", ["fromB"]);
    expect(sent).toEqual([]);
    expect(tree.stats.graftsRefused).toBeGreaterThan(0);
  });

  it("asks its announcers in turn, and again when answers are lost, 3 rounds at most", () => {
    const { tree, sent, scheduler } = harness(["a", "b"]);
    tree.onIHave("a", [{ messageId: "lost", hops: 1 }]);
    tree.onIHave("b", [{ messageId: "lost", hops: 2 }]);
    scheduler.runFor(20_000);
    const grafts = sent.filter((entry) => entry.what === "graft lost").map((entry) => entry.to);
    expect(grafts).toEqual(["a", "b", "a", "b", "a", "b"]);
    expect(tree.stats.grafts).toBe(6);
    // The post arriving at last ends the asking.
    sent.length = 0;
    tree.onIHave("a", [{ messageId: "late", hops: 1 }]);
    scheduler.runFor(1001);
    tree.onPost("a", "late", 2, new Uint8Array([3]));
    scheduler.runFor(20_000);
    expect(sent.filter((entry) => entry.what === "graft late").length).toBe(1);
  });

  it("leaves the tree alone by default when a lazy link had the post sooner", () => {
    const { tree, sent } = harness(["parent", "shortcut"]);
    tree.onPrune("shortcut");
    tree.onPost("parent", "m6", 9, new Uint8Array([6]));
    sent.length = 0;
    tree.onIHave("shortcut", [{ messageId: "m6", hops: 1 }]);
    expect(sent).toEqual([]);
  });

  it("with the optimisation on, swaps in a lazy link that had the post at least threshold hops sooner", () => {
    const { tree, sent } = harness(["parent", "shortcut"], [], 3);
    tree.onPrune("shortcut");
    tree.onPost("parent", "m5", 8, new Uint8Array([5]));
    sent.length = 0;
    tree.onIHave("shortcut", [{ messageId: "m5", hops: 5 }]); // would arrive in 6: saves 2, not enough
    expect(sent).toEqual([]);
    tree.onIHave("shortcut", [{ messageId: "m5", hops: 4 }]); // would arrive in 5: saves 3
    expect(sent).toEqual([{ to: "shortcut", what: "graft " }, { to: "parent", what: "prune" }]);
    expect(["parent", "shortcut"].map((peerId) => tree.isEager(peerId))).toEqual([false, true]);
  });

  it("holds a post made before any neighbour and pushes it to the first one to connect", () => {
    const peers: string[] = [];
    const { tree, sent } = harness(peers);
    expect(tree.broadcast("early", new Uint8Array([7]))).toBeTrue();
    expect(sent).toEqual([]);
    peers.push("first");
    tree.neighbourAdded("first");
    expect(sent).toEqual([{ to: "first", what: "post early 1" }]);
    peers.push("second");
    tree.neighbourAdded("second");
    expect(sent.length).toBe(1);
  });

  it("starts a neighbour that joins a settled member lazy, and grafts it eager when it asks", () => {
    const peers = ["old"];
    const { tree, sent } = harness(peers, [], null, true);
    peers.push("newcomer");
    tree.neighbourAdded("newcomer");
    expect(tree.isEager("newcomer")).toBeFalse();
    tree.onPost("old", "m7", 2, new Uint8Array([7]));
    expect(sent.filter((entry) => entry.what.startsWith("post"))).toEqual([]);
    tree.onGraft("newcomer", ["m7"]);
    expect(sent).toContain({ to: "newcomer", what: "post m7 3" });
    expect(tree.isEager("newcomer")).toBeTrue();
  });

  it("does not remember or forward a post the host rejects", () => {
    const { tree, sent } = harness(["a", "b"]);
    const rejecting = tree as unknown as { host: PlumtreeHost };
    rejecting.host.deliver = () => false;
    tree.onPost("a", "forged", 1, new Uint8Array([9]));
    expect(sent).toEqual([]);
    expect(tree.hasSeen("forged")).toBeFalse();
  });
});
