/** The example server-side applications (examples/apps: chat, fileshare) under a real `flashmesh serve --apps`. */
import { startServerProcess, type ServerProcess } from "../../scripts/server-process.mjs";
import { call, clientCall, hello, value } from "../support/appClient.js";
import type { SignallingTestClient } from "../support/signallingClient.js";

describe("example applications (flashmesh serve --apps examples/apps)", () => {
  let server: ServerProcess;
  const clients: SignallingTestClient[] = [];
  let defaultTimeout: number;

  beforeAll(async () => {
    defaultTimeout = jasmine.DEFAULT_TIMEOUT_INTERVAL;
    jasmine.DEFAULT_TIMEOUT_INTERVAL = 60_000;
    server = await startServerProcess(["bin/flashmesh.mjs", "serve", "--port", "0", "--static", "none", "--no-player", "--log-level", "error", "--apps", "examples/apps"], { timeoutMs: 20_000 });
  });
  afterAll(async () => {
    jasmine.DEFAULT_TIMEOUT_INTERVAL = defaultTimeout;
    await server?.stop();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  async function connected(app: string, ...args: unknown[]): Promise<SignallingTestClient> {
    const { client, welcome, rejected } = await hello(server.url, app, ...args);
    clients.push(client);
    if (welcome === undefined) throw new Error(`rejected: ${rejected?.reason}`);
    return client;
  }

  describe("chat", () => {
    it("tells a newcomer who is here, the others that it joined, everyone what is said and who left", async () => {
      const alice = await connected("chat/", "alice");
      expect((await clientCall(alice, "userList")).args.map(value)).toEqual([["alice"]]);
      const bob = await connected("chat/", "bob");
      expect((await clientCall(bob, "userList")).args.map(value)).toEqual([["alice", "bob"]]);
      expect((await clientCall(alice, "userJoined")).args.map(value)).toEqual(["bob"]);

      expect(value((await call(bob, "say", "hi all")).result)).toBe(2);
      for (const client of [alice, bob]) {
        const [from, text, date] = (await clientCall(client, "message")).args.map(value);
        expect([from, text]).toEqual(["bob", "hi all"]);
        expect(date).toBeInstanceOf(Date);
      }
      const history = value((await call(alice, "history")).result) as { from: string; text: string }[];
      expect(history.at(-1)).toEqual(jasmine.objectContaining({ from: "bob", text: "hi all" }));

      bob.close();
      expect((await clientCall(alice, "userLeft")).args.map(value)).toEqual(["bob"]);
    });

    it("refuses a taken or missing name with the reason in info.application, and an empty text", async () => {
      const carol = await connected("chat/", "carol");
      const taken = await hello(server.url, "chat/", "carol");
      clients.push(taken.client);
      expect(value(taken.rejected?.application)).toEqual({ reason: "name-taken", message: "carol is already here" });
      const nameless = await hello(server.url, "chat/");
      clients.push(nameless.client);
      expect((value(nameless.rejected?.application) as { reason: string }).reason).toBe("bad-name");
      expect((await call(carol, "say", "")).error).toContain("say takes a text");
    });
  });

  describe("fileshare", () => {
    it("introduces a downloader to the sharers of a file, both ways", async () => {
      const sharer = await connected("fileshare/");
      const downloader = await connected("fileshare/");
      expect(value((await call(sharer, "share", "song.mp3", 4_000_000)).result)).toBe(1);
      expect(value((await call(downloader, "list")).result)).toEqual(jasmine.arrayContaining([{ name: "song.mp3", size: 4_000_000, hash: "", sharers: 1 }]));
      const introduced = value((await call(downloader, "download", "song.mp3")).result);
      expect(introduced).toEqual({ name: "song.mp3", size: 4_000_000, hash: "", sharers: [sharer.id] });
      expect((await clientCall(sharer, "downloaderArrived")).args.map(value)).toEqual([downloader.id, "song.mp3"]);
      expect(value((await call(downloader, "share", "song.mp3")).result)).toBe(2);
    });

    it("keeps a file's hash, hands it to downloaders and refuses a sharer with another one", async () => {
      const sharer = await connected("fileshare/");
      const downloader = await connected("fileshare/");
      expect(value((await call(sharer, "share", "hashed.bin", 3, "crc32 0badf00d")).result)).toBe(1);
      expect(value((await call(downloader, "download", "hashed.bin")).result)).toEqual({ name: "hashed.bin", size: 3, hash: "crc32 0badf00d", sharers: [sharer.id] });
      expect((await call(downloader, "share", "hashed.bin", 3, "crc32 00000000")).error).toBe("share failed: Error: hashed.bin is shared with another hash");
      expect((await call(downloader, "share", "hashed.bin", 3, 42)).error).toContain("a hash of up to 128 characters");
      expect(value((await call(downloader, "share", "hashed.bin", 3, "crc32 0badf00d")).result)).toBe(2);
      expect(value((await call(downloader, "list")).result)).toEqual(jasmine.arrayContaining([{ name: "hashed.bin", size: 3, hash: "crc32 0badf00d", sharers: 2 }]));
    });

    it("says when no one shares a file, and forgets a sharer that left", async () => {
      const sharer = await connected("fileshare/");
      const other = await connected("fileshare/");
      expect((await call(other, "download", "nothing.txt")).error).toBe("download failed: Error: no one shares nothing.txt");
      await call(sharer, "share", "once.txt", 1);
      sharer.close();
      for (let i = 0; i < 100; i++) {
        const files = value((await call(other, "list")).result) as { name: string }[];
        if (!files.some((file) => file.name === "once.txt")) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      fail("once.txt is still listed after its only sharer left");
    });
  });
});
