/**
 * A TypeScript peer (the flashmesh library in a page: an HTML5 port, no Ruffle) and a SWF (fixtures/amf3-values in
 * Ruffle) in one group exchange every value kind through post, sendToNearest, sendToAllNeighbors and relay. The SWF
 * prints exactly what it prints with another SWF as its peer (its expected.txt); the TypeScript peer reads the SWF's
 * values, and writing what it read gives the SWF's own bytes again (the SHA-256 of them is the post's messageID).
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { pollUntil, startEndToEnd, type EndToEnd } from "./support/browser.js";

interface PeerState {
  lines: string[];
  channels: number;
  error: string | null;
}

/** Runs in the TypeScript peer's page (window.flashmesh from the script tag); keeps its findings in window.tsPeer. */
function startTypeScriptPeer(): void {
  const fm = (globalThis as unknown as { flashmesh: typeof import("../../shim/index.js") }).flashmesh;
  const state: PeerState = { lines: [], channels: 0, error: null };
  (globalThis as unknown as { tsPeer: PeerState }).tsPeer = state;
  const traits = (value: unknown): unknown => (value as Record<symbol, unknown>)[fm.AMF3_TRAITS];
  const nc = new fm.NetConnection();
  let group: InstanceType<typeof fm.NetGroup>;
  let sent = false;

  const values = (channel: string): Record<string, unknown> => {
    const sparse: unknown[] = [];
    sparse[0] = "first";
    sparse[5] = "sixth";
    const associative: unknown[] & { key?: string } = [1, 2];
    associative.key = "value";
    return {
      channel, from: nc.nearID, instance: { publicVar: 1, readWrite: "accessor" }, typed: fm.amf3Typed("flashmesh.fixtures.Typed", { v: 7 }),
      nan: NaN, infinity: Infinity, minusInfinity: -Infinity, minusZero: -0, list: [undefined, null], int: 5, bigInt: 268435456, number: 1.5,
      date: new Date(1000), bytes: new Uint8Array([1, 0, 255]), xml: new fm.Amf3Xml('<a b="1"><c/></a>'), sparse, associative,
      dictionary: new Map([["key", "value"]]), ints: fm.amf3Vector(fm.Amf3Marker.VectorInt, [1, -2]),
      uints: fm.amf3Vector(fm.Amf3Marker.VectorUint, [1, 4000000000]), numbers: fm.amf3Vector(fm.Amf3Marker.VectorDouble, [1.5, NaN]),
      strings: fm.amf3Vector(fm.Amf3Marker.VectorObject, ["a", "b"], "String"), objects: fm.amf3Vector(fm.Amf3Marker.VectorObject, [{ a: 1 }, null]),
    };
  };

  const hex = (bytes: ArrayBuffer): string => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
  const received = async (channel: string, m: Record<string, unknown>, messageID: string | null): Promise<void> => {
    const typed = m["typed"] as { v: number };
    const list = m["list"] as unknown[];
    const sparse = m["sparse"] as unknown[];
    const associative = m["associative"] as unknown[] & { key: string };
    const xml = m["xml"];
    state.lines.push(
      `${channel} instance: ${JSON.stringify(m["instance"])} traits ${JSON.stringify(traits(m["instance"]))}`,
      `${channel} typed: ${JSON.stringify(traits(typed))} v=${typed.v}`,
      `${channel} numbers: ${String(m["nan"])} ${String(m["infinity"])} ${String(m["minusInfinity"])} minusZero ${Object.is(m["minusZero"], -0)} ${String(m["int"])} ${String(m["bigInt"])} ${String(m["number"])}`,
      `${channel} list: ${list.length} ${list[0] === undefined} ${list[1] === null}`,
      `${channel} date: ${(m["date"] as Date).getTime()}`,
      `${channel} bytes: ${Array.from(m["bytes"] as Uint8Array).join(",")}`,
      `${channel} xml: ${xml instanceof fm.Amf3Xml} ${JSON.stringify(String(xml))}`,
      `${channel} sparse: ${sparse.length} ${String(sparse[0])} ${String(sparse[5])} ${1 in sparse}`,
      `${channel} associative: ${associative.length} ${String(associative[1])} ${associative.key}`,
      `${channel} dictionary: ${(m["dictionary"] as Map<unknown, unknown>).get("key")}`,
      `${channel} vectors: ${["ints", "uints", "numbers", "strings", "objects"].map((name) => `${(traits(m[name]) as { vector: number }).vector}:${JSON.stringify(m[name])}`).join(" ")}`,
    );
    if (messageID !== null) {
      const again = await crypto.subtle.digest("SHA-256", fm.encodeAmf3(m) as Uint8Array<ArrayBuffer>);
      state.lines.push(`${channel} written again: the messageID ${hex(again) === messageID ? "matches" : "differs"}`);
    }
    state.channels++;
  };
  const fail = (error: unknown): void => void (state.error = String(error));

  nc.client = { onRelay: (_from: string, message: Record<string, unknown>) => void received("relay", message, null).catch(fail) };
  nc.addEventListener("netStatus", (event) => {
    const info = event.info as Record<string, unknown>;
    if (info["code"] !== "NetConnection.Connect.Success") return;
    const spec = new fm.GroupSpecifier("flashmesh/fixtures/amf3-values", 10);
    spec.serverChannelEnabled = true;
    spec.postingEnabled = true;
    spec.routingEnabled = true;
    group = new fm.NetGroup(nc, spec.groupspecWithAuthorizations());
    group.addEventListener("netStatus", (groupEvent) => {
      const g = groupEvent.info as Record<string, unknown>;
      try {
        if (g["code"] === "NetGroup.Neighbor.Connect" && !sent) {
          sent = true;
          const peer = g["peerID"] as string;
          group.post(values("post"));
          group.sendToNearest(values("sendToNearest"), group.convertPeerIDToGroupAddress(peer));
          group.sendToAllNeighbors(values("sendToAllNeighbors"));
          nc.call("relay", null, peer, values("relay"));
        } else if (g["code"] === "NetGroup.Posting.Notify") {
          received("post", g["message"] as Record<string, unknown>, g["messageID"] as string).catch(fail);
        } else if (g["code"] === "NetGroup.SendTo.Notify") {
          const message = g["message"] as Record<string, unknown>;
          received(message["channel"] as string, message, null).catch(fail);
        }
      } catch (error) {
        fail(error);
      }
    });
  });
  nc.connect("rtmfp://p2p.rtmfp.net/fixture-developer-key/");
}

