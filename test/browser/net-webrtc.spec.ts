/**
 * The NetConnection/NetGroup suite over real WebRTC: every NetConnection in this page opens a PeerJS session on the
 * real `flashmesh serve` started for the run (the URL a SWF gives, Adobe's Cirrus address, is rewritten to it).
 */
import { configure, resetConfiguration } from "../../as3-api/config.js";
import { NetConnection } from "../../as3-api/index.js";
import { codes, recordStatus, type StatusEntry } from "../support/netHarness.js";
import { until } from "../support/until.js";
import { runNetSuite } from "../shared/net-suite.js";
import { serverUrl } from "./support/environment.js";
import { webrtcNetHarness } from "./support/webrtcNetHarness.js";


runNetSuite("real WebRTC through flashmesh serve", webrtcNetHarness);

describe("NetConnection against a real server", () => {
  afterEach(() => resetConfiguration());

  it("dispatches Connect.Failed when no flashmesh serve answers", async () => {
    configure({ server: "http://127.0.0.1:9" });
    const nc = new NetConnection();
    const log: StatusEntry[] = [];
    recordStatus(log, "nc", nc);
    nc.connect("rtmfp://p2p.rtmfp.net/key/");
    await until(() => log.length > 0, 20_000, "Connect.Failed");
    expect(codes(log)).toEqual(["nc:NetConnection.Connect.Failed"]);
    expect(nc.connected).toBeFalse();
  });

  it("reports the server's peer ID as farID, the same for every client", async () => {
    configure({ server: serverUrl().origin });
    const [a, b] = [new NetConnection(), new NetConnection()];
    a.connect("rtmfp://localhost/app");
    b.connect("rtmfp://localhost/app");
    await until(() => a.connected && b.connected, 10_000, "two connections");
    expect(a.farID).toBe(b.farID);
    expect(a.nearID).not.toBe(b.nearID);
    expect(a.nearNonce).not.toBe(b.nearNonce);
    a.close();
    b.close();
  });
});
