/**
 * P2P NetStream as a SWF sees it, as event sequences: one suite run over the memory network (Node and Chromium) and
 * over real WebRTC through a real `flashmesh serve` (Chromium). DIRECT_CONNECTIONS: the publisher's
 * `client.onPeerConnect` decides, `NetStream.Connect.*` arrive on both NetConnections with `info.stream`, `send()`
 * reaches every accepted subscriber's `client` in order (reference §1.6, §2; choices in docs/netstream.md).
 */
import { ArgumentError, NetConnection, NetStream, NetStreamInfo, TypeError } from "../../as3-api/index.js";
import { connectionInternals } from "../../as3-api/flash/net/connectionInternals.js";
import { encodeAmf3 } from "../../as3-api/wire/amf3.js";
import { codes, recordStatus, type NetHarness, type StatusEntry } from "../support/netHarness.js";
import { useNetHarness } from "../support/useNetHarness.js";

const HEX64 = /^[0-9a-f]{64}$/;

/** One peer of a spec: its connection and everything it and its streams dispatched. */
export interface StreamPeer {
  readonly nc: NetConnection;
  readonly log: StatusEntry[];
}

/** A client that records every call of `handler`. */
export function recordingClient(calls: unknown[][], handler = "onData"): Record<string, (...args: unknown[]) => void> {
  return { [handler]: (...args: unknown[]) => void calls.push(args) };
}

