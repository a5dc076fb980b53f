/**
 * The acceptance test: Adobe's NetGroup chat sample, ported to TypeScript, among three Chromium pages
 * (three separate peers) through a real `flashmesh serve`, with Flash's events in Flash's order.
 */
import type { Page } from "playwright-core";
import { convertPeerIDToGroupAddress } from "../../as3-api/wire/identity.js";
import type { ChatPeerState } from "./pages/chat.js";
import { pollUntil, startEndToEnd, type EndToEnd } from "./support/browser.js";

describe("the NetGroup chat sample in three Chromium pages", () => {
  let e2e: EndToEnd;
  beforeAll(async () => {
    e2e = await startEndToEnd();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const state = (page: Page): Promise<ChatPeerState> => page.evaluate(() => (globalThis as unknown as { chatPeer: { state(): ChatPeerState } }).chatPeer.state());

  it("connects, lists neighbours, exchanges posts and notices a peer leaving", async () => {
    const users = ["alice", "bob", "carol"];
    const group = `e2e-chat/${Date.now()}`;
    const pages: Page[] = [];
    for (const user of users) {
      const page = await e2e.openPage("/chat.html");
      await page.evaluate(([u, g]) => (globalThis as unknown as { chatPeer: { start(u: string, g: string): void } }).chatPeer.start(u!, g!), [user, group]);
      await pollUntil(() => state(page), (s) => s.connected, 20_000, `${user} to join`);
      pages.push(page);
    }
    let states = await pollUntil(() => Promise.all(pages.map(state)), (all) => all.every((s) => s.neighbours.length === 2), 30_000, "two neighbours each");
    for (const [i, page] of pages.entries()) await page.evaluate((text) => (globalThis as unknown as { chatPeer: { send(t: string): void } }).chatPeer.send(text), `hi from ${users[i]}`);
    states = await pollUntil(() => Promise.all(pages.map(state)), (all) => all.every((s) => s.messages.length === 2), 20_000, "two messages each");

    const ids = states.map((s) => s.nearID);
    for (const [i, s] of states.entries()) {
      const others = ids.filter((_, j) => j !== i);
      expect(s.events.slice(0, 2)).toEqual(["nc:NetConnection.Connect.Success", "nc:NetGroup.Connect.Success"]);
      expect(s.events.slice(2).filter((e) => e === "ng:NetGroup.Neighbor.Connect").length).toBe(2);
      expect(s.events.filter((e) => e === "ng:NetGroup.Posting.Notify").length).toBe(2);
      expect([...s.neighbours].sort()).toEqual([...others].sort());
      for (const info of s.neighbourInfos) {
        expect(info.level).toBe("status");
        expect(info.neighbor).toBe(convertPeerIDToGroupAddress(info.peerID as string));
      }
      expect(s.messages.map((m) => m.user).sort()).toEqual(users.filter((u) => u !== users[i]));
      for (const message of s.messages) {
        expect(message.sender).toBe(convertPeerIDToGroupAddress(ids[users.indexOf(message.user)]!));
        expect(message.text).toBe(`hi from ${message.user}`);
        expect(message.sequence).toBe(0);
      }
    }

    // Closing the first page's connection: the two others see it leave their neighbour lists.
    await pages[0]!.evaluate(() => (globalThis as unknown as { chatPeer: { close(): void } }).chatPeer.close());
    states = await pollUntil(() => Promise.all(pages.slice(1).map(state)), (all) => all.every((s) => s.neighbours.length === 1), 30_000, "the departure");
    for (const s of states) {
      expect(s.neighbours).not.toContain(ids[0]!);
      expect(s.neighbourInfos.find((info) => info.code === "NetGroup.Neighbor.Disconnect")!.peerID).toBe(ids[0]);
    }
  });

  it("notices a peer whose browser process was killed (no goodbye of any kind) and keeps exchanging posts", async () => {
    const group = `e2e-chat-kill/${Date.now()}`;
    const start = (page: Page, user: string): Promise<void> => page.evaluate(([u, g]) => (globalThis as unknown as { chatPeer: { start(u: string, g: string): void } }).chatPeer.start(u!, g!), [user, group]);
    const survivors: Page[] = [];
    for (const user of ["alice", "bob"]) {
      const page = await e2e.openPage("/chat.html");
      await start(page, user);
      survivors.push(page);
    }
    const victim = await e2e.openPageInOwnBrowser("/chat.html");
    try {
      await start(victim.page, "carol");
      await pollUntil(() => Promise.all([...survivors, victim.page].map(state)), (all) => all.every((s) => s.neighbours.length === 2), 40_000, "two neighbours each");
      const carol = (await state(victim.page)).nearID;
      await victim.kill();
      // Real silent loss: the survivors learn of it only from their own liveness checks.
      const after = await pollUntil(() => Promise.all(survivors.map(state)), (all) => all.every((s) => s.neighbours.length === 1), 120_000, "both survivors to drop the killed peer");
      for (const s of after) {
        expect(s.neighbours).not.toContain(carol);
        expect(s.neighbourInfos.filter((info) => info.code === "NetGroup.Neighbor.Disconnect").map((info) => info.peerID)).toEqual([carol]);
      }
      for (const [i, page] of survivors.entries()) await page.evaluate((text) => (globalThis as unknown as { chatPeer: { send(t: string): void } }).chatPeer.send(text), `still here ${i}`);
      const heard = await pollUntil(() => Promise.all(survivors.map(state)), (all) => all.every((s) => s.messages.some((m) => m.text.startsWith("still here"))), 30_000, "a post after the loss");
      expect(heard[0]!.messages.map((m) => m.text)).toContain("still here 1");
      expect(heard[1]!.messages.map((m) => m.text)).toContain("still here 0");
    } finally {
      for (const page of survivors) await page.close();
      await victim.kill().catch(() => undefined);
    }
  });
});
