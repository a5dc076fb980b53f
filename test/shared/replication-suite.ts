/**
 * Object replication as a SWF sees it, as event sequences on NetGroups (reference §2, §4): one suite run over the
 * memory network (Node and Chromium) and over real WebRTC through a real `flashmesh serve` (Chromium). The usual
 * file-share pattern (one seeder, the others want everything and re-share each result), a swarm rather than a star
 * under RAREST_FIRST, a denial and its retry, the seeder leaving mid-transfer, and the strategy switched mid-transfer.
 */
import { MAX_OBJECT_BYTES } from "../../as3-api/engine/index.js";
import { ArgumentError, GroupSpecifier, NetConnection, NetGroup, NetGroupReplicationStrategy } from "../../as3-api/index.js";
import { receiveMessagesAsBytes } from "../../as3-api/flash/net/messageValues.js";
import { Amf3Bytes, amf3Typed, decodeAmf3, encodeAmf3 } from "../../as3-api/wire/amf3.js";
import { codes, recordStatus, type NetHarness, type StatusEntry } from "../support/netHarness.js";
import { useNetHarness } from "../support/useNetHarness.js";

let groupCounter = 0;

/** A groupspec with object replication, unique to this run and spec. */
function replicationSpec(): string {
  const spec = new GroupSpecifier(`replication-suite/${Date.now()}/${groupCounter++}`);
  spec.serverChannelEnabled = true;
  spec.objectReplicationEnabled = true;
  return spec.toString();
}

/** One member: its connection, group, every event both dispatched, and the objects it holds. */
export interface Member {
  readonly nc: NetConnection;
  readonly ng: NetGroup;
  readonly log: StatusEntry[];
  readonly objects: Map<number, Uint8Array>;
  /** Requests this member answered with an object. */
  served: number;
}

/** A file of `count` objects of `size` bytes, each filled from its index (so a wrong object is visible). */
export function fileOf(count: number, size: number): Uint8Array[] {
  return Array.from({ length: count }, (_, index) => Uint8Array.from({ length: size }, (_, i) => (index * 31 + i * 7) & 0xff));
}

/** Entries of `member` with `code`, in order. */
export const eventsOf = (member: Member, code: string): StatusEntry[] => member.log.filter((entry) => entry.code === code);
const indexOf = (entry: StatusEntry): number => entry.info["index"] as number;

/**
 * Runs the suite. `objectCount` and `objectSize` size the file (64 KB objects, as the reference recommends);
 * `fetchers` is how many members fetch it from the one seeder.
 */
