/**
 * Multicast NetStreams (`new NetStream(nc, groupspec)`) as a SWF sees them, over the memory network and over real
 * WebRTC through a real `flashmesh serve`: NetStream.Connect.Success on the connection, PublishNotify and
 * UnpublishNotify on every member's NetGroup (late joiners too), Play.Start and every send() in publish order on
 * each player, fragments spread peer to peer (reference §1.6, §2, §4; choices in docs/netstream.md).
 */
import { GroupSpecifier, IllegalOperationError, NetConnection, NetGroup, NetStream, NetStreamMulticastInfo } from "../../as3-api/index.js";
import { connectionInternals } from "../../as3-api/flash/net/connectionInternals.js";
import { encodeAmf3 } from "../../as3-api/wire/amf3.js";
import { groupIdOf } from "../../as3-api/wire/identity.js";
import { encodeFrame, groupTagOf } from "../../as3-api/wire/frames.js";
import { codes, recordStatus, type NetHarness, type StatusEntry } from "../support/netHarness.js";
import { recordingClient } from "./stream-suite.js";
import { useNetHarness } from "../support/useNetHarness.js";

let counter = 0;

/** A multicast groupspec unique to this run and spec. */
export function multicastSpec(configure: (spec: GroupSpecifier) => void = () => undefined): GroupSpecifier {
  const spec = new GroupSpecifier(`multicast-suite/${Date.now()}/${counter++}`);
  spec.serverChannelEnabled = true;
  spec.multicastEnabled = true;
  configure(spec);
  return spec;
}

/** One member: its connection, NetGroup, multicast NetStream, and what they dispatched and received. */
export interface Member {
  readonly nc: NetConnection;
  readonly ng: NetGroup;
  readonly ns: NetStream;
  readonly log: StatusEntry[];
  readonly calls: unknown[][];
}

export interface MulticastHelpers {
  join(groupspec: string): Promise<Member>;
  /** `count` members of `groupspec`, each with every other as a neighbour. */
  groupOf(count: number, groupspec: string | ((i: number) => string)): Promise<Member[]>;
}

/** Member helpers over `harness` (connections are closed by the caller through `connections`). */
export function multicastHelpers(harness: () => NetHarness, connections: NetConnection[]): MulticastHelpers {
  async function join(groupspec: string): Promise<Member> {
    const nc = new NetConnection();
    connections.push(nc);
    const log: StatusEntry[] = [];
    recordStatus(log, "nc", nc);
    nc.connect(harness().connectUrl);
    await harness().waitFor(() => nc.connected, 20_000, "NetConnection.Connect.Success");
    const ng = new NetGroup(nc, groupspec);
    recordStatus(log, "ng", ng);
    const ns = new NetStream(nc, groupspec);
    recordStatus(log, "ns", ns as never);
    const calls: unknown[][] = [];
    ns.client = recordingClient(calls);
    await harness().waitFor(() => log.some((e) => e.code === "NetStream.Connect.Success") && log.some((e) => e.code === "NetGroup.Connect.Success"), 20_000, "NetStream and NetGroup Connect.Success");
    return { nc, ng, ns, log, calls };
  }
  async function groupOf(count: number, groupspec: string | ((i: number) => string)): Promise<Member[]> {
    const members: Member[] = [];
    for (let i = 0; i < count; i++) members.push(await join(typeof groupspec === "string" ? groupspec : groupspec(i)));
    await harness().waitFor(() => members.every((member) => member.ng.neighborCount === count - 1), 40_000, `a full mesh of ${count}`);
    return members;
  }
  return { join, groupOf };
}

export const streamCodes = (member: { log: StatusEntry[] }, on: string): string[] => codes(member.log.filter((entry) => entry.on === on && entry.code.startsWith("NetStream.")));
export const groupNotices = (member: { log: StatusEntry[] }): string[] =>
  member.log.filter((entry) => entry.code.startsWith("NetGroup.MulticastStream.")).map((entry) => `${entry.code}:${String(entry.info["name"])}`);

