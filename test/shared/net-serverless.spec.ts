/**
 * `NetConnection.connect("rtmfp:")`: serverless, as Flash's LAN mode, with this browser's pages (here: this realm)
 * as the LAN through a real BroadcastChannel, in real time.
 */
import { GroupSpecifier, NetConnection, NetGroup, Responder } from "../../as3-api/index.js";
import { LAN_CHANNEL } from "../../as3-api/transport/lan.js";
import { codes, recordStatus, type StatusEntry } from "../support/netHarness.js";
import { until } from "../support/until.js";

describe('serverless NetConnection ("rtmfp:")', () => {
  const connections: NetConnection[] = [];
  afterEach(async () => {
    for (const nc of connections.splice(0)) nc.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  async function member(groupspec: string): Promise<{ nc: NetConnection; ng: NetGroup; log: StatusEntry[] }> {
    const nc = new NetConnection();
    connections.push(nc);
    const log: StatusEntry[] = [];
    recordStatus(log, "nc", nc);
    nc.connect("rtmfp:");
    await until(() => nc.connected, 2000, "Connect.Success");
    const ng = new NetGroup(nc, groupspec);
    recordStatus(log, "ng", ng);
    await until(() => log.some((e) => e.code === "NetGroup.Connect.Success"), 3000, "NetGroup.Connect.Success");
    return { nc, ng, log };
  }

  it("connects with a peer ID, no far end, and no relay", async () => {
    const nc = new NetConnection();
    connections.push(nc);
    const log: StatusEntry[] = [];
    recordStatus(log, "nc", nc);
    nc.connect("rtmfp:");
    await until(() => log.length > 0, 2000, "Connect.Success");
    expect(codes(log)).toEqual(["nc:NetConnection.Connect.Success"]);
    expect(nc.nearID).toMatch(/^[0-9a-f]{64}$/);
    expect(nc.farID).toBe("");
    expect(nc.protocol).toBe("rtmfp");
    const failures: unknown[] = [];
    nc.call("relay", new Responder(null, (info) => void failures.push(info)), "ab".repeat(32), "x");
    await until(() => failures.length === 1, 1000, "Call.Failed");
    expect(failures[0]).toEqual(jasmine.objectContaining({ code: "NetConnection.Call.Failed" }));
  });

  it("finds members of a group with an IP multicast address and posts among them", async () => {
    const spec = new GroupSpecifier(`lan/${Math.random()}`);
    spec.postingEnabled = true;
    spec.ipMulticastMemberUpdatesEnabled = true;
    spec.addIPMulticastAddress("225.225.0.1:30303");
    const a = await member(spec.toString());
    const b = await member(spec.toString());
    await until(() => a.ng.neighborCount === 1 && b.ng.neighborCount === 1, 8000, "neighbours over the BroadcastChannel");
    expect(b.log.find((e) => e.code === "NetGroup.Neighbor.Connect")!.info["peerID"]).toBe(a.nc.nearID);
    a.ng.post({ text: "over the LAN" });
    await until(() => b.log.some((e) => e.code === "NetGroup.Posting.Notify"), 3000, "the post");
    expect(b.log.find((e) => e.code === "NetGroup.Posting.Notify")!.info["message"]).toEqual({ text: "over the LAN" });
  });

  it("finds nobody for a group without IP multicast (as Flash's serverless mode)", async () => {
    const spec = new GroupSpecifier(`lan-none/${Math.random()}`);
    spec.postingEnabled = true;
    const a = await member(spec.toString());
    const b = await member(spec.toString());
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(a.ng.neighborCount).toBe(0);
    expect(b.ng.neighborCount).toBe(0);
  });

  it("ignores malformed messages on the channel", async () => {
    const spec = new GroupSpecifier(`lan-noise/${Math.random()}`);
    spec.postingEnabled = true;
    spec.addIPMulticastAddress("225.225.0.1:30303");
    const a = await member(spec.toString());
    const b = await member(spec.toString());
    const noise = new BroadcastChannel(LAN_CHANNEL);
    for (const junk of [null, 42, "x", { kind: "frame", from: "zz", to: a.nc.nearID, bytes: 1 }, { kind: "open", from: "ab".repeat(32) }, { kind: "frame", from: b.nc.nearID, to: a.nc.nearID, bytes: new Uint8Array([1, 2, 3]) }]) {
      noise.postMessage(junk);
    }
    noise.close();
    await until(() => a.ng.neighborCount === 1, 8000, "neighbours despite the noise");
    b.ng.post("still fine");
    await until(() => a.log.some((e) => e.code === "NetGroup.Posting.Notify"), 3000, "the post");
  });
});
