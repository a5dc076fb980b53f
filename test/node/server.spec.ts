/** `flashmesh serve` over real WebSockets: signalling, rendezvous, relay, limits and bad input. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { convertPeerIDToGroupAddress, groupIdOf } from "../../as3-api/index.js";
import { TransportError } from "../../as3-api/transport/errors.js";
import { RendezvousClient } from "../../as3-api/transport/rendezvousClient.js";
import { RENDEZVOUS_PROTOCOL_VERSION, type ErrorPayload } from "../../as3-api/wire/rendezvous.js";
import { rendezvousKeyOf } from "../../as3-api/wire/rendezvousKey.js";
import { startServer, type FlashmeshServer } from "../../server/app.js";
import type { ServerOptionsInput } from "../../server/options.js";
import { SignallingTestClient } from "../support/signallingClient.js";

const GROUP = groupIdOf("G:0103010c0b0e6d7947726f75702f673100");
const OTHER_GROUP = groupIdOf("G:080e6d7947726f757000");

describe("flashmesh serve", () => {
  let server: FlashmeshServer;
  let clients: SignallingTestClient[];
  let staticDir: string;

  async function start(options: ServerOptionsInput = {}): Promise<void> {
    server = await startServer({ port: 0, logLevel: "silent", staticDir, ...options });
  }
  async function client(options: { heartbeatMs?: number } = {}): Promise<SignallingTestClient> {
    const opened = await SignallingTestClient.open(server.url, options);
    clients.push(opened);
    return opened;
  }
  async function welcomed(app = "app"): Promise<{ socket: SignallingTestClient; rendezvous: RendezvousClient }> {
    const socket = await client();
    const rendezvous = new RendezvousClient(socket, { timeoutMs: 3000 });
    await rendezvous.hello(app);
    return { socket, rendezvous };
  }
  async function rejectedCount(reason: string): Promise<number> {
    const text = await server.metrics.text();
    const match = new RegExp(`flashmesh_rejected_messages_total\\{reason="${reason}"\\} (\\d+)`).exec(text);
    return match ? Number(match[1]) : 0;
  }

  beforeEach(() => {
    clients = [];
    staticDir = mkdtempSync(join(tmpdir(), "flashmesh-static-"));
  });
  afterEach(async () => {
    for (const open of clients) open.close();
    await server?.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  describe("HTTP", () => {
    beforeEach(async () => {
      writeFileSync(join(staticDir, "movie.swf"), "FWS");
      writeFileSync(join(staticDir, "core.wasm"), "\0asm");
      writeFileSync(join(staticDir, "index.html"), "<p>player</p>");
      await start();
    });

    it("answers /health with JSON", async () => {
      const response = await fetch(`${server.url}/health`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toEqual(jasmine.objectContaining({ status: "ok", clients: 0, groups: 0, serverId: server.serverId }));
    });

    it("answers /metrics in Prometheus text format", async () => {
      const response = await fetch(`${server.url}/metrics`);
      expect(response.headers.get("content-type")).toContain("text/plain");
      const text = await response.text();
      for (const name of ["flashmesh_clients", "flashmesh_groups", "flashmesh_group_joins_total", "flashmesh_relays_total", "flashmesh_rejected_messages_total", "process_resident_memory_bytes"]) {
        expect(text).toContain(`# TYPE ${name} `);
      }
    });

    it("serves the static folder with the right content types", async () => {
      expect((await fetch(`${server.url}/movie.swf`)).headers.get("content-type")).toBe("application/x-shockwave-flash");
      expect((await fetch(`${server.url}/core.wasm`)).headers.get("content-type")).toBe("application/wasm");
      expect(await (await fetch(`${server.url}/`)).text()).toBe("<p>player</p>");
      expect((await fetch(`${server.url}/missing.swf`)).status).toBe(404);
    });

    it("serves the player page's parts from the package: Ruffle, flashmesh.js, the page, the demos", async () => {
      await server.close();
      server = await startServer({ port: 0, logLevel: "silent", staticDir, packageRoot: process.cwd() });
      const ruffle = await fetch(`${server.url}/ruffle/ruffle.js`);
      expect(ruffle.status).toBe(200);
      expect(ruffle.headers.get("content-type")).toContain("text/javascript");
      expect((await fetch(`${server.url}/flashmesh.js`)).status).toBe(200);
      const notices = await fetch(`${server.url}/THIRD_PARTY_NOTICES.txt`);
      expect(notices.headers.get("content-type")).toContain("text/plain");
      expect(await notices.text()).toContain("webrtc-adapter");
      expect((await fetch(`${server.url}/player/player.js`)).status).toBe(200);
      expect(await (await fetch(`${server.url}/play?swf=x.swf`)).text()).toContain("flashmesh player");
      const demos = (await (await fetch(`${server.url}/demos.json`)).json()) as { name: string; players: number; swf: string }[];
      expect(demos).toContain(jasmine.objectContaining({ name: "posting-chat", players: 3, swf: "/fixtures/posting-chat/case.swf" }));
      expect(demos.map((demo) => demo.name)).not.toContain("bench-bridge");
      const swf = await fetch(`${server.url}/fixtures/posting-chat/case.swf`);
      expect(swf.headers.get("content-type")).toBe("application/x-shockwave-flash");
      await server.close();
      server = await startServer({ port: 0, logLevel: "silent", staticDir, packageRoot: process.cwd(), player: false });
      expect((await fetch(`${server.url}/demos.json`)).status).toBe(404);
    });

    it("mints peer IDs in Flash's format", async () => {
      const id = await (await fetch(`${server.url}/peerjs/flashmesh/id`)).text();
      expect(id).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe("signalling and rendezvous", () => {
    beforeEach(() => start());

    it("refuses a WebSocket whose peer ID the server did not mint", async () => {
      await expectAsync(SignallingTestClient.open(server.url, { id: "ab".repeat(32) })).toBeRejectedWithError(/upgrade refused: HTTP 401/);
    });

    it("welcomes a client with the server's ID and fresh nonces", async () => {
      const socket = await client();
      const welcome = await new RendezvousClient(socket).hello("myapp/", ["key"]);
      expect(welcome.serverId).toBe(server.serverId);
      expect(welcome.nearNonce).toMatch(/^[0-9a-f]{64}$/);
      expect(welcome.farNonce).toMatch(/^[0-9a-f]{64}$/);
      expect(welcome.nearNonce).not.toBe(welcome.farNonce);
      expect(welcome.v).toBe(RENDEZVOUS_PROTOCOL_VERSION);
      expect(welcome.groupSalt).toBe(server.groupSalt);
      expect(welcome.resumeToken).toMatch(/^[0-9a-f]{64}$/);
    });

    it("rejects and closes a client speaking another protocol version", async () => {
      const socket = await client();
      socket.send({ type: "FM-HELLO", payload: { v: 99, app: "", args: [] } });
      const rejected = await socket.next("FM-REJECTED");
      expect((rejected.payload as { reason: string }).reason).toContain("version");
      expect((await socket.closed).code).toBe(1008);
    });

    it("requires FM-HELLO before anything else", async () => {
      const socket = await client();
      socket.send({ type: "FM-JOIN", payload: { req: 1, group: GROUP, peerToPeer: true } });
      const error = (await socket.next("FM-ERROR")).payload as ErrorPayload;
      expect(error).toEqual({ code: "hello-first", message: "FM-JOIN before FM-HELLO", req: 1 });
    });

    it("hands a joiner the members already there, and keeps count", async () => {
      const a = await welcomed();
      const first = await a.rendezvous.join(GROUP);
      expect(first).toEqual({ req: 1, group: GROUP, members: [], memberCount: 1 });
      const b = await welcomed();
      const second = await b.rendezvous.join(GROUP);
      expect(second.members).toEqual([a.socket.id]);
      expect(second.memberCount).toBe(2);
      expect(server.registry.memberCount(await rendezvousKeyOf(GROUP, server.groupSalt))).toBe(2);
      expect((await b.rendezvous.join(OTHER_GROUP)).members).toEqual([]);
    });

    it("bounds bootstrap sets, giving the joiner its ring neighbours", async () => {
      const members: SignallingTestClient[] = [];
      for (let i = 0; i < 14; i++) {
        const member = await welcomed();
        await member.rendezvous.join(GROUP);
        members.push(member.socket);
      }
      const joiner = await welcomed();
      const { members: bootstrap, memberCount } = await joiner.rendezvous.join(GROUP);
      expect(memberCount).toBe(15);
      expect(bootstrap.length).toBe(server.options.bootstrapCount);
      expect(new Set(bootstrap).size).toBe(bootstrap.length);
      const ring = members.map((member) => ({ id: member.id, address: convertPeerIDToGroupAddress(member.id) })).sort((x, y) => (x.address < y.address ? -1 : 1));
      const own = convertPeerIDToGroupAddress(joiner.socket.id);
      const after = ring.findIndex((member) => member.address > own);
      const successor = ring[after < 0 ? 0 : after]!.id;
      const predecessor = ring[((after < 0 ? ring.length : after) - 1 + ring.length) % ring.length]!.id;
      expect(bootstrap).toContain(successor);
      expect(bootstrap).toContain(predecessor);
    });

    it("counts members without peer-to-peer but never hands them out", async () => {
      const serverOnly = await welcomed();
      expect((await serverOnly.rendezvous.join(GROUP, false)).members).toEqual([]);
      const p2p = await welcomed();
      const joined = await p2p.rendezvous.join(GROUP, true);
      expect(joined.members).toEqual([]);
      expect(joined.memberCount).toBe(2);
      const late = await welcomed();
      expect((await late.rendezvous.join(GROUP)).members).toEqual([p2p.socket.id]);
    });

    it("forgets memberships on leave and on disconnect", async () => {
      const a = await welcomed();
      const b = await welcomed();
      await a.rendezvous.join(GROUP);
      await b.rendezvous.join(GROUP);
      a.rendezvous.leave(GROUP);
      const c = await welcomed();
      expect((await c.rendezvous.join(GROUP)).members).toEqual([b.socket.id]);
      b.socket.close();
      await b.socket.closed;
      const key = await rendezvousKeyOf(GROUP, server.groupSalt);
      await waitUntil(() => server.registry.memberCount(key) === 1);
      c.socket.close();
      await waitUntil(() => !server.registry.groups.has(key));
    });

    it("drops a client that stops sending heartbeats, with its memberships", async () => {
      await server.close();
      await start({ aliveTimeoutMs: 700 });
      const silent = await welcomed();
      const alive = await client({ heartbeatMs: 100 });
      await new RendezvousClient(alive).hello("app");
      await silent.rendezvous.join(GROUP);
      silent.socket.goSilent();
      expect((await silent.socket.closed).code).toBeGreaterThan(0);
      expect(server.registry.memberCount(GROUP)).toBe(0);
      expect(alive.socket.readyState).toBe(alive.socket.OPEN);
    });

    it("relays relay(target, ...args) to the target as onRelay(sender, ...args)", async () => {
      const a = await welcomed();
      const b = await welcomed();
      const received = new Promise<[string, unknown[]]>((resolve) => (b.rendezvous.onRelay = (from, args) => resolve([from, args])));
      a.rendezvous.relay(b.socket.id, ["hello", 42, { nested: [true, null] }]);
      expect(await received).toEqual([a.socket.id, ["hello", 42, { nested: [true, null] }]]);
      expect(await server.metrics.text()).toContain("flashmesh_relays_total 1");
    });

    it("reports a relay to an unknown peer", async () => {
      const a = await welcomed();
      const failed = new Promise<ErrorPayload>((resolve) => (a.rendezvous.onError = resolve));
      const req = a.rendezvous.relay("cd".repeat(32), []);
      expect(await failed).toEqual(jasmine.objectContaining({ code: "unknown-peer", req }));
    });

    it("accepts any developer key by default and only listed ones with an allowlist", async () => {
      await server.close();
      await start({ allowedKeys: ["devkey"] });
      await expectAsync(new RendezvousClient(await client()).hello("devkey/")).toBeResolved();
      await expectAsync(new RendezvousClient(await client()).hello("", ["devkey"])).toBeResolved();
      const refused = await client();
      await expectAsync(new RendezvousClient(refused).hello("otherkey/")).toBeRejectedWith(new TransportError("rejected", "developer key not accepted"));
      expect((await refused.closed).code).toBe(1008);
    });
  });

  describe("bad input", () => {
    beforeEach(() => start({ limits: { maxMessageBytes: 1024, messagesPerSecond: 20, messageBurst: 20, maxGroupsPerClient: 2, maxStrikes: 5 } }));

    async function expectError(socket: SignallingTestClient, code: string): Promise<ErrorPayload> {
      const error = (await socket.next("FM-ERROR")).payload as ErrorPayload;
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(0);
      return error;
    }

    it("answers invalid JSON, non-objects, unknown types, binary and oversized messages, and counts them", async () => {
      const socket = await client();
      socket.sendRaw("{not json");
      await expectError(socket, "bad-json");
      socket.sendRaw("[1,2]");
      await expectError(socket, "bad-message");
      socket.send({ type: "FM-LAUNCH-MISSILES", payload: {} });
      await expectError(socket, "unknown-type");
      socket.sendRaw(Buffer.from([1, 2, 3]));
      await expectError(socket, "bad-message");
      socket.send({ type: "FM-HELLO", payload: { v: 1, app: "x".repeat(2000), args: [] } });
      await expectError(socket, "too-large");
      expect(await rejectedCount("bad-json")).toBe(1);
      expect(await rejectedCount("bad-message")).toBe(2);
      expect(await rejectedCount("unknown-type")).toBe(1);
      expect(await rejectedCount("too-large")).toBe(1);
    });

    it("answers malformed rendezvous payloads", async () => {
      const { socket } = await welcomed();
      socket.send({ type: "FM-JOIN", payload: { req: 7, group: "not-a-group", peerToPeer: true } });
      expect((await expectError(socket, "bad-message")).req).toBe(7);
      socket.send({ type: "FM-RELAY", payload: { req: 8, target: 5, args: "x" } });
      expect((await expectError(socket, "bad-message")).req).toBe(8);
    });

    it("limits groups per connection", async () => {
      const { socket, rendezvous } = await welcomed();
      await rendezvous.join(GROUP);
      await rendezvous.join(OTHER_GROUP);
      await expectAsync(rendezvous.join("ab".repeat(32))).toBeRejectedWith(new TransportError("join-refused", "at most 2 groups per connection", "too-many-groups"));
      await expectAsync(rendezvous.join(GROUP)).toBeResolved(); // joining again is not a new group
      expect(socket.socket.readyState).toBe(socket.socket.OPEN);
    });

    it("closes a socket that sends a frame over the hard 1 MiB limit", async () => {
      const socket = await client();
      socket.sendRaw("x".repeat(1024 * 1024 + 1));
      expect((await socket.closed).code).toBe(1009);
    });

    it("refuses clients beyond the server's limit", async () => {
      await server.close();
      await start({ limits: { maxClients: 2 } });
      await client();
      await client();
      await expectAsync(client()).toBeRejectedWithError(/refused: Server has reached its concurrent user limit/);
    });

    it("rate-limits a flooding client", async () => {
      const socket = await client();
      for (let i = 0; i < 25; i++) socket.send({ type: "HEARTBEAT", payload: undefined });
      await expectError(socket, "rate-limited");
    });

    it("disconnects a client that keeps misbehaving, and other clients never notice", async () => {
      const bystander = await welcomed();
      const peer = await welcomed();
      const abuser = await client({ heartbeatMs: 0 });
      for (let i = 0; i < 8; i++) abuser.sendRaw("garbage");
      expect((await abuser.closed).code).toBe(1008);
      expect(await server.metrics.text()).toContain("flashmesh_abusive_disconnects_total 1");
      const received = new Promise<unknown[]>((resolve) => (peer.rendezvous.onRelay = (_from, args) => resolve(args)));
      bystander.rendezvous.relay(peer.socket.id, ["still here"]);
      expect(await received).toEqual(["still here"]);
      const health = (await (await fetch(`${server.url}/health`)).json()) as { clients: number };
      expect(health.clients).toBe(2);
    });
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