export function runMulticastSuite(networkName: string, makeHarness: () => NetHarness): void {
  describe(`P2P NetStream (multicast) over ${networkName}`, () => {
    const connections: NetConnection[] = [];
    const harness = useNetHarness(makeHarness, connections);
    const { join, groupOf } = multicastHelpers(harness, connections);


    it("publishes to the group: PublishNotify everywhere (a late joiner too), every send in order on each player, UnpublishNotify on close", async () => {
      const groupspec = multicastSpec().groupspecWithAuthorizations();
      const [a, b, c] = (await groupOf(3, groupspec)) as [Member, Member, Member];
      expect(codes(a.log.filter((e) => e.on === "nc"))).toEqual(["nc:NetConnection.Connect.Success", "nc:NetGroup.Connect.Success", "nc:NetStream.Connect.Success"]);
      expect(a.log.find((e) => e.code === "NetStream.Connect.Success")!.info["stream"]).toBe(a.ns);
      b.ns.play("live");
      c.ns.play("live");
      a.ns.publish("live");
      await harness().waitFor(() => [b, c].every((m) => groupNotices(m).length === 1 && streamCodes(m, "ns").includes("ns:NetStream.Play.PublishNotify")), 20_000, "PublishNotify");
      expect(groupNotices(b)).toEqual(["NetGroup.MulticastStream.PublishNotify:live"]);
      expect(b.log.find((e) => e.code === "NetGroup.MulticastStream.PublishNotify")!.info).toEqual({ code: "NetGroup.MulticastStream.PublishNotify", level: "status", name: "live" });
      expect(streamCodes(b, "ns")).toEqual(["ns:NetStream.Play.Reset", "ns:NetStream.Play.Start", "ns:NetStream.Play.PublishNotify"]);
      expect(streamCodes(a, "ns")).toEqual(["ns:NetStream.Publish.Start"]);
      expect(groupNotices(a)).toEqual([]); // the publisher's own group hears nothing of its own stream

      for (let i = 1; i <= 30; i++) a.ns.send("onData", i, `message ${i}`);
      await harness().waitFor(() => [b, c].every((m) => m.calls.length === 30), 20_000, "30 messages on both players");
      for (const m of [b, c]) expect(m.calls).toEqual(Array.from({ length: 30 }, (_, i) => [i + 1, `message ${i + 1}`]));

      // A member joining now hears of the live stream, and plays from where it joined.
      const d = await join(groupspec);
      await harness().waitFor(() => groupNotices(d).length === 1, 20_000, "PublishNotify on the late joiner");
      expect(groupNotices(d)).toEqual(["NetGroup.MulticastStream.PublishNotify:live"]);
      d.ns.play("live");
      await harness().waitFor(() => streamCodes(d, "ns").includes("ns:NetStream.Play.PublishNotify"), 20_000, "the late joiner follows the stream");
      await harness().settle(1000);
      for (let i = 31; i <= 40; i++) a.ns.send("onData", i, `message ${i}`);
      await harness().waitFor(() => [b, c].every((m) => m.calls.length === 40) && d.calls.at(-1)?.[0] === 40, 30_000, "the next 10 everywhere");
      const dSeen = d.calls.map((args) => args[0] as number);
      // A contiguous run ending with the last message, holding every message sent after it played.
      expect(dSeen).toEqual(Array.from({ length: dSeen.length }, (_, i) => 41 - dSeen.length + i));
      expect(dSeen.length).toBeGreaterThanOrEqual(10);
      expect(b.ns.time).toBeGreaterThan(0);
      expect(b.ns.multicastInfo).toBeInstanceOf(NetStreamMulticastInfo);
      expect(b.ns.multicastInfo.bytesPushedFromPeers + b.ns.multicastInfo.bytesRequestedFromPeers).toBeGreaterThan(0);
      expect(a.ns.multicastInfo.fragmentsPushedToPeers).toBeGreaterThan(0);

      a.ns.close();
      await harness().waitFor(() => [b, c, d].every((m) => groupNotices(m).length === 2 && streamCodes(m, "ns").includes("ns:NetStream.Play.UnpublishNotify")), 20_000, "UnpublishNotify");
      expect(groupNotices(c)).toEqual(["NetGroup.MulticastStream.PublishNotify:live", "NetGroup.MulticastStream.UnpublishNotify:live"]);
      expect(streamCodes(a, "ns")).toEqual(["ns:NetStream.Publish.Start", "ns:NetStream.Unpublish.Success"]);
      expect(codes(a.log).at(-1)).toBe("nc:NetStream.Connect.Closed");
    });

    it("has librtmfp's tuning defaults, throws before Connect.Success, and fails on a group without multicast", async () => {
      const nc = new NetConnection();
      connections.push(nc);
      const log: StatusEntry[] = [];
      recordStatus(log, "nc", nc);
      nc.connect(harness().connectUrl);
      await harness().waitFor(() => nc.connected, 20_000, "connected");
      const groupspec = multicastSpec().groupspecWithAuthorizations();
      const ns = new NetStream(nc, groupspec);
      expect([ns.multicastWindowDuration, ns.multicastRelayMarginDuration, ns.multicastFetchPeriod, ns.multicastAvailabilityUpdatePeriod, ns.multicastAvailabilitySendToAll, ns.multicastPushNeighborLimit]).toEqual([8, 2, 2.5, 0.1, false, 4]);
      ns.multicastWindowDuration = 4;
      expect(ns.multicastWindowDuration).toBe(4);
      expect(() => (ns.multicastFetchPeriod = -1)).toThrowError(/#2008/);
      expect(() => ns.publish("early")).toThrowError(IllegalOperationError);
      expect(() => ns.play("early")).toThrowError(IllegalOperationError);
      await harness().waitFor(() => log.some((e) => e.code === "NetStream.Connect.Success"), 20_000, "Connect.Success");
      expect(() => ns.play("now")).not.toThrow();

      const plain = new GroupSpecifier(`no-multicast/${Date.now()}/${counter++}`);
      plain.serverChannelEnabled = true;
      const refused = new NetStream(nc, plain.groupspecWithAuthorizations());
      await harness().waitFor(() => log.some((e) => e.code === "NetStream.Connect.Failed"), 20_000, "Connect.Failed");
      expect(log.find((e) => e.code === "NetStream.Connect.Failed")!.info).toEqual(jasmine.objectContaining({ level: "error", stream: refused }));
      expect(() => new NetStream(nc, "G:zz")).toThrowError(/#2004/);
    });

    it("drops forged fragments: from a member without the publish password, or not a message; honest players keep their stream", async () => {
      const spec = multicastSpec((s) => s.setPublishPassword("secret", "salt"));
      const holder = spec.groupspecWithAuthorizations();
      const withoutPassword = spec.groupspecWithoutAuthorizations();
      // a publishes and b plays, both holding the password (docs/passwords.md: only holders can check a tag); c does not.
      const [a, b, c] = (await groupOf(3, (i) => (i < 2 ? holder : withoutPassword))) as [Member, Member, Member];
      c.ns.publish("live");
      await harness().waitFor(() => c.log.some((e) => e.code === "NetStream.Publish.BadName"), 10_000, "BadName for the member without the password");
      expect(c.log.find((e) => e.code === "NetStream.Publish.BadName")!.info).toEqual(jasmine.objectContaining({ level: "error", details: "live" }));
      b.ns.play("live");
      a.ns.publish("live");
      await harness().waitFor(() => streamCodes(b, "ns").includes("ns:NetStream.Play.PublishNotify"), 20_000, "b follows the stream");
      a.ns.send("onData", 1);
      await harness().waitFor(() => b.calls.length === 1, 20_000, "the first message");

      // c forges the next fragments of a's stream: untagged, wrongly tagged, and not a message at all.
      const groupId = groupIdOf(holder);
      const multicastB = connectionInternals(b.nc)!.groups()!.multicastOf(groupId)!;
      const streamId = multicastB.liveStreams().find((stream) => stream.name === "live")!.streamId;
      const node = connectionInternals(c.nc)!.node()!;
      const forged = (seq: number, tag: Uint8Array, payload: Uint8Array): Uint8Array =>
        encodeFrame({ type: "fragment", group: groupTagOf(groupId), streamId, seq, time: 0, tag, payload });
      for (let seq = 2; seq <= 4; seq++) {
        node.sendEncoded(b.nc.nearID, forged(seq, new Uint8Array(0), encodeAmf3(["onData", "forged untagged"])));
        node.sendEncoded(b.nc.nearID, forged(seq, new Uint8Array(32).fill(7), encodeAmf3(["onData", "forged tag"])));
      }
      await harness().settle(500);
      for (let i = 2; i <= 4; i++) a.ns.send("onData", i);
      await harness().waitFor(() => b.calls.length === 4, 20_000, "the real messages");
      expect(b.calls).toEqual([[1], [2], [3], [4]]);
      expect(multicastB.stats.unauthorized).toBeGreaterThanOrEqual(6);
    });
  });
}