export function runStreamSuite(networkName: string, makeHarness: () => NetHarness): void {
  describe(`P2P NetStream (DIRECT_CONNECTIONS) over ${networkName}`, () => {
    const connections: NetConnection[] = [];
    const harness = useNetHarness(makeHarness, connections);


    async function connectPeer(): Promise<StreamPeer> {
      const peer: StreamPeer = { nc: new NetConnection(), log: [] };
      connections.push(peer.nc);
      recordStatus(peer.log, "nc", peer.nc);
      peer.nc.connect(harness().connectUrl);
      await harness().waitFor(() => peer.log.length > 0, 20_000, "NetConnection.Connect.*");
      expect(codes(peer.log)).toEqual(["nc:NetConnection.Connect.Success"]);
      return peer;
    }

    function watch(peer: StreamPeer, label: string, stream: NetStream): NetStream {
      recordStatus(peer.log, label, stream as never);
      return stream;
    }

    const streamCodes = (peer: StreamPeer, prefix = "NetStream."): string[] => codes(peer.log.filter((entry) => entry.code.startsWith(prefix)));
    const received = (peer: StreamPeer, code: string): StatusEntry[] => peer.log.filter((entry) => entry.code === code);

    /** A publisher of `name` on `publisher`, with its client's onPeerConnect answering `decide`. */
    function publish(peer: StreamPeer, name: string, decide: (subscriber: NetStream) => boolean = () => true): { ns: NetStream; offered: NetStream[] } {
      const ns = watch(peer, "pub", new NetStream(peer.nc, NetStream.DIRECT_CONNECTIONS));
      const offered: NetStream[] = [];
      ns.client = {
        onPeerConnect: (subscriber: NetStream) => {
          offered.push(subscriber);
          return decide(subscriber);
        },
      };
      ns.publish(name);
      return { ns, offered };
    }

    function play(peer: StreamPeer, publisherID: string, name: string, calls: unknown[][], label = "sub"): NetStream {
      const ns = watch(peer, label, new NetStream(peer.nc, publisherID));
      ns.client = recordingClient(calls);
      ns.play(name);
      return ns;
    }

    it("connects a subscriber: onPeerConnect decides, Connect.Success on both sides with info.stream, sends arrive in order", async () => {
      const [a, b] = [await connectPeer(), await connectPeer()];
      const calls: unknown[][] = [];
      const { ns: pub, offered } = publish(a, "media", () => {
        pub.send("onData", "inside onPeerConnect: before acceptance");
        return true;
      });
      // The moment onPeerConnect returned true: everything sent from here on reaches the subscriber.
      a.nc.addEventListener("netStatus", (event) => {
        if (event.info.code === "NetStream.Connect.Success") for (let i = 1; i <= 20; i++) pub.send("onData", i, { seq: i, text: `message ${i}` });
      });
      const sub = play(b, a.nc.nearID, "media", calls);
      await harness().waitFor(() => calls.length === 20, 20_000, "20 messages");
      expect(calls.map((args) => args[0])).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(calls[4]).toEqual([5, { seq: 5, text: "message 5" }]);

      expect(streamCodes(a)).toEqual(["pub:NetStream.Publish.Start", "nc:NetStream.Connect.Success", "pub:NetStream.Play.Start"]);
      expect(streamCodes(b)).toEqual(["nc:NetStream.Connect.Success", "sub:NetStream.Play.Reset", "sub:NetStream.Play.Start"]);
      const aSuccess = received(a, "NetStream.Connect.Success")[0]!;
      const bSuccess = received(b, "NetStream.Connect.Success")[0]!;
      expect(aSuccess.info.level).toBe("status");
      expect(aSuccess.info["stream"]).toBe(offered[0]);
      expect(bSuccess.info["stream"]).toBe(sub);
      expect(received(a, "NetStream.Publish.Start")[0]!.info).toEqual(jasmine.objectContaining({ level: "status", details: "media" }));
      expect(received(b, "NetStream.Play.Start")[0]!.info).toEqual(jasmine.objectContaining({ level: "status", details: "media" }));

      // farID and nonces: each side names the other, and the nonces pair up.
      const subscriber = offered[0]!;
      expect(offered.length).toBe(1);
      expect(subscriber.farID).toBe(b.nc.nearID);
      expect(sub.farID).toBe(a.nc.nearID);
      expect(pub.farID).toBe("");
      expect(sub.nearNonce).toMatch(HEX64);
      expect(subscriber.nearNonce).toMatch(HEX64);
      expect(subscriber.farNonce).toBe(sub.nearNonce);
      expect(sub.farNonce).toBe(subscriber.nearNonce);
      expect(pub.peerStreams).toEqual([subscriber]);
      expect(a.nc.unconnectedPeerStreams).toEqual([]);
      expect(sub.peerStreams).toEqual([]);

      // time and info: stream time runs on the publisher, players see the publisher's time of the last message.
      await harness().settle(1500);
      pub.send("onData", "late");
      await harness().waitFor(() => calls.length === 21, 10_000, "the late message");
      expect(pub.time).toBeGreaterThanOrEqual(1.4);
      expect(sub.time).toBeGreaterThan(1);
      expect(sub.time).toBeLessThanOrEqual(pub.time);
      expect(pub.info).toBeInstanceOf(NetStreamInfo);
      expect(pub.info.dataByteCount).toBeGreaterThan(20 * 10);
      // The publisher counted the message sent before acceptance too; the subscriber never saw it.
      expect(sub.info.dataByteCount).toBe(pub.info.dataByteCount - encodeAmf3(["onData", "inside onPeerConnect: before acceptance"]).length);
      expect(sub.info.resourceName).toBe("media");
    });

    it("refuses a subscriber when onPeerConnect returns false: Connect.Rejected on its side, nothing on the publisher's", async () => {
      const [a, b] = [await connectPeer(), await connectPeer()];
      const { ns: pub, offered } = publish(a, "media", () => false);
      const calls: unknown[][] = [];
      const sub = play(b, a.nc.nearID, "media", calls);
      await harness().waitFor(() => b.log.length > 1, 20_000, "the answer");
      expect(streamCodes(b)).toEqual(["nc:NetStream.Connect.Rejected"]);
      const rejected = received(b, "NetStream.Connect.Rejected")[0]!;
      expect(rejected.info.level).toBe("error");
      expect(rejected.info["stream"]).toBe(sub);
      expect(offered.length).toBe(1);
      expect(offered[0]!.farID).toBe(b.nc.nearID);
      pub.send("onData", "nobody hears this");
      await harness().settle(500);
      expect(pub.peerStreams).toEqual([]);
      expect(calls).toEqual([]);
      expect(streamCodes(a)).toEqual(["pub:NetStream.Publish.Start"]);
    });

    it("enforces maxPeerConnections: a subscriber past it is refused before onPeerConnect", async () => {
      const [a, b, c] = [await connectPeer(), await connectPeer(), await connectPeer()];
      a.nc.maxPeerConnections = 1;
      const { ns: pub, offered } = publish(a, "media");
      const bCalls: unknown[][] = [];
      const cCalls: unknown[][] = [];
      play(b, a.nc.nearID, "media", bCalls);
      await harness().waitFor(() => pub.peerStreams.length === 1, 20_000, "the first subscriber");
      play(c, a.nc.nearID, "media", cCalls);
      await harness().waitFor(() => c.log.length > 1, 20_000, "the second subscriber's answer");
      expect(streamCodes(c)).toEqual(["nc:NetStream.Connect.Rejected"]);
      expect(offered.length).toBe(1);
      pub.send("onData", "only b");
      await harness().waitFor(() => bCalls.length === 1, 10_000, "b's message");
      expect(cCalls).toEqual([]);
      // Raising the limit lets the next one in.
      a.nc.maxPeerConnections = 8;
      const c2 = play(c, a.nc.nearID, "media", cCalls, "sub2");
      await harness().waitFor(() => received(c, "NetStream.Connect.Success").length === 1, 20_000, "the third subscriber");
      expect(received(c, "NetStream.Connect.Success")[0]!.info["stream"]).toBe(c2);
    });

    it("sends through a subscriber stream to that peer only; send() on the publisher reaches every subscriber", async () => {
      const [a, b, c] = [await connectPeer(), await connectPeer(), await connectPeer()];
      const { ns: pub } = publish(a, "media");
      const bCalls: unknown[][] = [];
      const cCalls: unknown[][] = [];
      play(b, a.nc.nearID, "media", bCalls);
      play(c, a.nc.nearID, "media", cCalls);
      await harness().waitFor(() => [b, c].every((peer) => received(peer, "NetStream.Play.Start").length === 1), 20_000, "two subscribers");
      const toB = pub.peerStreams.find((stream) => stream.farID === b.nc.nearID)!;
      toB.send("onData", "private to b");
      pub.send("onData", "to everyone");
      await harness().waitFor(() => bCalls.length === 2 && cCalls.length === 1, 10_000, "the messages");
      expect(bCalls).toEqual([["private to b"], ["to everyone"]]);
      expect(cCalls).toEqual([["to everyone"]]);
    });

    it("holds a subscriber in unconnectedPeerStreams until its name is published", async () => {
      const [a, b] = [await connectPeer(), await connectPeer()];
      const calls: unknown[][] = [];
      play(b, a.nc.nearID, "later", calls);
      await harness().waitFor(() => a.nc.unconnectedPeerStreams.length === 1, 20_000, "the waiting subscriber");
      const waiting = a.nc.unconnectedPeerStreams[0] as NetStream;
      expect(waiting).toBeInstanceOf(NetStream);
      expect(waiting.farID).toBe(b.nc.nearID);
      expect(streamCodes(b)).toEqual([]);
      const { offered } = publish(a, "later");
      await harness().waitFor(() => received(b, "NetStream.Play.Start").length === 1, 10_000, "the subscriber taken");
      expect(offered).toEqual([waiting]);
      expect(a.nc.unconnectedPeerStreams).toEqual([]);
      expect(streamCodes(b)).toEqual(["nc:NetStream.Connect.Success", "sub:NetStream.Play.Reset", "sub:NetStream.Play.Start"]);
    });

    it("closes: a subscriber's close() and a publisher's close() say Connect.Closed on both sides", async () => {
      const [a, b, c] = [await connectPeer(), await connectPeer(), await connectPeer()];
      const { ns: pub } = publish(a, "media");
      const bCalls: unknown[][] = [];
      const cCalls: unknown[][] = [];
      const bSub = play(b, a.nc.nearID, "media", bCalls);
      const cSub = play(c, a.nc.nearID, "media", cCalls);
      await harness().waitFor(() => [b, c].every((peer) => received(peer, "NetStream.Play.Start").length === 1), 20_000, "two subscribers");
      const bSide = pub.peerStreams.find((stream) => stream.farID === b.nc.nearID)!;
      bSub.close();
      await harness().waitFor(() => received(a, "NetStream.Connect.Closed").length === 1 && received(b, "NetStream.Connect.Closed").length === 1, 10_000, `Closed for b on both sides: ${streamCodes(a)} / ${streamCodes(b)}`);
      expect(received(a, "NetStream.Connect.Closed")[0]!.info).toEqual({ code: "NetStream.Connect.Closed", level: "status", stream: bSide, description: jasmine.any(String) });
      expect(received(b, "NetStream.Connect.Closed")[0]!.info["stream"]).toBe(bSub);
      expect(pub.peerStreams.map((stream) => stream.farID)).toEqual([c.nc.nearID]);
      pub.send("onData", "after b left");
      await harness().waitFor(() => cCalls.length === 1, 10_000, "c's message");
      expect(bCalls).toEqual([]);

      pub.close();
      await harness().waitFor(() => received(c, "NetStream.Connect.Closed").length === 1, 10_000, "Closed on c");
      expect(received(c, "NetStream.Connect.Closed")[0]!.info["stream"]).toBe(cSub);
      expect(streamCodes(a).slice(-2)).toEqual(["pub:NetStream.Unpublish.Success", "nc:NetStream.Connect.Closed"]);
      expect(received(a, "NetStream.Connect.Closed").length).toBe(2);
      expect(pub.peerStreams).toEqual([]);
    });

    it("a subscriber that leaves (its NetConnection closes) is Connect.Closed on the publisher", async () => {
      const [a, b] = [await connectPeer(), await connectPeer()];
      const { ns: pub } = publish(a, "media");
      play(b, a.nc.nearID, "media", []);
      await harness().waitFor(() => pub.peerStreams.length === 1, 20_000, "the subscriber");
      const side = pub.peerStreams[0]!;
      b.nc.close();
      await harness().waitFor(() => received(a, "NetStream.Connect.Closed").length === 1, 30_000, "Closed on the publisher");
      expect(received(a, "NetStream.Connect.Closed")[0]!.info["stream"]).toBe(side);
      expect(pub.peerStreams).toEqual([]);
    });

    it("with dataReliable = false, sends go unordered on the link's unreliable channel and still arrive here", async () => {
      const [a, b] = [await connectPeer(), await connectPeer()];
      const { ns: pub } = publish(a, "game");
      const calls: unknown[][] = [];
      play(b, a.nc.nearID, "game", calls);
      await harness().waitFor(() => pub.peerStreams.length === 1, 20_000, "the subscriber");
      // The negotiated channel opens a moment after the link; then frames really take it.
      const node = connectionInternals(a.nc)!.node()!;
      await harness().waitFor(() => node.hasUnreliableChannel(b.nc.nearID), 10_000, "the unreliable channel");
      pub.dataReliable = false;
      expect(pub.dataReliable).toBeFalse();
      for (let i = 0; i < 30; i++) pub.send("onData", i);
      // No loss on this network: every message arrives, in whatever order.
      await harness().waitFor(() => calls.length === 30, 10_000, "30 unreliable messages");
      expect(calls.map((args) => args[0] as number).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    });

    it("rejects bad arguments as Flash does", async () => {
      const a = await connectPeer();
      expect(() => new NetStream(new NetConnection(), NetStream.DIRECT_CONNECTIONS)).toThrowMatching((error) => error instanceof ArgumentError && (error as ArgumentError).errorID === 2126);
      expect(() => new NetStream(a.nc, "not a peer ID")).toThrowMatching((error) => error instanceof ArgumentError && (error as ArgumentError).errorID === 2004);
      const pub = new NetStream(a.nc, NetStream.DIRECT_CONNECTIONS);
      pub.publish("x");
      expect(() => pub.send("onData", () => 1)).toThrowMatching((error) => error instanceof ArgumentError && (error as ArgumentError).errorID === 2004);
      expect(() => (pub.client = null as unknown as object)).toThrowError(TypeError);
      const twice = watch(a, "twice", new NetStream(a.nc, NetStream.DIRECT_CONNECTIONS));
      twice.publish("x");
      await harness().waitFor(() => received(a, "NetStream.Publish.BadName").length === 1, 5000, "BadName");
      expect(received(a, "NetStream.Publish.BadName")[0]!.info).toEqual(jasmine.objectContaining({ level: "error", details: "x" }));
    });
  });
}
