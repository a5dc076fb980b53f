/**
 * P2P NetStreams against bad input, over the memory network (simulated time): unknown peers and names, clients
 * without the handler, malformed and forged frames, a subscriber that floods, a peer that advertises fragments and
 * never sends them, a publisher that vanishes. Flash's errors or NetStatus codes; nothing throws out of the engine;
 * honest players keep their stream (docs/netstream.md).
 */
import { AsyncErrorEvent, NetConnection, NetStream, ReferenceError } from "../../as3-api/index.js";
import { connectionInternals } from "../../as3-api/flash/net/connectionInternals.js";
import type { DirectStreams } from "../../as3-api/engine/index.js";
import { encodeAmf3 } from "../../as3-api/wire/amf3.js";
import { encodeFrame, groupTagOf } from "../../as3-api/wire/frames.js";
import { groupIdOf } from "../../as3-api/wire/identity.js";
import { encodeStreamFrame, STREAM_FRAME_FAMILY } from "../../as3-api/wire/streamFrames.js";
import { codes, memoryNetHarness, recordStatus, type StatusEntry } from "../support/netHarness.js";
import { groupNotices, multicastHelpers, multicastSpec, streamCodes, type Member } from "./multicast-suite.js";
import { recordingClient } from "./stream-suite.js";
import { useNetHarness } from "../support/useNetHarness.js";

