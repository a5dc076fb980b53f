/**
 * NetConnection in Chromium against server-side applications on a real `flashmesh serve --apps test/apps` (started
 * by scripts/run-karma.mjs): nc.call to client methods and back, client.call from the application to
 * NetConnection.client, broadcastMsg, rejection with the application's info, InvalidApp. Values as AMF3 end to end.
 */
import { configure, resetConfiguration } from "../../as3-api/config.js";
import { AsyncErrorEvent, NetConnection, Responder } from "../../as3-api/index.js";
import { AMF3_TRAITS, amf3Typed } from "../../as3-api/wire/amf3.js";
import { codes, recordStatus, type StatusEntry } from "../support/netHarness.js";
import { until } from "../support/until.js";
import { appsServerUrl } from "./support/environment.js";

/** `nc.call(name, …)` as a promise of what reached the responder: { result } or { status }. */
function call(nc: NetConnection, name: string, ...args: unknown[]): Promise<{ result?: unknown; status?: Record<string, unknown> }> {
  return new Promise((resolve) => {
    nc.call(name, new Responder((result) => resolve({ result }), (status) => resolve({ status: status as Record<string, unknown> })), ...args);
  });
}

describe("server-side applications (NetConnection in Chromium, real flashmesh serve --apps)", () => {
  const connections: NetConnection[] = [];
  beforeEach(() => configure({ server: appsServerUrl().origin }));
  afterEach(() => {
    for (const nc of connections.splice(0)) nc.close();
    resetConfiguration();
  });

  async function connected(url: string, ...args: unknown[]): Promise<NetConnection> {
    const nc = new NetConnection();
    connections.push(nc);
    const log: StatusEntry[] = [];
    recordStatus(log, "nc", nc);
    nc.connect(url, ...args);
    await until(() => log.length > 0, 20_000, `an answer to connect(${url})`);
    expect(codes(log)).toEqual(["nc:NetConnection.Connect.Success"]);
    return nc;
  }

  it("calls client methods: values, typed objects, Dates, NaN and ByteArrays come back intact", async () => {
    const nc = await connected("rtmfp://localhost/echo/room", "anna", { since: new Date(9) });
    const point = amf3Typed("com.example.Point", { x: 3, y: 4 });
    const { result } = await call(nc, "echo", point, new Date(42), Number.NaN, new Uint8Array([7, 8]), "é");
    const [p, date, nan, bytes, text] = result as unknown[];
    expect((p as Record<symbol, { className: string }>)[AMF3_TRAITS]?.className).toBe("com.example.Point");
    expect(p).toEqual(jasmine.objectContaining({ x: 3, y: 4 }));
    expect(date).toEqual(new Date(42));
    expect(nan).toBeNaN();
    expect(Array.from(bytes as Uint8Array)).toEqual([7, 8]);
    expect(text).toBe("é");
    const [name, options] = (await call(nc, "connectArgs")).result as [string, { since: Date }];
    expect(name).toBe("anna");
    expect(options.since).toEqual(new Date(9));
  });

  it("sees the client from the server: id and farID are nearID, nearID is farID", async () => {
    const nc = await connected("rtmfp://localhost/echo", "ben");
    const seen = (await call(nc, "whoami")).result as Record<string, unknown>;
    expect(seen["id"]).toBe(nc.nearID);
    expect(seen["farID"]).toBe(nc.nearID);
    expect(seen["nearID"]).toBe(nc.farID);
    expect(seen["ip"]).toBe("127.0.0.1");
  });

  it("reports a method's failure as NetConnection.Call.Failed, to the responder or on the NetConnection", async () => {
    const nc = await connected("rtmfp://localhost/echo", "cleo");
    expect((await call(nc, "fail", "boom")).status).toEqual({ code: "NetConnection.Call.Failed", level: "error", description: "fail failed: Error: boom" });
    expect((await call(nc, "missing")).status?.["description"]).toBe("Method not found (missing).");
    const log: StatusEntry[] = [];
    recordStatus(log, "nc", nc);
    nc.call("fail", null, "unheard");
    await until(() => log.length > 0, 10_000, "Call.Failed on the NetConnection");
    expect(log[0]!.info).toEqual(jasmine.objectContaining({ code: "NetConnection.Call.Failed", description: "fail failed: Error: unheard" }));
  });

  it("runs NetConnection.client's methods for the application and returns their values", async () => {
    const nc = await connected("rtmfp://localhost/echo", "dora");
    const heard: unknown[] = [];
    nc.client = {
      greet: (who: unknown, when: unknown) => {
        heard.push(who, when);
        return { hello: who, at: new Date(11) };
      },
    };
    expect((await call(nc, "askMe", "greet", "dora", new Date(10))).result).toEqual({ result: { hello: "dora", at: new Date(11) } });
    expect(heard).toEqual(["dora", new Date(10)]);

    const errors: AsyncErrorEvent[] = [];
    nc.addEventListener("asyncError", (event) => errors.push(event));
    const missing = (await call(nc, "askMe", "nothere")).result as { status: { code: string; description: string } };
    expect(missing.status).toEqual(jasmine.objectContaining({ code: "NetConnection.Call.Failed", description: "Method not found (nothere)." }));
    expect(errors.length).toBe(1); // Flash's #2095 on the NetConnection, as for a relay to a missing onRelay
  });

  it("broadcasts to every NetConnection of the application", async () => {
    const heard: string[] = [];
    const a = await connected("rtmfp://localhost/echo", "eve");
    const b = await connected("rtmfp://localhost/echo", "finn");
    a.client = { news: (text: string) => void heard.push(`a:${text}`) };
    b.client = { news: (text: string) => void heard.push(`b:${text}`) };
    await call(a, "broadcast", "news", "flash");
    await until(() => heard.length >= 2, 10_000, "both to hear the news");
    expect(heard.sort()).toEqual(["a:flash", "b:flash"]);
  });

  it("dispatches Connect.Closed when the application disconnects the client (no silent resume)", async () => {
    const nc = await connected("rtmfp://localhost/echo", "gil");
    const log: StatusEntry[] = [];
    recordStatus(log, "nc", nc);
    expect((await call(nc, "kickMe")).result).toBeTrue();
    await until(() => log.length > 0, 30_000, "Connect.Closed");
    expect(codes(log)).toEqual(["nc:NetConnection.Connect.Closed"]);
    expect(nc.connected).toBeFalse();
  });

  it("dispatches Connect.Rejected with the application's info, then Closed", async () => {
    const nc = new NetConnection();
    const log: StatusEntry[] = [];
    recordStatus(log, "nc", nc);
    nc.connect("rtmfp://localhost/echo", "reject-me", { x: 5 });
    await until(() => log.length >= 2, 20_000, "Rejected and Closed");
    expect(codes(log)).toEqual(["nc:NetConnection.Connect.Rejected", "nc:NetConnection.Connect.Closed"]);
    const application = log[0]!.info["application"] as { message: string; since: Date; options: { x: number } };
    expect(application.message).toBe("not you");
    expect(application.since).toEqual(new Date(0));
    expect(application.options.x).toBe(5);
    expect(nc.connected).toBeFalse();
  });

  it("dispatches Connect.InvalidApp for an application the server does not have, then Closed", async () => {
    const nc = new NetConnection();
    const log: StatusEntry[] = [];
    recordStatus(log, "nc", nc);
    nc.connect("rtmfp://localhost/nosuchapp/");
    await until(() => log.length >= 2, 20_000, "InvalidApp and Closed");
    expect(codes(log)).toEqual(["nc:NetConnection.Connect.InvalidApp", "nc:NetConnection.Connect.Closed"]);
    expect(log[0]!.info["description"]).toContain("nosuchapp");
  });
});
