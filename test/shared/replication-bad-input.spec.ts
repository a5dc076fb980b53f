/**
 * Object replication against bad members, on the memory network in simulated time: a holder that advertises haves
 * and never answers, one that answers with an object for another index (or with bytes that are not AMF3), one that
 * floods requests, one that says it is fetching objects it never gets, one that takes objects and keeps them, and frames with indices beyond 2^53. In each, the fetch moves on after a bounded wait, honest
 * members finish with the right objects, and nothing throws.
 */
import { amf3PayloadOf, DEFAULT_REPLICATION_OPTIONS, type GroupOverlay, type MeshNode } from "../../as3-api/engine/index.js";
import { GroupSpecifier, groupIdOf } from "../../as3-api/index.js";
import { encodeFrame, type ReplicationFrame } from "../../as3-api/wire/frames.js";
import { memoryHarness, type MemoryHarness } from "../support/memoryHarness.js";

const COUNT = 12;
const objectOf = (index: number): { index: number; text: string } => ({ index, text: `object ${index} `.repeat(50) });

describe("object replication against bad members", () => {
  let harness: MemoryHarness;
  let nodes: MeshNode[];
  let groups: GroupOverlay[];

  beforeEach(() => {
    harness = memoryHarness();
  });
  afterEach(async () => {
    await harness.dispose();
  });

  async function formGroup(count: number): Promise<void> {
    nodes = await harness.createPeers(count);
    const spec = new GroupSpecifier(`replication-bad/${Math.random()}`);
    spec.serverChannelEnabled = true;
    spec.objectReplicationEnabled = true;
    const groupId = groupIdOf(spec.toString());
    groups = nodes.map((node) => node.joinGroup(groupId, { objectReplication: true }));
    await harness.waitFor(() => groups.every((group) => group.neighbours.size === count - 1), 30_000, "a full mesh");
  }

  /** An honest holder of every object: it answers each request (after `delayMs` when given). */
  function honestSeeder(group: GroupOverlay, delayMs = 0): void {
    group.addEventListener("replicationrequest", ({ detail }) => {
      const answer = (): void => void group.replication.write(detail.requestId, amf3PayloadOf(objectOf(detail.index)));
      if (delayMs === 0) answer();
      else harness.scheduler.setTimer(delayMs, answer);
    });
    group.replication.addHave(0, COUNT - 1);
  }

  /** An honest fetcher of every object; returns what it received and how many fetches failed. */
  function honestFetcher(group: GroupOverlay): { results: Map<number, unknown>; failures: number[] } {
    const record = { results: new Map<number, unknown>(), failures: [] as number[] };
    group.addEventListener("fetchresult", ({ detail }) => {
      expect(record.results.has(detail.index)).withContext(`index ${detail.index} twice`).toBeFalse();
      record.results.set(detail.index, detail.object);
    });
    group.addEventListener("fetchfailed", ({ detail }) => void record.failures.push(detail.index));
    group.replication.addWant(0, COUNT - 1);
    return record;
  }

  function expectEveryObject(results: Map<number, unknown>): void {
    expect([...results.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: COUNT }, (_, i) => i));
    for (const [index, object] of results) expect(object).toEqual(objectOf(index));
  }

  /** Replaces what `group` does with replication frames (a member running other code than ours). */
  function misbehave(group: GroupOverlay, receive: (from: string, frame: ReplicationFrame) => void): void {
    (group.replication as { receive: (from: string, frame: ReplicationFrame) => void }).receive = receive;
  }

  const send = (node: MeshNode, to: string, frame: ReplicationFrame): boolean => node.sendEncoded(to, encodeFrame(frame));

  it("moves on from a holder that advertises everything up to 2^53 and never answers", async () => {
    await formGroup(3);
    const [seeder, liar, fetcher] = groups as [GroupOverlay, GroupOverlay, GroupOverlay];
    honestSeeder(seeder);
    liar.replication.addHave(0, 2 ** 53); // no one answers its Request events
    let liarAsked = 0;
    liar.addEventListener("replicationrequest", () => void liarAsked++);
    const record = honestFetcher(fetcher);
    await harness.waitFor(() => record.results.size === COUNT, 4 * DEFAULT_REPLICATION_OPTIONS.requestTimeoutMs + 30_000, "every object despite the liar");
    expectEveryObject(record.results);
    expect(liarAsked).toBeGreaterThan(0);
    // Each request the liar left unanswered failed once its bounded wait ran out; the index was fetched elsewhere.
    await harness.settle(DEFAULT_REPLICATION_OPTIONS.requestTimeoutMs + 2000);
    expect(record.failures.length).toBeGreaterThan(0);
    expect(record.failures.length).toBeLessThanOrEqual(liarAsked);
    expect(fetcher.replication.requestsInFlight).toBe(0);
  });

  it("refuses an object sent for another index, or bytes that are not AMF3, and fetches the right one elsewhere", async () => {
    await formGroup(3);
    const [seeder, forger, fetcher] = groups as [GroupOverlay, GroupOverlay, GroupOverlay];
    honestSeeder(seeder);
    forger.replication.addHave(0, COUNT - 1);
    let forged = 0;
    misbehave(forger, (from, frame) => {
      if (frame.type !== "requestObject") return;
      forged++;
      const wrong = forged % 2 === 0;
      send(nodes[1]!, from, {
        type: "object",
        group: forger.tag,
        requestId: frame.requestId,
        index: wrong ? (frame.index + 1) % COUNT : frame.index,
        payload: wrong ? amf3PayloadOf(objectOf((frame.index + 1) % COUNT)).bytes : Uint8Array.of(0x0a, 0xff, 0xff),
      });
    });
    const record = honestFetcher(fetcher);
    await harness.waitFor(() => record.results.size === COUNT, 120_000, "every object despite the forger");
    expectEveryObject(record.results);
    expect(forged).toBeGreaterThan(0);
    expect(record.failures.length).toBe(forged);
    expect(fetcher.stats.malformedPayloads).toBe(forged);
  });

  it("bounds what a flood of requests costs a holder, and honest members still finish", async () => {
    await formGroup(3);
    const [seeder, flooder, fetcher] = groups as [GroupOverlay, GroupOverlay, GroupOverlay];
    honestSeeder(seeder, 1000); // the application answers a second later, so requests pile up
    let requests = 0;
    seeder.addEventListener("replicationrequest", () => void requests++);
    let denials = 0;
    misbehave(flooder, (_from, frame) => void (frame.type === "denyObject" && denials++));
    for (let i = 0; i < 5000; i++) send(nodes[1]!, seeder.self.peerId, { type: "requestObject", group: flooder.tag, requestId: i, index: i % (2 * COUNT) });
    const record = honestFetcher(fetcher);
    await harness.waitFor(() => record.results.size === COUNT, 120_000, "every object despite the flood");
    expectEveryObject(record.results);
    // The application saw at most the per-neighbour bound of the flood; the rest was denied or rate-limited.
    expect(requests).toBeLessThanOrEqual(DEFAULT_REPLICATION_OPTIONS.maxPendingPerNeighbour + 2 * COUNT);
    expect(denials).toBeGreaterThan(1000);
  });

  it("stops waiting for a member that says it is fetching everything from the seed and never has it", async () => {
    await formGroup(4);
    const [seeder, liar, fetcherA, fetcherB] = groups as [GroupOverlay, GroupOverlay, GroupOverlay, GroupOverlay];
    honestSeeder(seeder);
    misbehave(liar, () => undefined);
    // The hint honest members send for a request to a seed, for every index, repeated every second (a repeat must not
    // make it last), as long as the test runs.
    const lie = (): void => {
      for (const to of [fetcherA, fetcherB]) send(nodes[1]!, to.self.peerId, { type: "haveObjects", group: liar.tag, change: "fetching", ranges: [[0, 2 ** 53]] });
      harness.scheduler.setTimer(1000, lie);
    };
    lie();
    await harness.settle(100);
    const records = [honestFetcher(fetcherA), honestFetcher(fetcherB)];
    const bound = 2 * DEFAULT_REPLICATION_OPTIONS.requestTimeoutMs + 30_000;
    await harness.waitFor(() => records.every((record) => record.results.size === COUNT), bound, "every object despite the lying hints");
    for (const record of records) expectEveryObject(record.results);
  });

  it("asks the seeder again for objects it sent to a member that keeps them to itself", async () => {
    await formGroup(3);
    const [seeder, taker, fetcher] = groups as [GroupOverlay, GroupOverlay, GroupOverlay];
    honestSeeder(seeder);
    // The taker asks the seeder for everything and tells no one: no re-share, no hint. The seeder's served hints tell
    // the fetcher that the objects are on their way into the swarm; they never come.
    misbehave(taker, () => undefined);
    for (let index = 0; index < COUNT; index++) send(nodes[1]!, seeder.self.peerId, { type: "requestObject", group: taker.tag, requestId: index + 1, index });
    await harness.settle(500);
    const record = honestFetcher(fetcher);
    await harness.waitFor(() => record.results.size === COUNT, 2 * DEFAULT_REPLICATION_OPTIONS.requestTimeoutMs + 30_000, "every object from the seeder after all");
    expectEveryObject(record.results);
    expect(record.failures).toEqual([]);
  });

  it("drops frames with indices beyond 2^53, and ranges that end before they start, without harm", async () => {
    await formGroup(2);
    const [seeder, fetcher] = groups as [GroupOverlay, GroupOverlay];
    honestSeeder(seeder);
    const tag = seeder.tag;
    const raw = (hexBody: string, type: number): Uint8Array => Uint8Array.from([1, type, ...tag.match(/../g)!.map((h) => parseInt(h, 16)), ...hexBody.match(/../g)!.map((h) => parseInt(h, 16))]);
    const before = nodes[0]!.stats.malformedFrames;
    nodes[1]!.sendEncoded(seeder.self.peerId, raw("00000001" + "ffffffffffffffff", 49)); // request for index 2^64 − 1
    nodes[1]!.sendEncoded(seeder.self.peerId, raw("00000002" + "0020000000000001", 49)); // 2^53 + 1
    nodes[1]!.sendEncoded(seeder.self.peerId, raw("01" + "0001" + "0000000000000009" + "0000000000000001", 48)); // have 9 … 1
    await harness.settle(1000);
    expect(nodes[0]!.stats.malformedFrames - before).toBe(3);
    const record = honestFetcher(fetcher);
    await harness.waitFor(() => record.results.size === COUNT, 60_000, "every object");
    expectEveryObject(record.results);
    expect(record.failures).toEqual([]);
  });
});
