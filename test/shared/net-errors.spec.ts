/**
 * NetConnection and NetGroup error cases and edge states, each as Flash reports it (reference §1.2, §1.5, §2), over
 * the memory network where a rendezvous can be made to refuse, vanish or drop a client.
 */
import {
  ArgumentError,
  AsyncErrorEvent,
  FlashError,
  GroupSpecifier,
  IllegalOperationError,
  NetConnection,
  NetGroup,
  NetGroupReplicationStrategy,
  NetGroupSendMode,
  NetGroupSendResult,
  RangeError,
  reportedStubs,
  Responder,
  TypeError,
} from "../../as3-api/index.js";
import { encodeAmf3 } from "../../as3-api/wire/amf3.js";
import { amf3ValueOf } from "../../as3-api/wire/appCalls.js";
import { codes, memoryNetHarness, recordStatus, type MemoryNetHarness, type StatusEntry } from "../support/netHarness.js";

const NOT_CONNECTED = "Error #2126: NetConnection object must be connected.";

describe("NetConnection and NetGroup error cases", () => {
  let harness: MemoryNetHarness;
  let admitted: { app: string; args: readonly unknown[] }[];
  const connections: NetConnection[] = [];

  beforeEach(() => {
    admitted = [];
    harness = memoryNetHarness({
      admit: (app, args) => {
        admitted.push({ app, args });
        return app.startsWith("banned") ? "developer key refused" : null;
      },
    });
  });
  afterEach(async () => {
    for (const nc of connections.splice(0)) nc.close();
    await harness.dispose();
  });

  function connection(): { nc: NetConnection; log: StatusEntry[] } {
    const nc = new NetConnection();
    connections.push(nc);
    const log: StatusEntry[] = [];
    recordStatus(log, "nc", nc);
    return { nc, log };
  }

  async function connected(): Promise<{ nc: NetConnection; log: StatusEntry[] }> {
    const peer = connection();
    peer.nc.connect(harness.connectUrl);
    await harness.waitFor(() => peer.nc.connected, 5000, "Connect.Success");
    return peer;
  }

  function groupspec(configure: (spec: GroupSpecifier) => void = () => undefined): string {
    const spec = new GroupSpecifier(`errors/${Math.random()}`);
    spec.serverChannelEnabled = true;
    configure(spec);
    return spec.toString();
  }

  async function joined(spec: string): Promise<{ nc: NetConnection; ng: NetGroup; log: StatusEntry[] }> {
    const peer = await connected();
    const ng = new NetGroup(peer.nc, spec);
    recordStatus(peer.log, "ng", ng);
    await harness.waitFor(() => peer.log.some((e) => e.code === "NetGroup.Connect.Success"), 5000, "NetGroup.Connect.Success");
    return { ...peer, ng };
  }

  describe("NetConnection", () => {
    it("throws #2126 for the P2P properties before connect, as Flash Player does", () => {
      const { nc } = connection();
      for (const read of [() => nc.nearID, () => nc.farID, () => nc.nearNonce, () => nc.farNonce, () => nc.protocol, () => nc.unconnectedPeerStreams, () => nc.usingTLS, () => nc.connectedProxyType]) {
        expect(read).toThrowMatching((error) => error instanceof ArgumentError && error.errorID === 2126 && String(error) === `ArgumentError: ${NOT_CONNECTED}`);
      }
      expect(nc.connected).toBeFalse();
      expect(nc.maxPeerConnections).toBe(8);
      expect(nc.uri).toBeUndefined();
      expect(nc.client).toBe(nc);
      expect(nc.objectEncoding).toBe(3);
    });

    it("has Flash's local-mode values after connect(null), and Connect.Success follows", async () => {
      const { nc, log } = connection();
      nc.connect(null);
      expect(nc.connected).toBeTrue();
      expect(log).toEqual([]);
      expect(nc.nearID).toBe("");
      expect(nc.farID).toBe("");
      expect(nc.nearNonce).toBe("0".repeat(64));
      expect(nc.farNonce).toBe("0".repeat(64));
      expect(nc.protocol).toBe("rtmp");
      expect(nc.unconnectedPeerStreams).toEqual([]);
      expect(nc.uri).toBe("null");
      await harness.waitFor(() => log.length === 1, 100, "Connect.Success");
      expect(log[0]!.info).toEqual({ code: "NetConnection.Connect.Success", level: "status" });
      nc.close();
      await harness.waitFor(() => log.length === 2, 100, "Connect.Closed");
      expect(log[1]!.info).toEqual({ code: "NetConnection.Connect.Closed", level: "status" });
    });

    it("dispatches Connect.Failed when the rendezvous cannot be reached", async () => {
      harness.network.serverReachable = false;
      const { nc, log } = connection();
      nc.connect(harness.connectUrl);
      await harness.waitFor(() => log.length > 0, 5000, "Connect.Failed");
      await harness.settle(500);
      expect(codes(log)).toEqual(["nc:NetConnection.Connect.Failed"]);
      expect(log[0]!.info.level).toBe("error");
      expect(nc.connected).toBeFalse();
    });

    it("dispatches Connect.Rejected then Connect.Closed when the rendezvous refuses the client", async () => {
      const { nc, log } = connection();
      nc.connect("rtmfp://p2p.rtmfp.net/banned-key/", "extra", 7);
      await harness.waitFor(() => log.length === 2, 5000, "Rejected and Closed");
      expect(codes(log)).toEqual(["nc:NetConnection.Connect.Rejected", "nc:NetConnection.Connect.Closed"]);
      expect(log[0]!.info).toEqual({ code: "NetConnection.Connect.Rejected", level: "error", description: "developer key refused" });
      // Strings travel as they are (developer keys are read in them), other values as their AMF3 (docs/server-apps.md).
      expect(admitted).toEqual([{ app: "banned-key/", args: ["extra", amf3ValueOf(encodeAmf3(7))] }]);
    });

    it("fails other protocols (RTMP, Remoting, garbage) with Connect.Failed and a visible stub", async () => {
      for (const url of ["rtmp://fms.example/app", "http://example.org/gateway", "nonsense"]) {
        const { nc, log } = connection();
        nc.connect(url);
        await harness.waitFor(() => log.length === 1, 100, `Failed for ${url}`);
        expect(log[0]!.info.code).toBe("NetConnection.Connect.Failed");
        expect(nc.connected).toBeFalse();
      }
      expect(reportedStubs.has("flash.net.NetConnection.connect(rtmp:)")).toBeTrue();
    });

    it("dispatches Connect.Closed when the server drops the connection, and closes its groups", async () => {
      const { nc, ng, log } = await joined(groupspec());
      const id = nc.nearID;
      harness.network.dropServer(id);
      await harness.waitFor(() => log.some((e) => e.code === "NetConnection.Connect.Closed"), 5000, "Connect.Closed");
      expect(nc.connected).toBeFalse();
      expect(() => ng.post("x")).toThrowError(IllegalOperationError);
    });

    it("closes a previous connection silently when connect() is called again", async () => {
      const { nc, log } = await connected();
      const first = nc.nearID;
      nc.connect(harness.connectUrl);
      expect(nc.connected).toBeFalse();
      await harness.waitFor(() => nc.connected, 5000, "the second connection");
      expect(codes(log)).toEqual(["nc:NetConnection.Connect.Success", "nc:NetConnection.Connect.Success"]);
      expect(nc.nearID).not.toBe(first);
    });

    it("answers calls it cannot make with NetConnection.Call.Failed, on the responder or on itself", async () => {
      const { nc, log } = connection();
      nc.call("relay", null, "00".repeat(32));
      await harness.waitFor(() => log.length === 1, 100, "Call.Failed before connect");
      expect(log[0]!.info).toEqual(jasmine.objectContaining({ code: "NetConnection.Call.Failed", level: "error" }));
      nc.connect(harness.connectUrl);
      await harness.waitFor(() => nc.connected, 5000, "connected");
      const statuses: { code: string; description: string }[] = [];
      nc.call("serverSideMethod", new Responder(null, (info) => void statuses.push(info as never)), 1);
      nc.call("relay", new Responder(null, (info) => void statuses.push(info as never)), "not a peer id");
      await harness.waitFor(() => statuses.length === 2, 1000, "two failures");
      expect(statuses[0]!.description).toBe("Method not found (serverSideMethod).");
      expect(statuses.map((s) => s.code)).toEqual(["NetConnection.Call.Failed", "NetConnection.Call.Failed"]);
    });

    it("reports a client without onRelay as asyncError #2095, and refuses a null client with TypeError #2004", async () => {
      const a = await connected();
      const b = await connected();
      const errors: AsyncErrorEvent[] = [];
      b.nc.addEventListener("asyncError", (event) => void errors.push(event));
      b.nc.client = {};
      a.nc.call("relay", null, b.nc.nearID, "hi");
      await harness.waitFor(() => errors.length === 1, 5000, "asyncError");
      expect(errors[0]!.error!.errorID).toBe(2095);
      expect(errors[0]!.text).toBe("Error #2095: flash.net.NetConnection was unable to invoke callback onRelay.");
      expect(() => (b.nc.client = null as never)).toThrowMatching((error) => error instanceof TypeError && error.errorID === 2004);
    });
  });

  describe("NetGroup", () => {
    it("refuses a connection that is not connected (ArgumentError #2126), a null argument (#2007) and a malformed groupspec (Error #2004)", async () => {
      const { nc } = connection();
      expect(() => new NetGroup(nc, groupspec())).toThrowMatching((error) => error instanceof ArgumentError && error.message === NOT_CONNECTED);
      const ready = await connected();
      expect(() => new NetGroup(ready.nc, null as never)).toThrowMatching((error) => error instanceof TypeError && error.message === "Error #2007: Parameter groupspec must be non-null.");
      expect(() => new NetGroup(null as never, groupspec())).toThrowMatching((error) => error instanceof TypeError && error.errorID === 2007);
      for (const bad of ["", "G:", "G:zz", "hello", "G:0e00"]) {
        expect(() => new NetGroup(ready.nc, bad)).toThrowMatching((error) => error instanceof FlashError && error.name === "Error" && error.errorID === 2004);
      }
    });

    it("throws from every method until NetGroup.Connect.Success, then works", async () => {
      const { nc, log } = await connected();
      const ng = new NetGroup(nc, groupspec((s) => (s.postingEnabled = true)));
      const calls: (() => unknown)[] = [
        () => ng.post("x"),
        () => ng.sendToNearest("x", "00".repeat(32)),
        () => ng.sendToNeighbor("x", NetGroupSendMode.NEXT_INCREASING),
        () => ng.sendToAllNeighbors("x"),
        () => ng.addNeighbor("00".repeat(32)),
        () => ng.addMemberHint("00".repeat(32)),
        () => ng.convertPeerIDToGroupAddress("00".repeat(32)),
        () => ng.addHaveObjects(0, 1),
        () => ng.writeRequestedObject(1, {}),
      ];
      for (const call of calls) expect(call).toThrowError(IllegalOperationError, "NetGroup is not connected yet: wait for NetGroup.Connect.Success");
      expect(ng.neighborCount).toBe(0);
      expect(ng.estimatedMemberCount).toBe(0);
      expect(ng.localCoverageFrom).toBeNull();
      await harness.waitFor(() => log.some((e) => e.code === "NetGroup.Connect.Success"), 5000, "Success");
      expect(ng.post("now")).toMatch(/^[0-9a-f]{64}$/);
    });

    it("counts as connected only once NetGroup.Connect.Success is dispatched, even when joining needs no server", async () => {
      const { nc, log } = await connected();
      const ng = new NetGroup(nc, groupspec((s) => ((s.serverChannelEnabled = false), (s.postingEnabled = true))));
      expect(() => ng.post("too early")).toThrowError(IllegalOperationError);
      let postedInListener: string | null = null;
      nc.addEventListener("netStatus", (event) => {
        if (event.info.code === "NetGroup.Connect.Success") postedInListener = ng.post("from the listener");
      });
      await harness.waitFor(() => log.some((e) => e.code === "NetGroup.Connect.Success"), 1000, "Success");
      expect(postedInListener).toMatch(/^[0-9a-f]{64}$/);
    });

    it("fails to join on a local-mode connection: NetGroup.Connect.Failed on the NetConnection with info.group", async () => {
      const { nc, log } = connection();
      nc.connect(null);
      const ng = new NetGroup(nc, groupspec());
      await harness.waitFor(() => log.length === 2, 100, "two events");
      expect(codes(log)).toEqual(["nc:NetConnection.Connect.Success", "nc:NetGroup.Connect.Failed"]);
      expect(log[1]!.info["group"]).toBe(ng);
      expect(log[1]!.info.level).toBe("error");
    });

    it("follows its groupspec's capabilities: no posting → null, no routing → \"error\"", async () => {
      const { ng } = await joined(groupspec());
      expect(ng.post({ text: "posting is off" })).toBeNull();
      expect(ng.sendToNearest("x", "00".repeat(32))).toBe(NetGroupSendResult.ERROR);
      expect(ng.sendToNeighbor("x", NetGroupSendMode.NEXT_DECREASING)).toBe(NetGroupSendResult.ERROR);
      expect(ng.sendToAllNeighbors("x")).toBe(NetGroupSendResult.ERROR);
    });

    it("returns null or \"error\" for messages AMF cannot carry, and \"no route\" with no neighbours", async () => {
      const { ng } = await joined(groupspec((s) => ((s.postingEnabled = true), (s.routingEnabled = true))));
      expect(ng.post(() => 1)).toBeNull();
      expect(ng.sendToAllNeighbors(Symbol("x"))).toBe(NetGroupSendResult.ERROR);
      expect(ng.sendToNeighbor("alone", NetGroupSendMode.NEXT_INCREASING)).toBe(NetGroupSendResult.NO_ROUTE);
    });

    it("sends a message posted twice once: the same messageID both times, and a neighbour hears it once", async () => {
      const spec = groupspec((s) => (s.postingEnabled = true));
      const [a, b] = [await joined(spec), await joined(spec)];
      await harness.waitFor(() => a.ng.neighborCount === 1 && b.ng.neighborCount === 1, 10_000, "the two members to be neighbours");
      const first = a.ng.post({ a: 1 });
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      expect(a.ng.post({ a: 1 })).toBe(first);
      const heard = (): StatusEntry[] => b.log.filter((entry) => entry.code === "NetGroup.Posting.Notify");
      await harness.waitFor(() => heard().length > 0, 10_000, "the post");
      // Simulated time: anything a second post() might have sent has long arrived after this.
      await harness.settle(10_000);
      expect(heard().map((entry) => entry.info["messageID"])).toEqual([first]);
      // A different message is a different post, heard too.
      const other = a.ng.post({ a: 2 });
      expect(other).not.toBe(first);
      await harness.waitFor(() => heard().length === 2, 10_000, "the second, different post");
      expect(heard()[1]!.info["messageID"]).toBe(other);
    });

    it("validates receiveMode, replicationStrategy, object ranges and peer IDs as Flash does", async () => {
      const { ng } = await joined(groupspec());
      expect(ng.receiveMode).toBe("exact");
      expect(() => (ng.receiveMode = "closest")).toThrowMatching((e) => e instanceof ArgumentError && e.message === "Error #2008: Parameter receiveMode must be one of the accepted values.");
      expect(ng.replicationStrategy).toBe(NetGroupReplicationStrategy.LOWEST_FIRST);
      ng.replicationStrategy = NetGroupReplicationStrategy.RAREST_FIRST;
      expect(ng.replicationStrategy).toBe("rarestFirst");
      expect(() => (ng.replicationStrategy = "random")).toThrowMatching((e) => e instanceof ArgumentError && e.errorID === 2008);
      for (const [start, end] of [[-1, 0], [0, 2 ** 54], [1.5, 2], [Number.NaN, 1]] as const) {
        expect(() => ng.addWantObjects(start, end)).toThrowMatching((e) => e instanceof RangeError && e.message === "Error #2006: The supplied index is out of bounds.");
      }
      expect(ng.addNeighbor("not a peer")).toBeFalse();
      expect(ng.addMemberHint("12".repeat(31))).toBeFalse();
      expect(ng.addMemberHint("AB".repeat(32))).toBeTrue();
      expect(() => ng.convertPeerIDToGroupAddress("xyz")).toThrowMatching((e) => e instanceof ArgumentError && e.errorID === 2004);
    });

    it("ignores object replication calls in a group without objectReplicationEnabled, and unknown requestIDs", async () => {
      const { ng, log } = await joined(groupspec());
      ng.addHaveObjects(0, 10);
      ng.addWantObjects(0, 10);
      ng.removeHaveObjects(0, 1);
      ng.removeWantObjects(0, 1);
      ng.writeRequestedObject(1, {});
      ng.denyRequestedObject(1);
      await harness.settle(3000);
      expect(log.filter((e) => e.code.startsWith("NetGroup.Replication"))).toEqual([]);
      for (const name of ["addHaveObjects", "addWantObjects", "removeHaveObjects", "removeWantObjects", "writeRequestedObject", "denyRequestedObject"]) {
        expect(reportedStubs.has(`flash.net.NetGroup.${name}`)).withContext(name).toBeFalse();
      }
    });

    it("dispatches LocalCoverage.Notify when a new member changes this member's coverage", async () => {
      const spec = groupspec();
      const a = await joined(spec);
      const before = `${a.ng.localCoverageFrom}-${a.ng.localCoverageTo}`;
      await joined(spec);
      await harness.waitFor(() => a.log.some((e) => e.code === "NetGroup.LocalCoverage.Notify"), 10_000, "LocalCoverage.Notify");
      const notify = a.log.find((e) => e.code === "NetGroup.LocalCoverage.Notify")!;
      expect(notify).toEqual({ on: "ng", code: "NetGroup.LocalCoverage.Notify", info: { code: "NetGroup.LocalCoverage.Notify", level: "status" } });
      expect(`${a.ng.localCoverageFrom}-${a.ng.localCoverageTo}`).not.toBe(before);
    });

    it("sees Neighbor.Disconnect when a neighbour vanishes without a goodbye", async () => {
      const spec = groupspec();
      const a = await joined(spec);
      const b = await joined(spec);
      await harness.waitFor(() => a.ng.neighborCount === 1, 10_000, "neighbours");
      const gone = b.nc.nearID;
      harness.network.crash(gone);
      await harness.waitFor(() => a.log.some((e) => e.code === "NetGroup.Neighbor.Disconnect"), 40_000, "Disconnect");
      expect(a.log.find((e) => e.code === "NetGroup.Neighbor.Disconnect")!.info["peerID"]).toBe(gone);
      expect(a.ng.neighborCount).toBe(0);
    });

    it("finds members of a group with an IP multicast address through the rendezvous, without a server channel", async () => {
      const spec = groupspec((s) => {
        s.serverChannelEnabled = false;
        s.addIPMulticastAddress("225.225.0.1:30303");
      });
      const a = await joined(spec);
      const b = await joined(spec);
      await harness.waitFor(() => a.ng.neighborCount === 1 && b.ng.neighborCount === 1, 10_000, "neighbours found as on a LAN");
    });

    it("joins without a server channel and finds members only through addNeighbor (peer IDs exchanged by relay)", async () => {
      const spec = groupspec((s) => (s.serverChannelEnabled = false));
      const a = await joined(spec);
      const b = await joined(spec);
      await harness.settle(3000);
      expect(a.ng.neighborCount).toBe(0);
      expect(a.ng.addNeighbor(b.nc.nearID)).toBeTrue();
      await harness.waitFor(() => a.ng.neighborCount === 1 && b.ng.neighborCount === 1, 10_000, "the added neighbour");
      expect(b.log.find((e) => e.code === "NetGroup.Neighbor.Connect")!.info["peerID"]).toBe(a.nc.nearID);
    });
  });
});