describe("P2P NetStream against bad input (memory network)", () => {
  const connections: NetConnection[] = [];
  const harness = useNetHarness(() => memoryNetHarness(), connections);
  const { groupOf } = multicastHelpers(harness, connections);


  async function connect(): Promise<{ nc: NetConnection; log: StatusEntry[] }> {
    const nc = new NetConnection();
    connections.push(nc);
    const log: StatusEntry[] = [];
    recordStatus(log, "nc", nc);
    nc.connect(harness().connectUrl);
    await harness().waitFor(() => nc.connected, 10_000, "connected");
    return { nc, log };
  }

  function directOf(nc: NetConnection): DirectStreams {
    return connectionInternals(nc)!.streams()!.direct;
  }

  it("plays from a peer that does not exist: NetStream.Connect.Failed with info.stream", async () => {
    const a = await connect();
    const ns = new NetStream(a.nc, "ab".repeat(32));
    ns.play("anything");
    await harness().waitFor(() => a.log.length > 1, 30_000, "the failure");
    expect(codes(a.log)).toEqual(["nc:NetConnection.Connect.Success", "nc:NetStream.Connect.Failed"]);
    expect(a.log[1]!.info).toEqual(jasmine.objectContaining({ level: "error", stream: ns }));
  });

  it("gives a client without the handler Flash's asyncError #2095, and the next message still arrives", async () => {
    const [a, b] = [await connect(), await connect()];
    const pub = new NetStream(a.nc, NetStream.DIRECT_CONNECTIONS);
    pub.publish("media");
    const sub = new NetStream(b.nc, a.nc.nearID);
    const calls: unknown[][] = [];
    sub.client = recordingClient(calls);
    const errors: AsyncErrorEvent[] = [];
    sub.addEventListener("asyncError", (event) => void errors.push(event));
    sub.play("media");
    await harness().waitFor(() => pub.peerStreams.length === 1 && b.log.some((e) => e.code === "NetStream.Connect.Success"), 10_000, "connected");
    pub.send("noSuchHandler", 1);
    pub.send("onData", 2);
    await harness().waitFor(() => calls.length === 1, 10_000, "the second message");
    expect(errors.length).toBe(1);
    expect(errors[0]!.error).toBeInstanceOf(ReferenceError);
    expect(errors[0]!.text).toBe("Error #2095: flash.net.NetStream was unable to invoke callback noSuchHandler.");
    expect(calls).toEqual([[2]]);
  });

  it("drops malformed direct frames and frames for subscriptions that do not exist, and keeps serving", async () => {
    const [a, b] = [await connect(), await connect()];
    const pub = new NetStream(a.nc, NetStream.DIRECT_CONNECTIONS);
    pub.publish("media");
    const calls: unknown[][] = [];
    const sub = new NetStream(b.nc, a.nc.nearID);
    sub.client = recordingClient(calls);
    sub.play("media");
    await harness().waitFor(() => b.log.some((e) => e.code === "NetStream.Play.Start" || e.code === "NetStream.Connect.Success"), 10_000, "connected");
    const node = connectionInternals(b.nc)!.node()!;
    const garbage = [
      Uint8Array.of(STREAM_FRAME_FAMILY),
      Uint8Array.of(STREAM_FRAME_FAMILY, 99, 1, 2, 3),
      Uint8Array.of(STREAM_FRAME_FAMILY, 1, 0, 0, 0, 1), // a play cut short
      Uint8Array.of(STREAM_FRAME_FAMILY, 3, 0, 0, 0, 1, 77), // a reject with an unknown reason
    ];
    for (const bytes of garbage) node.sendEncoded(a.nc.nearID, bytes);
    // Frames naming subscriptions that do not exist, in both directions.
    node.sendEncoded(a.nc.nearID, encodeStreamFrame({ type: "unplay", stream: 12345 }));
    connectionInternals(a.nc)!.node()!.sendEncoded(b.nc.nearID, encodeStreamFrame({ type: "data", stream: 999, time: 0, payload: encodeAmf3(["onData", "forged"]) }));
    await harness().settle(500);
    pub.send("onData", "still here");
    await harness().waitFor(() => calls.length === 1, 10_000, "the message");
    expect(calls).toEqual([["still here"]]);
    expect(directOf(a.nc).stats.malformedFrames).toBe(garbage.length);
    expect(directOf(a.nc).stats.strayFrames).toBe(1);
    expect(directOf(b.nc).stats.strayFrames).toBe(1);
  });

  it("refuses a subscriber that floods play requests past the per-peer limit, and still serves an honest one", async () => {
    const [a, flood, honest] = [await connect(), await connect(), await connect()];
    a.nc.maxPeerConnections = 1000;
    const pub = new NetStream(a.nc, NetStream.DIRECT_CONNECTIONS);
    pub.client = { onPeerConnect: () => true };
    pub.publish("media");
    // The flooder opens a link the ordinary way, then sends raw play requests.
    const first = new NetStream(flood.nc, a.nc.nearID);
    first.play("media");
    await harness().waitFor(() => pub.peerStreams.length === 1, 10_000, "the flooder's first subscription");
    const node = connectionInternals(flood.nc)!.node()!;
    for (let i = 0; i < 500; i++) node.sendEncoded(a.nc.nearID, encodeStreamFrame({ type: "play", stream: 100_000 + i, nonce: "00".repeat(32), name: "media" }));
    await harness().settle(1000);
    const limit = directOf(a.nc).options.maxRequestsPerPeer;
    expect(directOf(a.nc).inboundFrom(flood.nc.nearID)).toBe(limit);
    expect(directOf(a.nc).stats.floodedRequests).toBe(500 + 1 - limit);
    const calls: unknown[][] = [];
    const sub = new NetStream(honest.nc, a.nc.nearID);
    sub.client = recordingClient(calls);
    sub.play("media");
    await harness().waitFor(() => honest.log.some((e) => e.code === "NetStream.Connect.Success"), 10_000, "the honest subscriber");
    pub.send("onData", "for everyone");
    await harness().waitFor(() => calls.length === 1, 10_000, "the honest subscriber's message");
  });

  it("a publisher that vanishes (crash): its subscribers hear NetStream.Connect.Closed", async () => {
    const [a, b] = [await connect(), await connect()];
    const pub = new NetStream(a.nc, NetStream.DIRECT_CONNECTIONS);
    pub.publish("media");
    const sub = new NetStream(b.nc, a.nc.nearID);
    sub.play("media");
    await harness().waitFor(() => b.log.some((e) => e.code === "NetStream.Connect.Success"), 10_000, "connected");
    harness().network.crash(a.nc.nearID);
    await harness().waitFor(() => b.log.some((e) => e.code === "NetStream.Connect.Closed"), 30_000, "Connect.Closed");
    expect(b.log.find((e) => e.code === "NetStream.Connect.Closed")!.info["stream"]).toBe(sub);
  });

  it("multicast: a publisher that vanishes is unpublished everywhere once its announcements stop", async () => {
    const groupspec = multicastSpec().groupspecWithAuthorizations();
    const [a, b, c] = (await groupOf(3, groupspec)) as [Member, Member, Member];
    b.ns.play("live");
    a.ns.publish("live");
    await harness().waitFor(() => [b, c].every((m) => groupNotices(m).length === 1), 20_000, "PublishNotify");
    harness().network.crash(a.nc.nearID);
    await harness().waitFor(() => [b, c].every((m) => groupNotices(m).length === 2), 90_000, "UnpublishNotify");
    expect(groupNotices(c)).toEqual(["NetGroup.MulticastStream.PublishNotify:live", "NetGroup.MulticastStream.UnpublishNotify:live"]);
    expect(streamCodes(b, "ns").at(-1)).toBe("ns:NetStream.Play.UnpublishNotify");
  });

  it("multicast: drops fragments that are not messages, for unknown streams or far ahead, and ignores a peer that advertises fragments it never sends", async () => {
    const groupspec = multicastSpec().groupspecWithAuthorizations();
    const members = (await groupOf(4, groupspec)) as [Member, Member, Member, Member];
    const [a, b, c, liar] = members;
    // A 30 s window (Flash's multicastWindowDuration) leaves room for about 25 fetches of a fragment: what is tested
    // is that the liar does not starve the honest holder, not how often 20% loss each way beats an 8 s window.
    for (const m of [a, b, c]) m.ns.multicastWindowDuration = 30;
    b.ns.play("live");
    c.ns.play("live");
    a.ns.publish("live");
    await harness().waitFor(() => [b, c].every((m) => streamCodes(m, "ns").includes("ns:NetStream.Play.PublishNotify")), 20_000, "players follow");
    const groupId = groupIdOf(groupspec);
    const multicastB = connectionInternals(b.nc)!.groups()!.multicastOf(groupId)!;
    const streamId = multicastB.liveStreams()[0]!.streamId;
    const liarNode = connectionInternals(liar.nc)!.node()!;
    const tag = groupTagOf(groupId);
    // The liar claims to hold fragments 1..4096 of the stream, all the time, and never answers a fetch (it does not play).
    const claim = encodeFrame({ type: "have", group: tag, streamId, first: 1, bits: new Uint8Array(512).fill(255) });
    const told = [a, b, c].map((m) => m.nc.nearID);
    let lying = true;
    const lie = (): void => {
      if (!lying) return;
      for (const peerId of told) liarNode.sendEncoded(peerId, claim);
      harness().scheduler.setTimer(100, lie);
    };
    lie();
    // Forgeries: not a message, an unknown stream, a number far ahead.
    for (const m of [b, c]) {
      liarNode.sendEncoded(m.nc.nearID, encodeFrame({ type: "fragment", group: tag, streamId, seq: 1, time: 0, tag: new Uint8Array(0), payload: Uint8Array.of(0xff, 0xfe) }));
      liarNode.sendEncoded(m.nc.nearID, encodeFrame({ type: "fragment", group: tag, streamId: "0102030405060708", seq: 1, time: 0, tag: new Uint8Array(0), payload: encodeAmf3(["onData", "x"]) }));
      liarNode.sendEncoded(m.nc.nearID, encodeFrame({ type: "fragment", group: tag, streamId, seq: 1_000_000, time: 0, tag: new Uint8Array(0), payload: encodeAmf3(["onData", "x"]) }));
    }
    // Lose a fifth of what a and the players send each other, so they must fetch: from the liar first, perhaps, then from a.
    for (const m of [b, c]) harness().network.setConditions(a.nc.nearID, m.nc.nearID, { loss: 0.2 });
    for (let i = 1; i <= 20; i++) a.ns.send("onData", i);
    try {
      await harness().waitFor(() => [b, c].every((m) => m.calls.length === 20), 60_000, "every message despite the liar and the loss");
    } finally {
      lying = false;
    }
    for (const m of [b, c]) expect(m.calls).toEqual(Array.from({ length: 20 }, (_, i) => [i + 1]));
    expect(multicastB.stats.malformedFragments).toBeGreaterThanOrEqual(1);
    expect(multicastB.stats.strayFragments).toBeGreaterThanOrEqual(2);
    expect(b.ns.multicastInfo.fragmentsRequestedFromPeers + c.ns.multicastInfo.fragmentsRequestedFromPeers).toBeGreaterThan(0);
  });
});
