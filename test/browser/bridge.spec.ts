/**
 * The page end of the bridge, driven as the injected classes drive it (calls by token, handle and method name), with
 * a stand-in player element that records what would go back into the SWF. The real thing, with Ruffle, runs in the
 * end-to-end suite.
 */
import { Bridge, installBridge } from "../../shim/bridge/bridge.js";
import { createRandom } from "../support/random.js";
import { until } from "../support/until.js";

interface Delivery {
  kind: string;
  handle: number;
  a: unknown;
  b: unknown;
}

describe("the bridge (page end)", () => {
  let bridge: Bridge;
  let token: string;
  let element: HTMLElement;
  let deliveries: Delivery[];
  let counter = 0;

  const call = (method: string, args: unknown[] = [], handle = 0): { v?: unknown; e?: { name: string; message: string; errorID: number } } =>
    globalThis.__flashmeshBridge!.call(token, handle, method, args) as never;

  beforeEach(() => {
    bridge = installBridge();
    token = `flashmesh-token-test-${counter++}`;
    bridge.open(token, 10);
    deliveries = [];
    // A stand-in for the Ruffle element: the SWF's Bridge registers `__flashmesh_<token>` on it.
    element = document.createElement("ruffle-standin");
    (element as unknown as Record<string, unknown>)[`__flashmesh_${token}`] = (kind: string, handle: number, a: unknown, b: unknown) => void deliveries.push({ kind, handle, a, b });
    document.body.appendChild(element);
  });
  afterEach(() => {
    element.remove();
    bridge.sweep();
  });

  it("is installed once, as window.__flashmeshBridge", () => {
    expect(installBridge()).toBe(bridge);
    expect(typeof globalThis.__flashmeshBridge!.call).toBe("function");
  });

  it("creates objects, runs their AS3 members, and feeds the SWF's version to GroupSpecifier", () => {
    const handle = call("new GroupSpecifier", ["myGroup"]).v as number;
    expect(handle).toBeGreaterThan(0);
    expect(call("toString", [], handle)).toEqual({ v: "G:080e6d7947726f757000" });
    expect(call("set postingEnabled", [true], handle)).toEqual({ v: null });
    expect(call("get postingEnabled", [], handle)).toEqual({ v: true });
    // A SWF 18 player gets version-2 groupspecs, as Flash Player does.
    const modern = `${token}-swf18`;
    bridge.open(modern, 18);
    const spec = (globalThis.__flashmeshBridge!.call(modern, 0, "new GroupSpecifier", ["myGroup"]) as { v: number }).v;
    expect((globalThis.__flashmeshBridge!.call(modern, spec, "toString", []) as { v: string }).v).toMatch(/^G:027f02/);
  });

  it("returns Flash errors as { e } with the AS3 class name, message and number", () => {
    expect(call("new GroupSpecifier", [""])).toEqual({ e: { name: "ArgumentError", message: "Name can not be empty", errorID: 0 } });
    const nc = call("new NetConnection").v as number;
    expect(call("get nearID", [], nc)).toEqual({ e: { name: "ArgumentError", message: "Error #2126: NetConnection object must be connected.", errorID: 2126 } });
  });

  it("reaches nothing but the AS3 members, and nothing of another player", () => {
    const nc = call("new NetConnection").v as number;
    for (const method of ["constructor", "__proto__", "toString", "get client", "set nearID", "addEventListener", "dispatchEvent"]) {
      expect(call(method, [], nc).e?.name).withContext(method).toBe("Error");
    }
    expect(call("eval", ["1"]).e?.message).toContain("no operation eval");
    const other = `${token}-other`;
    bridge.open(other, 10);
    expect((globalThis.__flashmeshBridge!.call(other, nc, "get connected", []) as { e: { message: string } }).e.message).toContain("no object with handle");
    expect((globalThis.__flashmeshBridge!.call("no-such-token", 0, "new NetConnection", []) as { e: { message: string } }).e.message).toContain("unknown player");
  });

  it("sends events back to the player element, with objects as handles", async () => {
    const nc = call("new NetConnection").v as number;
    call("connect", ["rtmfp:"], nc);
    await until(() => deliveries.length === 1, 5000, "Connect.Success");
    expect(deliveries[0]).toEqual({ kind: "status", handle: nc, a: { code: "NetConnection.Connect.Success", level: "status" }, b: null });
    const spec = call("new GroupSpecifier", ["bridge-group"]).v as number;
    const group = call("new NetGroup", [{ __fm: nc }, (call("toString", [], spec).v as string)]).v as number;
    await until(() => deliveries.length === 2, 5000, "NetGroup.Connect.Success");
    expect(deliveries[1]).toEqual({ kind: "status", handle: nc, a: { code: "NetGroup.Connect.Success", level: "status", group: { __fm: group } }, b: null });
    expect(call("get neighborCount", [], group)).toEqual({ v: 0 });
  });

  it("answers a Responder through the player, and calls client methods by name", async () => {
    const nc = call("new NetConnection").v as number;
    call("connect", ["rtmfp:"], nc);
    await until(() => deliveries.length === 1, 5000, "Connect.Success");
    call("call", ["serverSideMethod", { __fmResponder: 7 }, 1], nc);
    await until(() => deliveries.length === 2, 5000, "the responder's answer");
    expect(deliveries[1]!.kind).toBe("responder");
    expect(deliveries[1]!.handle).toBe(7);
    expect(deliveries[1]!.a).toBe("status");
    expect(deliveries[1]!.b).toEqual(jasmine.objectContaining({ code: "NetConnection.Call.Failed", description: "Method not found (serverSideMethod)." }));
  });

  it("closes a removed player's connections", async () => {
    const nc = call("new NetConnection").v as number;
    call("connect", ["rtmfp:"], nc);
    await until(() => deliveries.length === 1, 5000, "Connect.Success");
    expect(call("get connected", [], nc)).toEqual({ v: true });
    element.remove();
    bridge.sweep();
    expect(bridge.contexts.has(token)).toBeFalse();
    expect(call("get connected", [], nc).e?.message).toContain("unknown player");
  });
});

describe("the bridge under random input (fuzz)", () => {
  it("answers 3,000 random calls with { v } or { e }, never by throwing", () => {
    const random = createRandom();
    const bridge = installBridge();
    const token = `flashmesh-token-fuzz-${random.seed}`;
    bridge.open(token, 10);
    const methods = ["new NetConnection", "new NetGroup", "new GroupSpecifier", "stub", "connect", "close", "call", "get nearID", "set receiveMode", "post", "sendToNearest", "toString", "constructor", "__proto__", "", "get info", "GroupSpecifier.encodeBootstrapPeerIDSpec"];
    const values = (): unknown => random.pick<unknown>([null, undefined, 0, -1, 1e308, "", "G:zz", "rtmfp:", "ab".repeat(32), { __fm: random.int(5) }, { __fmResponder: "x" }, [1, [2]], { toString: 1 }, true]);
    for (let i = 0; i < 3000; i++) {
      const args = random.chance(0.1) ? values() : Array.from({ length: random.int(4) }, values);
      const reply = globalThis.__flashmeshBridge!.call(random.chance(0.9) ? token : values(), random.chance(0.5) ? 0 : random.int(6), random.chance(0.9) ? random.pick(methods) : values(), args) as Record<string, unknown>;
      expect("v" in reply || "e" in reply).withContext(`seed ${random.seed}, call ${i}`).toBeTrue();
    }
    const context = bridge.contexts.get(token)!;
    context.dispose();
    bridge.contexts.delete(token);
  });
});
