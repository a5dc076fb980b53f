/**
 * NetConnection and NetGroup as a SWF sees them, as event sequences: one suite run over the memory network (Node
 * and Chromium) and over real WebRTC through a real `flashmesh serve` (Chromium). Codes, levels, targets and info
 * fields are the reference's (§2); order is Flash's: NetConnection.Connect.Success, then NetGroup.Connect.Success
 * on the NetConnection, then the group's own events on the NetGroup.
 */
import { NetGroupChat, type ChatMessage } from "../../examples/netgroup-chat/NetGroupChat.js";
import {
  ArgumentError,
  convertPeerIDToGroupAddress,
  GroupSpecifier,
  IllegalOperationError,
  NetConnection,
  NetGroup,
  NetGroupReceiveMode,
  NetGroupSendMode,
  NetGroupSendResult,
  NetStatusEvent,
  Responder,
} from "../../as3-api/index.js";
import { encodeAmf3 } from "../../as3-api/wire/amf3.js";
import { bytesToHex } from "../../as3-api/wire/bytes.js";
import { sha256 } from "../../as3-api/wire/sha256.js";
import { codes, recordStatus, type NetHarness, type StatusEntry } from "../support/netHarness.js";
import { useNetHarness } from "../support/useNetHarness.js";

const HEX64 = /^[0-9a-f]{64}$/;
let groupCounter = 0;

/** A groupspec unique to this run and spec. */
function spec(configure: (spec: GroupSpecifier) => void = () => undefined): GroupSpecifier {
  const groupspec = new GroupSpecifier(`net-suite/${Date.now()}/${groupCounter++}`);
  groupspec.serverChannelEnabled = true;
  groupspec.postingEnabled = true;
  groupspec.routingEnabled = true;
  configure(groupspec);
  return groupspec;
}

/** One peer of a spec: its connection, group and everything both dispatched. */
interface Peer {
  readonly nc: NetConnection;
  ng: NetGroup | null;
  readonly log: StatusEntry[];
}