/** What the TypeScript peer must read of the SWF's values on each channel. */
function expectedPeerLines(): string[] {
  const lines: string[] = [];
  for (const channel of ["post", "relay", "sendToAllNeighbors", "sendToNearest"]) {
    lines.push(
      `${channel} instance: {"publicVar":1,"readWrite":"accessor"} traits {"className":"","dynamic":false,"sealed":["publicVar","readWrite"]}`,
      `${channel} typed: {"className":"flashmesh.fixtures.Typed","dynamic":false,"sealed":["v"]} v=7`,
      `${channel} numbers: NaN Infinity -Infinity minusZero true 5 268435456 1.5`,
      `${channel} list: 2 true true`,
      `${channel} date: 1000`,
      `${channel} bytes: 1,0,255`,
      `${channel} xml: true "<a b=\\"1\\">\\n  <c/>\\n</a>"`,
      `${channel} sparse: 6 first sixth false`,
      `${channel} associative: 2 2 value`,
      `${channel} dictionary: value`,
      `${channel} vectors: 13:[1,-2] 14:[1,4000000000] 15:[1.5,null] 16:["a","b"] 16:[{"a":1},null]`,
    );
  }
  lines.push("post written again: the messageID matches");
  return lines.sort();
}

describe("a TypeScript peer and a SWF in one group", () => {
  let e2e: EndToEnd;
  beforeAll(async () => {
    e2e = await startEndToEnd();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it("exchange every value kind as the same AMF3 bytes, through post, sendToNearest, sendToAllNeighbors and relay", async () => {
    const expectedSwf = readFileSync("fixtures/amf3-values/expected.txt", "utf8").trimEnd().split("\n");
    const pages: Page[] = [];
    try {
      const peer = await e2e.openPage("/fixture.html?swf=fixtures/no-p2p/case.swf");
      pages.push(peer);
      await peer.evaluate(startTypeScriptPeer);
      const swf = await e2e.openPage("/fixture.html?swf=fixtures/amf3-values/case.swf");
      pages.push(swf);
      const [swfTraces, peerState] = await pollUntil(
        () => Promise.all([swf.evaluate(() => (globalThis as unknown as { fixture: { traces: string[] } }).fixture.traces), peer.evaluate(() => (globalThis as unknown as { tsPeer: PeerState }).tsPeer)]),
        ([traces, state]) => state.error !== null || (traces.includes("done") && state.channels === 4),
        60_000,
        "the SWF to print done and the TypeScript peer to hear all four channels",
      );
      expect(peerState.error).toBeNull();
      expect(swfTraces.slice(0, swfTraces.indexOf("done") + 1)).toEqual(expectedSwf);
      expect([...peerState.lines].sort()).toEqual(expectedPeerLines());
    } finally {
      for (const page of pages) await page.close();
    }
  });
});
