/**
 * urlRewriteRules apply to every URL a SWF passes to `NetConnection.connect`: an empty string (left for the user's
 * Cirrus key in archived SWFs) or an `rtmp://` URL that a rule matches is flashmesh's; one no rule matches behaves
 * as without rules. Here the rules send them serverless (`"rtmfp:"`, a real BroadcastChannel), so no server is needed.
 */
import { configure, NetConnection, resetConfiguration } from "../../as3-api/index.js";
import { codes, recordStatus, type StatusEntry } from "../support/netHarness.js";
import { until } from "../support/until.js";

describe("urlRewriteRules on every NetConnection URL", () => {
  const connections: NetConnection[] = [];
  afterEach(() => {
    for (const nc of connections.splice(0)) nc.close();
    resetConfiguration();
  });

  async function connect(url: string): Promise<{ nc: NetConnection; log: StatusEntry[] }> {
    const nc = new NetConnection();
    connections.push(nc);
    const log: StatusEntry[] = [];
    recordStatus(log, "nc", nc);
    nc.connect(url);
    await until(() => log.length > 0, 5000, "a status event");
    return { nc, log };
  }

  it('routes connect("") when a rule matches the empty string', async () => {
    configure({ urlRewriteRules: [["", "rtmfp:"]] });
    const { nc, log } = await connect("");
    expect(codes(log)).toEqual(["nc:NetConnection.Connect.Success"]);
    expect(nc.connected).toBeTrue();
    expect(nc.nearID).toMatch(/^[0-9a-f]{64}$/);
  });

  it("routes an rtmp:// URL a RegExp rule matches", async () => {
    configure({ urlRewriteRules: [[/^rtmp:\/\/old\.example\.com\/.*$/, "rtmfp:"]] });
    const { log } = await connect("rtmp://old.example.com/chat");
    expect(codes(log)).toEqual(["nc:NetConnection.Connect.Success"]);
  });

  it('leaves connect("") and rtmp:// alone when no rule matches', async () => {
    configure({ urlRewriteRules: [["rtmp://other.example.com/app", "rtmfp:"]] });
    const empty = await connect("");
    expect(codes(empty.log)).toEqual(["nc:NetConnection.Connect.Failed"]);
    expect(empty.nc.connected).toBeFalse();
    const rtmp = await connect("rtmp://old.example.com/chat");
    expect(codes(rtmp.log)).toEqual(["nc:NetConnection.Connect.Failed"]);
  });
});