export function runNetSuite(networkName: string, makeHarness: () => NetHarness): void {
  describe(`NetConnection and NetGroup over ${networkName}`, () => {
    const connections: NetConnection[] = [];
    const harness = useNetHarness(makeHarness, connections);


    async function connectPeer(): Promise<Peer> {
      const peer: Peer = { nc: new NetConnection(), ng: null, log: [] };
      connections.push(peer.nc);
      recordStatus(peer.log, "nc", peer.nc);
      peer.nc.connect(harness().connectUrl);
      await harness().waitFor(() => peer.log.length > 0, 20_000, "NetConnection.Connect.*");
      expect(codes(peer.log)).toEqual(["nc:NetConnection.Connect.Success"]);
      return peer;
    }

    /** Peers connected and joined to `groupspec`, each with every other as a neighbour. */
    async function groupOf(count: number, groupspecs: string | string[]): Promise<Peer[]> {
      const peers: Peer[] = [];
      for (let i = 0; i < count; i++) {
        const peer = await connectPeer();
        peer.ng = new NetGroup(peer.nc, Array.isArray(groupspecs) ? groupspecs[i]! : groupspecs);
        recordStatus(peer.log, "ng", peer.ng);
        peers.push(peer);
      }
      await harness().waitFor(() => peers.every((peer) => peer.ng!.neighborCount === count - 1), 30_000, `a full mesh of ${count}`);
      return peers;
    }

    const received = (peer: Peer, code: string): StatusEntry[] => peer.log.filter((entry) => entry.code === code);

    it("connects with Flash's properties, and dispatches Connect.Success only after connect() returned", async () => {
      const nc = new NetConnection();
      connections.push(nc);
      const log: StatusEntry[] = [];
      nc.connect(harness().connectUrl);
      recordStatus(log, "nc", nc); // added after connect(): Flash's events are never dispatched inside the call
      expect(nc.connected).toBeFalse();
      expect(nc.uri).toBe(harness().connectUrl);
      await harness().waitFor(() => log.length > 0, 20_000, "Connect.Success");
      expect(codes(log)).toEqual(["nc:NetConnection.Connect.Success"]);
      expect(log[0]!.info.level).toBe("status");
      expect(nc.connected).toBeTrue();
      expect(nc.nearID).toMatch(HEX64);
      expect(nc.farID).toMatch(HEX64);
      expect(nc.farID).not.toBe(nc.nearID);
      expect(nc.nearNonce).toMatch(HEX64);
      expect(nc.farNonce).toMatch(HEX64);
      expect(nc.protocol).toBe("rtmfp");
      expect(nc.maxPeerConnections).toBe(8);
      expect(nc.unconnectedPeerStreams).toEqual([]);
      expect(nc.usingTLS).toBeFalse();
      expect(nc.connectedProxyType).toBe("none");
    });

    it("runs Adobe's NetGroup chat sample among three peers with Flash's events in Flash's order", async () => {
      const groupName = `chat/${Date.now()}/${groupCounter++}`;
      const chats: { chat: NetGroupChat; log: StatusEntry[]; messages: ChatMessage[]; neighbours: readonly string[] }[] = [];
      for (const user of ["alice", "bob", "carol"]) {
        const entry = { chat: null as unknown as NetGroupChat, log: [] as StatusEntry[], messages: [] as ChatMessage[], neighbours: [] as readonly string[] };
        entry.chat = new NetGroupChat(harness().connectUrl, user, {
          status: () => undefined,
          message: (message, local) => void (local ? undefined : entry.messages.push(message)),
          neighbours: (list) => void (entry.neighbours = list),
        }, groupName);
        recordStatus(entry.log, "nc", entry.chat.netConnection);
        // Listen on the NetGroup as soon as the sample creates it in its Connect.Success handler (priority -1: after it).
        entry.chat.netConnection.addEventListener(NetStatusEvent.NET_STATUS, (event) => {
          if (event.info.code === "NetConnection.Connect.Success") recordStatus(entry.log, "ng", entry.chat.netGroup!);
        }, false, -1);
        connections.push(entry.chat.netConnection);
        entry.chat.connect();
        chats.push(entry);
        await harness().waitFor(() => entry.chat.connected, 20_000, `${user} in the group`);
      }
      await harness().waitFor(() => chats.every((c) => c.neighbours.length === 2), 30_000, "every chat to list two neighbours");
      for (const [i, { chat }] of chats.entries()) chat.sendMessage(`hello from ${chat.user} (${i})`);
      await harness().waitFor(() => chats.every((c) => c.messages.length === 2), 20_000, "every chat to hear the two others");

      const nearIDs = chats.map((c) => c.chat.netConnection.nearID);
      for (const [i, { chat, log, messages, neighbours }] of chats.entries()) {
        const others = nearIDs.filter((_, j) => j !== i);
        // Flash's order: the connection, then the group (on the NetConnection), then the group's own events.
        expect(codes(log).slice(0, 2)).toEqual(["nc:NetConnection.Connect.Success", "nc:NetGroup.Connect.Success"]);
        expect(log[1]!.info["group"]).toBe(chat.netGroup);
        expect(log[1]!.info.level).toBe("status");
        expect(new Set(codes(log).slice(2))).toEqual(new Set(["ng:NetGroup.Neighbor.Connect", "ng:NetGroup.Posting.Notify"]));
        const connects = received({ nc: chat.netConnection, ng: chat.netGroup, log }, "NetGroup.Neighbor.Connect");
        expect(connects.map((entry) => entry.info["peerID"]).sort()).toEqual([...others].sort());
        for (const entry of connects) {
          expect(entry.info["neighbor"]).toBe(convertPeerIDToGroupAddress(entry.info["peerID"] as string));
          expect(entry.info.level).toBe("status");
        }
        expect([...neighbours].sort()).toEqual([...others].sort());
        // Each post heard once, from the two others, never one's own.
        expect(messages.map((m) => m.user).sort()).toEqual(["alice", "bob", "carol"].filter((u) => u !== chat.user));
        for (const message of messages) {
          const sender = chats.find((c) => c.chat.user === message.user)!.chat;
          expect(message.sender).toBe(convertPeerIDToGroupAddress(sender.netConnection.nearID));
          expect(message.sequence).toBe(0);
          expect(message.text).toContain(`hello from ${message.user}`);
        }
        for (const entry of log.filter((e) => e.code === "NetGroup.Posting.Notify")) {
          expect(entry.info["messageID"]).toBe(bytesToHex(sha256(encodeAmf3(entry.info["message"]))));
        }
      }
    });

    it("routes with sendToNearest hop by hop, fromLocal true where it ends (Flash's recursive routing)", async () => {
      const peers = await groupOf(3, spec().toString());
      const [a, b] = peers as [Peer, Peer];
      const bAddress = convertPeerIDToGroupAddress(b.nc.nearID);
      const aAddress = a.ng!.convertPeerIDToGroupAddress(a.nc.nearID);
      // The app on B re-sends what is not yet local, as Flash's documentation says to.
      b.ng!.addEventListener(NetStatusEvent.NET_STATUS, (event) => {
        if (event.info.code === "NetGroup.SendTo.Notify" && !event.info["fromLocal"]) b.ng!.sendToNearest(event.info["message"], (event.info["message"] as { to: string }).to);
      });
      expect(a.ng!.sendToNearest({ to: bAddress, text: "routed" }, bAddress)).toBe(NetGroupSendResult.SENT);
      await harness().waitFor(() => received(b, "NetGroup.SendTo.Notify").length === 2, 10_000, "the routed message to arrive and end at B");
      const [hop, end] = received(b, "NetGroup.SendTo.Notify") as [StatusEntry, StatusEntry];
      expect(hop.info).toEqual({ code: "NetGroup.SendTo.Notify", level: "status", message: { to: bAddress, text: "routed" }, from: aAddress, fromLocal: false });
      expect(end.info).toEqual({ code: "NetGroup.SendTo.Notify", level: "status", message: { to: bAddress, text: "routed" }, from: bAddress, fromLocal: true });

      // Exactly one's own address: taken locally, after the call returned.
      expect(a.ng!.sendToNearest("to me", aAddress)).toBe(NetGroupSendResult.SENT);
      expect(received(a, "NetGroup.SendTo.Notify").length).toBe(0);
      await harness().waitFor(() => received(a, "NetGroup.SendTo.Notify").length === 1, 5000, "local delivery");
      expect(received(a, "NetGroup.SendTo.Notify")[0]!.info["fromLocal"]).toBeTrue();

      // An address next to A's own (no member has it): A is nearest, so EXACT has no route and NEAREST takes it.
      const nearA = aAddress.slice(0, 63) + (aAddress[63] === "0" ? "1" : "0");
      expect(a.ng!.sendToNearest("nobody", nearA)).toBe(NetGroupSendResult.NO_ROUTE);
      a.ng!.receiveMode = NetGroupReceiveMode.NEAREST;
      expect(a.ng!.sendToNearest("nearest", nearA)).toBe(NetGroupSendResult.SENT);
      await harness().waitFor(() => received(a, "NetGroup.SendTo.Notify").length === 2, 5000, "NEAREST delivery");
      expect(a.ng!.sendToNearest("bad address", "xyz")).toBe(NetGroupSendResult.ERROR);
    });

    it("sends to ring neighbours with sendToNeighbor and to all with sendToAllNeighbors", async () => {
      const peers = await groupOf(3, spec().toString());
      const a = peers[0]!;
      const address = (peer: Peer): string => convertPeerIDToGroupAddress(peer.nc.nearID);
      const others = peers.slice(1);
      // The successor is the member whose address follows A's going up the ring (mod 2^256).
      const clockwise = (peer: Peer): string => (address(peer) > address(a) ? "0" : "1") + address(peer);
      const successor = [...others].sort((x, y) => (clockwise(x) < clockwise(y) ? -1 : 1))[0]!;
      const predecessor = others.find((peer) => peer !== successor)!;

      expect(a.ng!.sendToNeighbor({ n: 1 }, NetGroupSendMode.NEXT_INCREASING)).toBe(NetGroupSendResult.SENT);
      await harness().waitFor(() => received(successor, "NetGroup.SendTo.Notify").length === 1, 10_000, "the successor to hear");
      expect(received(successor, "NetGroup.SendTo.Notify")[0]!.info).toEqual({ code: "NetGroup.SendTo.Notify", level: "status", message: { n: 1 }, from: address(a), fromLocal: false });
      expect(a.ng!.sendToNeighbor({ n: 2 }, NetGroupSendMode.NEXT_DECREASING)).toBe(NetGroupSendResult.SENT);
      await harness().waitFor(() => received(predecessor, "NetGroup.SendTo.Notify").length === 1, 10_000, "the predecessor to hear");
      expect(received(predecessor, "NetGroup.SendTo.Notify")[0]!.info["message"]).toEqual({ n: 2 });

      expect(a.ng!.sendToAllNeighbors({ n: 3 })).toBe(NetGroupSendResult.SENT);
      await harness().waitFor(() => others.every((peer) => received(peer, "NetGroup.SendTo.Notify").length === 2), 10_000, "both neighbours to hear");
      expect(() => a.ng!.sendToNeighbor("x", "sideways")).toThrowMatching((error) => error instanceof ArgumentError && error.errorID === 2008 && error.message === "Error #2008: Parameter sendMode must be one of the accepted values.");
    });

    it("reports the group: member estimate, neighbours, coverage and measured byte rates", async () => {
      const peers = await groupOf(3, spec().toString());
      const a = peers[0]!;
      expect(a.ng!.neighborCount).toBe(2);
      expect(a.ng!.estimatedMemberCount).toBe(3);
      expect(a.ng!.localCoverageFrom).toMatch(HEX64);
      expect(a.ng!.localCoverageTo).toMatch(HEX64);
      for (let i = 0; i < 20; i++) a.ng!.post({ i, text: "x".repeat(100) });
      await harness().waitFor(() => received(peers[1]!, "NetGroup.Posting.Notify").length === 20, 10_000, "20 posts");
      await harness().settle(1500);
      const sent = a.ng!.info;
      const got = peers[1]!.ng!.info;
      expect(sent.postingSendDataBytesPerSecond).toBeGreaterThan(0);
      expect(got.postingReceiveDataBytesPerSecond).toBeGreaterThan(0);
      expect(sent.objectReplicationSendBytesPerSecond).toBe(0);
      expect(String(sent)).toMatch(/^postingSendDataBytesPerSecond=[\d.e+-]+ postingSendControlBytesPerSecond=/);
    });

    it("admits posts only from members holding the posting password", async () => {
      const writer = spec((s) => s.setPostingPassword("open sesame", "salt"));
      const reader = writer.groupspecWithoutAuthorizations();
      const wrong = reader + GroupSpecifier.encodePostingAuthorization("not it");
      const peers = await groupOf(4, [writer.groupspecWithAuthorizations(), writer.groupspecWithAuthorizations(), reader, wrong]);
      const [w1, w2, r, x] = peers as [Peer, Peer, Peer, Peer];
      r.ng!.post({ from: "reader" });
      x.ng!.post({ from: "wrong password" });
      w1.ng!.post({ from: "writer 1" });
      await harness().waitFor(() => [w2, r, x].every((peer) => received(peer, "NetGroup.Posting.Notify").length >= 1), 10_000, "the writer's post");
      w2.ng!.post({ from: "writer 2" });
      await harness().waitFor(() => [w1, r, x].every((peer) => received(peer, "NetGroup.Posting.Notify").some((e) => (e.info["message"] as { from: string }).from === "writer 2")), 10_000, "the second writer's post");
      await harness().settle(1000);
      for (const peer of peers) {
        const from = received(peer, "NetGroup.Posting.Notify").map((entry) => (entry.info["message"] as { from: string }).from);
        expect(from).not.toContain("reader");
        expect(from).not.toContain("wrong password");
      }
      expect(received(r, "NetGroup.Posting.Notify").length).toBe(2);
    });

    it("relays through the server: client.onRelay(from, ...args), and a relay to nobody fails to the responder", async () => {
      const [a, b] = [await connectPeer(), await connectPeer()];
      const relayed: unknown[][] = [];
      b.nc.client = { onRelay: (...args: unknown[]) => void relayed.push(args) };
      a.nc.call("relay", null, b.nc.nearID, "hello", 42, { x: [1, 2] });
      await harness().waitFor(() => relayed.length === 1, 10_000, "onRelay");
      expect(relayed[0]).toEqual([a.nc.nearID, "hello", 42, { x: [1, 2] }]);
      const statuses: unknown[] = [];
      a.nc.call("relay", new Responder(null, (info) => void statuses.push(info)), "ab".repeat(32), "anyone?");
      await harness().waitFor(() => statuses.length === 1, 10_000, "the relay failure");
      expect(statuses[0]).toEqual(jasmine.objectContaining({ code: "NetConnection.Call.Failed", level: "error" }));
    });

    it("closes: NetGroup.close() silences it, NetConnection.close() says Connect.Closed, neighbours see Disconnect", async () => {
      const peers = await groupOf(3, spec().toString());
      const [a, b, c] = peers as [Peer, Peer, Peer];
      a.ng!.close();
      expect(() => a.ng!.post("after close")).toThrowError(IllegalOperationError);
      const aPeer = a.nc.nearID;
      await harness().waitFor(() => [b, c].every((peer) => received(peer, "NetGroup.Neighbor.Disconnect").some((e) => e.info["peerID"] === aPeer)), 20_000, "Disconnect for A");
      const disconnect = received(b, "NetGroup.Neighbor.Disconnect")[0]!;
      expect(disconnect.info).toEqual({ code: "NetGroup.Neighbor.Disconnect", level: "status", neighbor: convertPeerIDToGroupAddress(aPeer), peerID: aPeer });
      const before = a.log.length;
      const bPeer = b.nc.nearID;
      b.nc.close();
      await harness().waitFor(() => received(b, "NetConnection.Connect.Closed").length === 1, 5000, "Connect.Closed");
      expect(b.nc.connected).toBeFalse();
      expect(() => b.ng!.post("x")).toThrowError(IllegalOperationError);
      await harness().waitFor(() => received(c, "NetGroup.Neighbor.Disconnect").some((e) => e.info["peerID"] === bPeer), 20_000, "Disconnect for B");
      expect(a.log.length).toBe(before); // a closed NetGroup hears nothing more
    });
  });
}
