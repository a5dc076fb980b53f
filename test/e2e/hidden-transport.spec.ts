/**
 * A page that drives a hidden SWF as its P2P transport (fixtures/hidden-transport, test/e2e/pages/hidden-transport.ts):
 * two such pages in real Chromium with Ruffle and a real `flashmesh serve`, each connecting to the other's peer ID
 * and exchanging messages over DIRECT_CONNECTIONS streams, all through the SWF's ExternalInterface callbacks and the
 * page functions it calls back.
 */
import type { Page } from "playwright-core";
import { pollUntil, startEndToEnd, type EndToEnd } from "./support/browser.js";

interface TransportState {
  loaded: boolean;
  status: string[];
  peerID: string | null;
  peers: string[];
  connected: string[];
  messages: { from: string; text: string }[];
  error: string | null;
  size: string;
}

const stateOf = (page: Page): Promise<TransportState> => page.evaluate(() => (globalThis as unknown as { transport: { state: TransportState } }).transport.state);

describe("a page with a hidden SWF as its P2P transport", () => {
  let e2e: EndToEnd;
  beforeAll(async () => {
    e2e = await startEndToEnd();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it("two pages connect to each other's peer ID and exchange messages through the SWF's callbacks", async () => {
    const pages = [await e2e.openPage("/hidden-transport.html"), await e2e.openPage("/hidden-transport.html")];
    try {
      await pollUntil(() => Promise.all(pages.map(stateOf)), (all) => all.every((s) => s.loaded), 30_000, "both hidden SWFs to call onP2PLoaded");
      for (const page of pages) {
        const started = await pollUntil(
          () => page.evaluate(() => (globalThis as unknown as { transport: { init(url: string): boolean } }).transport.init("rtmfp://p2p.rtmfp.net/fixture-developer-key/")),
          (done) => done,
          10_000,
          "the SWF's p2pInit callback",
        );
        expect(started).toBeTrue();
      }
      const ready = await pollUntil(() => Promise.all(pages.map(stateOf)), (all) => all.every((s) => s.peerID !== null), 30_000, "both SWFs to call onP2PReady");
      const [a, b] = ready.map((s) => s.peerID!) as [string, string];
      expect(a).toMatch(/^[0-9a-f]{64}$/);
      expect(b).not.toBe(a);
      for (const s of ready) expect(s.size).toBe("0x0");
      // One direction after the other: with both dialled at once the full run once saw neither stream connect within
      // 30 s (two links opened towards each other at the same moment; reported to the lead, not yet understood).
      const connect = (page: Page, id: string): Promise<void> => page.evaluate((peer) => (globalThis as unknown as { transport: { connect(id: string): void } }).transport.connect(peer), id);
      await connect(pages[0]!, b);
      await pollUntil(() => stateOf(pages[0]!), (s) => s.connected.length === 1, 60_000, "page 1 to play page 2's stream");
      await connect(pages[1]!, a);
      const connected = await pollUntil(() => Promise.all(pages.map(stateOf)), (all) => all.every((s) => s.connected.length === 1 && s.peers.length === 1), 60_000, "each page to play the other's stream");
      expect(connected[0]!.connected).toEqual([b]);
      expect(connected[1]!.connected).toEqual([a]);
      // onPeerConnect named the subscriber: each SWF's publisher saw the other page's peer ID.
      expect(connected[0]!.peers).toEqual([b]);
      expect(connected[1]!.peers).toEqual([a]);
      for (const [i, page] of pages.entries()) {
        for (const n of [1, 2, 3]) await page.evaluate((text) => (globalThis as unknown as { transport: { send(text: string): void } }).transport.send(text), `message ${n} from page ${i + 1}`);
      }
      const done = await pollUntil(() => Promise.all(pages.map(stateOf)), (all) => all.every((s) => s.messages.length >= 3), 30_000, "each page to get the other's three messages");
      expect(done[0]!.messages).toEqual([1, 2, 3].map((n) => ({ from: b, text: `message ${n} from page 2` })));
      expect(done[1]!.messages).toEqual([1, 2, 3].map((n) => ({ from: a, text: `message ${n} from page 1` })));
      for (const s of done) expect(s.error).toBeNull();
    } finally {
      for (const page of pages) await page.close();
    }
  });

  it("a page that kept the <object> Ruffle replaced (swfobject's embedSWF) calls the SWF's callbacks on it", async () => {
    const pages = [await e2e.openPage("/hidden-transport.html?markup=dynamic"), await e2e.openPage("/hidden-transport.html?markup=dynamic")];
    try {
      await pollUntil(() => Promise.all(pages.map(stateOf)), (all) => all.every((s) => s.loaded), 30_000, "both hidden SWFs to call onP2PLoaded");
      for (const page of pages) {
        expect(await page.evaluate(() => (globalThis as unknown as { transport: { keptReplaced(): boolean } }).transport.keptReplaced())).withContext("Ruffle replaced the kept element").toBeTrue();
        const started = await pollUntil(
          () => page.evaluate(() => (globalThis as unknown as { transport: { init(url: string): boolean } }).transport.init("rtmfp://p2p.rtmfp.net/fixture-developer-key/")),
          (done) => done,
          10_000,
          "the SWF's p2pInit callback on the kept element",
        );
        expect(started).toBeTrue();
      }
      const ready = await pollUntil(() => Promise.all(pages.map(stateOf)), (all) => all.every((s) => s.peerID !== null), 30_000, "both SWFs to call onP2PReady");
      const b = ready[1]!.peerID!;
      await pages[0]!.evaluate((peer) => (globalThis as unknown as { transport: { connect(id: string): void } }).transport.connect(peer), b);
      await pollUntil(() => stateOf(pages[0]!), (s) => s.connected.length === 1, 60_000, "page 1 to play page 2's stream");
      await pages[1]!.evaluate(() => (globalThis as unknown as { transport: { send(text: string): void } }).transport.send("through the kept element"));
      const got = await pollUntil(() => stateOf(pages[0]!), (s) => s.messages.length >= 1, 30_000, "page 1 to get page 2's message");
      expect(got.messages).toEqual([{ from: b, text: "through the kept element" }]);
      for (const page of pages) expect((await stateOf(page)).error).toBeNull();
    } finally {
      for (const page of pages) await page.close();
    }
  });
});