export function runReplicationSuite(networkName: string, makeHarness: () => NetHarness, sizes: { objectCount: number; objectSize: number; fetchers: number }): void {
  describe(`object replication over ${networkName}`, () => {
    const connections: NetConnection[] = [];
    const harness = useNetHarness(makeHarness, connections);
    const file = fileOf(sizes.objectCount, sizes.objectSize);
    const last = sizes.objectCount - 1;

    /** `count` members of one fresh replication group, fully meshed. */
    async function membersOf(count: number, groupspec = replicationSpec()): Promise<Member[]> {
      const members: Member[] = [];
      for (let i = 0; i < count; i++) {
        const nc = new NetConnection();
        connections.push(nc);
        const log: StatusEntry[] = [];
        recordStatus(log, "nc", nc);
        nc.connect(harness().connectUrl);
        await harness().waitFor(() => nc.connected, 20_000, "NetConnection.Connect.Success");
        const ng = new NetGroup(nc, groupspec);
        recordStatus(log, "ng", ng);
        await harness().waitFor(() => log.some((entry) => entry.code === "NetGroup.Connect.Success"), 20_000, "NetGroup.Connect.Success");
        members.push({ nc, ng, log, objects: new Map(), served: 0 });
      }
      await harness().waitFor(() => members.every((member) => member.ng.neighborCount === count - 1), 30_000, `a full mesh of ${count}`);
      return members;
    }

    /**
     * The file-share pattern's handlers: answer every Request from the objects held (deny what is not held), keep
     * every result and re-share it with addHaveObjects(i, i).
     */
    function share(member: Member, answer: (index: number, requestID: number) => boolean = () => true): void {
      member.ng.addEventListener("netStatus", (event) => {
        const info = event.info;
        if (info.code === "NetGroup.Replication.Request") {
          const index = info["index"] as number;
          const requestID = info["requestID"] as number;
          const object = member.objects.get(index);
          if (object === undefined || !answer(index, requestID)) return member.ng.denyRequestedObject(requestID);
          member.served++;
          member.ng.writeRequestedObject(requestID, object);
        } else if (info.code === "NetGroup.Replication.Fetch.Result") {
          const index = info["index"] as number;
          member.objects.set(index, info["object"] as Uint8Array);
          member.ng.addHaveObjects(index, index);
        }
      });
    }

    function seed(member: Member): void {
      file.forEach((object, index) => member.objects.set(index, object));
      member.ng.addHaveObjects(0, last);
    }

    /** Checks a fetcher's whole event sequence: each index SendNotify'd before its one Result, the objects intact. */
    function expectWholeFile(member: Member): void {
      const results = eventsOf(member, "NetGroup.Replication.Fetch.Result");
      expect(results.map(indexOf).sort((a, b) => a - b)).toEqual(file.map((_, index) => index));
      for (const result of results) {
        expect(result.on).toBe("ng");
        expect(result.info.level).toBe("status");
        const position = member.log.indexOf(result);
        const notified = member.log.slice(0, position).some((entry) => entry.code === "NetGroup.Replication.Fetch.SendNotify" && indexOf(entry) === indexOf(result));
        expect(notified).withContext(`SendNotify before Result ${indexOf(result)}`).toBeTrue();
      }
      for (const [index, object] of file.entries()) expect(member.objects.get(index)).withContext(`object ${index}`).toEqual(object);
    }

    it("shares a file in 64 KB objects from one seeder to every member, each result re-shared (Flash's file-share pattern)", async () => {
      const members = await membersOf(1 + sizes.fetchers);
      const [seeder, ...fetchers] = members as [Member, ...Member[]];
      for (const member of members) share(member);
      seed(seeder);
      for (const fetcher of fetchers) fetcher.ng.addWantObjects(0, last);
      await harness().waitFor(() => fetchers.every((member) => member.objects.size === file.length), 60_000, "every member to hold the whole file");
      for (const fetcher of fetchers) expectWholeFile(fetcher);
      // The want set empties: once everything arrived nothing more is asked for.
      const notifies = fetchers.map((member) => eventsOf(member, "NetGroup.Replication.Fetch.SendNotify").length);
      await harness().settle(3000);
      expect(fetchers.map((member) => eventsOf(member, "NetGroup.Replication.Fetch.SendNotify").length)).toEqual(notifies);
      // The seeder wanted nothing, so it fetched nothing; it saw Requests with an int requestID.
      expect(eventsOf(seeder, "NetGroup.Replication.Fetch.SendNotify")).toEqual([]);
      for (const request of eventsOf(seeder, "NetGroup.Replication.Request")) expect(Number.isInteger(request.info["requestID"])).toBeTrue();
      expect(seeder.served).toBeGreaterThan(0);
    });

    it("swarms under RAREST_FIRST: fetchers serve each other, so the seeder sends less than every copy", async () => {
      const members = await membersOf(1 + sizes.fetchers);
      const [seeder, ...fetchers] = members as [Member, ...Member[]];
      for (const member of members) share(member);
      for (const fetcher of fetchers) fetcher.ng.replicationStrategy = NetGroupReplicationStrategy.RAREST_FIRST;
      seed(seeder);
      for (const fetcher of fetchers) fetcher.ng.addWantObjects(0, last);
      await harness().waitFor(() => fetchers.every((member) => member.objects.size === file.length), 60_000, "every member to hold the whole file");
      for (const fetcher of fetchers) expectWholeFile(fetcher);
      expect(fetchers.reduce((sum, member) => sum + member.served, 0)).toBeGreaterThan(0);
      // A seed is asked one object at a time, for what no other member holds or is fetching (docs/replication.md):
      // the seeder sends about one copy of the file, not one per fetcher.
      expect(seeder.served).toBeLessThanOrEqual(file.length * 2);
      const rates = fetchers.map((member) => member.ng.info);
      expect(rates.some((info) => info.objectReplicationReceiveBytesPerSecond > 0)).toBeTrue();
      expect(seeder.ng.info.objectReplicationSendBytesPerSecond).toBeGreaterThan(0);
    });

    it("reports a denial as Fetch.Failed and asks again while the index is still wanted", async () => {
      const [holder, fetcher] = (await membersOf(2)) as [Member, Member];
      let denied = 0;
      share(holder, (index) => index !== 1 || denied++ > 0); // index 1 is refused once
      share(fetcher);
      seed(holder);
      fetcher.ng.addWantObjects(0, 2);
      await harness().waitFor(() => fetcher.objects.size === 3, 30_000, "the three objects");
      const forIndex1 = fetcher.log.filter((entry) => entry.code.startsWith("NetGroup.Replication.Fetch") && indexOf(entry) === 1);
      expect(codes(forIndex1)).toEqual(["ng:NetGroup.Replication.Fetch.SendNotify", "ng:NetGroup.Replication.Fetch.Failed", "ng:NetGroup.Replication.Fetch.SendNotify", "ng:NetGroup.Replication.Fetch.Result"]);
      expect(forIndex1[1]!.info).toEqual({ code: "NetGroup.Replication.Fetch.Failed", level: "status", index: 1 });
      expect(fetcher.objects.get(1)).toEqual(file[1]!);
      expect(eventsOf(fetcher, "NetGroup.Replication.Fetch.Failed").map(indexOf)).toEqual([1]);
    });

    it("finishes from another holder when the seeder leaves mid-transfer", async () => {
      const [seeder, holder, fetcher] = (await membersOf(3)) as [Member, Member, Member];
      for (const member of [seeder, holder, fetcher]) share(member);
      seed(seeder);
      holder.ng.addWantObjects(0, last);
      await harness().waitFor(() => holder.objects.size === file.length, 60_000, "the second holder to hold the file");
      let seederGone = false;
      fetcher.ng.addEventListener("netStatus", (event) => {
        if (event.info.code === "NetGroup.Replication.Fetch.Result" && !seederGone && fetcher.objects.size >= 2) {
          seederGone = true;
          seeder.nc.close();
        }
      });
      fetcher.ng.addWantObjects(0, last);
      await harness().waitFor(() => fetcher.objects.size === file.length, 90_000, "the fetcher to finish from the other holder");
      expect(seederGone).toBeTrue();
      expectWholeFile(fetcher);
      expect(holder.served).toBeGreaterThan(0);
    });

    it("switches replicationStrategy mid-transfer, drops removed wants and stops offering removed haves", async () => {
      const [holder, fetcher] = (await membersOf(2)) as [Member, Member];
      share(holder);
      share(fetcher);
      seed(holder);
      holder.ng.removeHaveObjects(last, last); // no longer offered: never fetched
      fetcher.ng.addEventListener("netStatus", (event) => {
        if (event.info.code === "NetGroup.Replication.Fetch.Result" && fetcher.ng.replicationStrategy === NetGroupReplicationStrategy.LOWEST_FIRST) {
          fetcher.ng.replicationStrategy = NetGroupReplicationStrategy.RAREST_FIRST;
        }
      });
      fetcher.ng.addWantObjects(0, last);
      fetcher.ng.removeWantObjects(1, 1);
      await harness().waitFor(() => fetcher.objects.size === file.length - 2, 60_000, "every object still wanted and offered");
      await harness().settle(3000);
      expect(fetcher.ng.replicationStrategy).toBe("rarestFirst");
      expect([...fetcher.objects.keys()].sort((a, b) => a - b)).toEqual(file.map((_, index) => index).filter((index) => index !== 1 && index !== last));
      expect(eventsOf(fetcher, "NetGroup.Replication.Fetch.SendNotify").map(indexOf)).not.toContain(1);
      expect(eventsOf(fetcher, "NetGroup.Replication.Fetch.SendNotify").map(indexOf)).not.toContain(last);
    });

    it("hands a SWF (through the shim) the object as the AMF3 its holder's SWF wrote, typed values, ByteArray, Date and NaN intact", async () => {
      const [holder, swfFetcher, tsFetcher] = (await membersOf(3)) as [Member, Member, Member];
      // What the Ruffle shim does for its NetGroups: messages and objects arrive as the bytes they crossed the mesh as.
      receiveMessagesAsBytes(swfFetcher.ng);
      const chunk = Uint8Array.from({ length: 300 }, (_, i) => (i * 13) & 0xff);
      const value = amf3Typed("fixtures.Chunk", { data: chunk, at: new Date(1_000), ratio: NaN, part: 3 });
      const written = encodeAmf3(value); // the holder is a SWF too: its writeRequestedObject hands over Amf3Bytes
      holder.ng.addEventListener("netStatus", (event) => {
        if (event.info.code === "NetGroup.Replication.Request") holder.ng.writeRequestedObject(event.info["requestID"] as number, new Amf3Bytes(written));
      });
      holder.ng.addHaveObjects(0, 0);
      for (const fetcher of [swfFetcher, tsFetcher]) fetcher.ng.addWantObjects(0, 0);
      const resultOf = (member: Member): StatusEntry | undefined => eventsOf(member, "NetGroup.Replication.Fetch.Result")[0];
      await harness().waitFor(() => resultOf(swfFetcher) !== undefined && resultOf(tsFetcher) !== undefined, 30_000, "both results");
      const raw = resultOf(swfFetcher)!.info["object"];
      expect(raw).toBeInstanceOf(Amf3Bytes);
      expect((raw as Amf3Bytes).bytes).toEqual(written);
      const plain = resultOf(tsFetcher)!.info["object"] as { data: Uint8Array; at: Date; ratio: number; part: number };
      expect(plain).toEqual(decodeAmf3(written) as typeof plain);
      expect(plain.data).toEqual(chunk);
      expect(plain.at).toEqual(new Date(1_000));
      expect(plain.ratio).toBeNaN();
    });

    it("carries objects up to MAX_OBJECT_BYTES of AMF3, and refuses a larger one with ArgumentError #2004 and Fetch.Failed", async () => {
      const [holder, fetcher] = (await membersOf(2)) as [Member, Member];
      // A ByteArray of n bytes is n + 4 bytes of AMF3 here (marker, 3-byte length): index 0 just fits, index 1 does not.
      const sizes = [MAX_OBJECT_BYTES - 4, MAX_OBJECT_BYTES - 3];
      const thrown: unknown[] = [];
      holder.ng.addEventListener("netStatus", (event) => {
        if (event.info.code !== "NetGroup.Replication.Request") return;
        const index = event.info["index"] as number;
        try {
          holder.ng.writeRequestedObject(event.info["requestID"] as number, new Uint8Array(sizes[index]!).fill(index + 1));
        } catch (error) {
          thrown.push(error);
          holder.ng.removeHaveObjects(index, index); // the application gives up offering it
        }
      });
      share(fetcher);
      holder.ng.addHaveObjects(0, 1);
      fetcher.ng.addWantObjects(0, 1);
      await harness().waitFor(() => fetcher.objects.size === 1 && thrown.length === 1, 60_000, "the largest object, and the refusal");
      expect(fetcher.objects.get(0)).toEqual(new Uint8Array(sizes[0]!).fill(1));
      expect(thrown[0]).toBeInstanceOf(ArgumentError);
      expect((thrown[0] as ArgumentError).errorID).toBe(2004);
      await harness().waitFor(() => eventsOf(fetcher, "NetGroup.Replication.Fetch.Failed").length > 0, 30_000, "Fetch.Failed");
      expect(eventsOf(fetcher, "NetGroup.Replication.Fetch.Failed").map(indexOf)).toEqual([1]);
    });

    it("handles indices up to 2^53 with compact range sets", async () => {
      const [holder, fetcher] = (await membersOf(2)) as [Member, Member];
      const top = 2 ** 53;
      for (const index of [0, top - 1, top]) holder.objects.set(index, file[0]!);
      share(holder);
      share(fetcher);
      holder.ng.addHaveObjects(0, top); // every index offered: one interval
      fetcher.ng.addWantObjects(top - 1, top);
      await harness().waitFor(() => fetcher.objects.size === 2, 30_000, "the two highest objects");
      expect(eventsOf(fetcher, "NetGroup.Replication.Fetch.Result").map(indexOf).sort((a, b) => a - b)).toEqual([top - 1, top]);
    });
  });
}
