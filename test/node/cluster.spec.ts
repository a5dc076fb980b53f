/**
 * Several `flashmesh serve` nodes sharing state through a real redis-server (Debian's, started here on a free
 * 127.0.0.1 port and always stopped): peer IDs minted on one node verify on another, a joiner on one node is handed
 * members on the others, relays and PeerJS signalling cross nodes, a node killed with SIGKILL leaves no members
 * behind once its presence expires, and garbage published on a node's channel is refused with a log line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { groupIdOf } from "../../as3-api/index.js";
import { RendezvousClient } from "../../as3-api/transport/rendezvousClient.js";
import type { ErrorPayload, OnRelayPayload } from "../../as3-api/wire/rendezvous.js";
import { startServer, type FlashmeshServer } from "../../server/app.js";
import { createLogger } from "../../server/log.js";
import type { ServerLimits } from "../../server/options.js";
import { RedisLink } from "../../server/redis.js";
import { hasRedisServer, startRedisServer, type RedisProcess } from "../../scripts/redis-process.mjs";
import { SignallingTestClient } from "../support/signallingClient.js";
import { until } from "../support/until.js";

const GROUP = groupIdOf("G:0103010c0b0e6d7947726f75702f673100");
const BIN = join(process.cwd(), "bin/flashmesh.mjs");
/** Short, so the dead-node spec waits seconds, not the default 10 s. */
const NODE_TTL_MS = 1500;

describe("several flashmesh serve nodes on Redis", () => {
  const unavailable = hasRedisServer() ? null : "needs redis-server (node scripts/system-deps.mjs redis-server)";
  let redis: RedisProcess | null = null;
  let nodes: FlashmeshServer[] = [];
  let clients: SignallingTestClient[] = [];
  let children: ChildProcess[] = [];
  const logLines: string[] = [];

  async function node(limits: Partial<ServerLimits> = {}): Promise<FlashmeshServer> {
    const log = createLogger("info", (line) => void logLines.push(line));
    const started = await startServer({ port: 0, logLevel: "warn", staticDir: null, player: false, redis: redis!.url, redisNodeTtlMs: NODE_TTL_MS, limits }, log);
    nodes.push(started);
    return started;
  }

  async function welcomed(on: FlashmeshServer, id?: string): Promise<{ socket: SignallingTestClient; rendezvous: RendezvousClient }> {
    const socket = await SignallingTestClient.open(on.url, id === undefined ? {} : { id });
    clients.push(socket);
    const rendezvous = new RendezvousClient(socket, { timeoutMs: 5000 });
    await rendezvous.hello("app");
    return { socket, rendezvous };
  }

  /** `flashmesh serve --redis` as a child process (to be killed for real); resolves with its URL. */
  function childNode(): Promise<{ url: string; child: ChildProcess }> {
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--static", "none", "--no-player", "--log-level", "warn", "--redis", redis!.url, "--redis-node-ttl-ms", String(NODE_TTL_MS)], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let stdout = "";
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL in 20 s: ${stderr}`)), 20_000);
      child.once("exit", (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
      child.stdout!.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const url = /listening on (http:\/\/[^/\s]+)\//.exec(stdout)?.[1];
        if (url === undefined) return;
        clearTimeout(timer);
        resolve({ url, child });
      });
    });
  }

  beforeAll(async () => {
    if (unavailable === null) redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const started of nodes.splice(0)) await started.close();
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    logLines.length = 0;
  });

  it("share the peer-ID secret, the server ID and the group salt", async () => {
    if (unavailable !== null) return pending(unavailable);
    const [a, b] = [await node(), await node()];
    expect(b.serverId).toBe(a.serverId);
    expect(b.groupSalt).toBe(a.groupSalt);
    // An ID minted by A connects to B; one B never minted (any 64 hex digits) is still refused.
    const id = await (await fetch(`${a.url}/peerjs/flashmesh/id`)).text();
    const onB = await welcomed(b, id);
    expect(onB.socket.id).toBe(id);
    await expectAsync(SignallingTestClient.open(b.url, { id: "ab".repeat(32) })).toBeRejectedWithError(/HTTP 401/);
    // Nor can anyone else claim on A the ID now held on B.
    await expectAsync(SignallingTestClient.open(a.url, { id })).toBeRejectedWithError(/HTTP 401/);
  });

  it("hand a joiner on one node the members on the others, with the count of all", async () => {
    if (unavailable !== null) return pending(unavailable);
    const [a, b] = [await node(), await node()];
    const onA = await welcomed(a);
    const first = await onA.rendezvous.join(GROUP);
    expect(first.members).toEqual([]);
    const onB = await welcomed(b);
    const second = await onB.rendezvous.join(GROUP);
    expect(second.members).toEqual([onA.socket.id]);
    expect(second.memberCount).toBe(2);
    // A leave on A is seen from B.
    onA.rendezvous.leave(GROUP);
    const third = await (await welcomed(b)).rendezvous.join(GROUP);
    expect(third.members).toEqual([onB.socket.id]);
    expect(third.memberCount).toBe(2);
  });

  it("relay between clients on different nodes, and say unknown-peer for one that left", async () => {
    if (unavailable !== null) return pending(unavailable);
    const [a, b] = [await node(), await node()];
    const onA = await welcomed(a);
    const onB = await welcomed(b);
    const relayed = new Promise<{ from: string; args: unknown[] }>((resolve) => (onB.rendezvous.onRelay = (from, args) => resolve({ from, args })));
    onA.rendezvous.relay(onB.socket.id, [{ amf3: "BgdoaQ==" }, 42]);
    expect(await relayed).toEqual({ from: onA.socket.id, args: [{ amf3: "BgdoaQ==" }, 42] });

    // Gone from B (whether or not B has noticed yet, the relay cannot be delivered there).
    onB.socket.close();
    await onB.socket.closed;
    const failed = new Promise<ErrorPayload>((resolve) => (onA.rendezvous.onError = resolve));
    const req = onA.rendezvous.relay(onB.socket.id, ["anyone?"]);
    const error = await failed;
    expect(error.code).toBe("unknown-peer");
    expect(error.req).toBe(req);
  });

  it("forward PeerJS signalling (OFFER, ANSWER, CANDIDATE) between nodes, from the real sender", async () => {
    if (unavailable !== null) return pending(unavailable);
    const [a, b] = [await node(), await node()];
    const onA = await welcomed(a);
    const onB = await welcomed(b);
    onA.socket.send({ type: "OFFER", dst: onB.socket.id, payload: { sdp: "offer-sdp", connectionId: "dc_1" } } as never);
    const offer = (await onB.socket.next("OFFER")) as unknown as { src: string; dst: string; payload: { sdp: string } };
    expect([offer.src, offer.dst, offer.payload.sdp]).toEqual([onA.socket.id, onB.socket.id, "offer-sdp"]);
    onB.socket.send({ type: "ANSWER", dst: onA.socket.id, payload: { sdp: "answer-sdp" } } as never);
    onB.socket.send({ type: "CANDIDATE", dst: onA.socket.id, payload: { candidate: "c1" } } as never);
    const answer = (await onA.socket.next("ANSWER")) as unknown as { src: string; payload: { sdp: string } };
    const candidate = (await onA.socket.next("CANDIDATE")) as unknown as { src: string; payload: { candidate: string } };
    expect([answer.src, answer.payload.sdp, candidate.src, candidate.payload.candidate]).toEqual([onB.socket.id, "answer-sdp", onB.socket.id, "c1"]);
  });

  it("take a killed node's clients out of the others' groups once its presence expires", async () => {
    if (unavailable !== null) return pending(unavailable);
    const a = await node();
    const doomed = await childNode();
    const victim = new RendezvousClient(await SignallingTestClient.open(doomed.url).then((socket) => (clients.push(socket), socket)), { timeoutMs: 5000 });
    await victim.hello("app");
    await victim.join(GROUP);
    const survivor = await welcomed(a);
    const seen = await survivor.rendezvous.join(GROUP);
    expect(seen.memberCount).toBe(2);
    expect(seen.members.length).toBe(1);

    doomed.child.kill("SIGKILL");
    // Within the expiry (and a sweep period or two of slack on a loaded machine), the survivor's re-join (which
    // replaces its membership) finds itself alone.
    const deadline = Date.now() + NODE_TTL_MS * 10;
    let last = seen;
    while (Date.now() < deadline && last.memberCount > 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      last = await survivor.rendezvous.join(GROUP);
    }
    expect([last.members, last.memberCount]).toEqual([[], 1]);
    expect(logLines.join("")).toContain("nodes stopped answering; their clients left their groups");
  }, 60_000);

  it("refuse malformed messages from Redis with a log line, count them, and keep serving", async () => {
    if (unavailable !== null) return pending(unavailable);
    const [a, b] = [await node(), await node()];
    const raw = await RedisLink.connect(redis!.url);
    try {
      const channels = (await raw.command("PUBSUB", "CHANNELS", "flashmesh:to:*")) as string[];
      expect(channels.length).toBe(2);
      const garbage = ["not json", "[]", '{"k":"relay"}', '{"k":"signal","to":"' + "ab".repeat(32) + '","text":"{}"}', '{"k":"nuke"}', "[".repeat(100_000), '{"k":"relay-error","to":"x","req":1,"code":"boom","message":"m"}'];
      for (const channel of channels) for (const text of garbage) await raw.command("PUBLISH", channel, text);
      await until(() => logLines.filter((line) => line.includes("ignoring a malformed message from Redis")).length === garbage.length * 2, 10_000, "a log line per malformed message");
      const counted = await Promise.all([a, b].map(async (server) => Number(/flashmesh_cluster_rejected_messages_total (\d+)/.exec(await server.metrics.text())?.[1])));
      expect(counted).toEqual([garbage.length, garbage.length]);
      // Both nodes still relay.
      const onA = await welcomed(a);
      const onB = await welcomed(b);
      const relayed = new Promise<unknown[]>((resolve) => (onB.rendezvous.onRelay = (_from, args) => resolve(args)));
      onA.rendezvous.relay(onB.socket.id, ["still here"]);
      expect(await relayed).toEqual(["still here"]);
    } finally {
      raw.close();
    }
  });

  it("serve their own clients while Redis is away, and share them again once it is back (even empty)", async () => {
    if (unavailable !== null) return pending(unavailable);
    const [a, b] = [await node(), await node()];
    const a1 = await welcomed(a);
    await a1.rendezvous.join(GROUP);
    const b1 = await welcomed(b);
    expect((await b1.rendezvous.join(GROUP)).memberCount).toBe(2);

    await redis!.stop();
    await until(() => logLines.filter((line) => line.includes("Redis connection lost")).length >= 2, 10_000, "both nodes to say Redis is lost");
    // A alone: a new client connects, joins (answered from A's own members) and is relayed to.
    const a2 = await welcomed(a);
    const alone = await a2.rendezvous.join(GROUP);
    expect([alone.members, alone.memberCount]).toEqual([[a1.socket.id], 2]);
    const relayed = new Promise<unknown[]>((resolve) => (a2.rendezvous.onRelay = (_from, args) => resolve(args)));
    a1.rendezvous.relay(a2.socket.id, ["while Redis is away"]);
    expect(await relayed).toEqual(["while Redis is away"]);

    // A new, empty Redis on the same port: the nodes state their clients again.
    redis = await startRedisServer({ port: redis!.port });
    await until(() => logLines.filter((line) => line.includes("Redis is back")).length >= 2, 15_000, "both nodes to say Redis is back");
    const deadline = Date.now() + 15_000;
    let seen = await b1.rendezvous.join(GROUP);
    while (Date.now() < deadline && seen.memberCount < 3) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      seen = await b1.rendezvous.join(GROUP);
    }
    expect(seen.memberCount).toBe(3);
    expect([...seen.members].sort()).toEqual([a1.socket.id, a2.socket.id].sort());
    // And a node started now shares the first nodes' secret: an ID minted by A connects to it.
    const c = await node();
    const id = await (await fetch(`${a.url}/peerjs/flashmesh/id`)).text();
    expect((await welcomed(c, id)).socket.id).toBe(id);
  }, 60_000);

  it("refuse to start when Redis cannot be reached, with a clear error and exit code", async () => {
    if (unavailable !== null) return pending(unavailable);
    await expectAsync(startServer({ port: 0, logLevel: "silent", staticDir: null, player: false, redis: "redis://127.0.0.1:1" })).toBeRejectedWithError(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--static", "none", "--redis", "redis://127.0.0.1:1"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toContain("could not start: cannot reach Redis at redis://127.0.0.1:1");
  }, 30_000);

  it("refuse relays to a client on another node that does not read (peer-busy from its node), closing nobody", async () => {
    if (unavailable !== null) return pending(unavailable);
    const limits = { messagesPerSecond: 2000, messageBurst: 4000, outboundSoftBytes: 64 * 1024, outboundHardBytes: 256 * 1024 };
    const [a, b] = [await node(limits), await node(limits)];
    const sender = await welcomed(a);
    const reader = await welcomed(b);
    reader.socket.setReading(false);
    let received = 0;
    reader.rendezvous.onRelay = () => received++;
    const busy: ErrorPayload[] = [];
    sender.rendezvous.onError = (failure) => busy.push(failure);
    const args = ["x".repeat(12_000)];
    // Far more than the watermarks and the kernel's socket buffers hold: up to 2,000 × 12 KB = 24 MB.
    let sent = 0;
    for (let round = 0; round < 40 && busy.length === 0; round++) {
      for (let i = 0; i < 50; i++, sent++) sender.rendezvous.relay(reader.socket.id, args);
      await until(() => sender.socket.socket.bufferedAmount === 0, 10_000, "the sender's socket to drain");
      await new Promise((resolve) => setTimeout(resolve, 30)); // the nodes' turn to pass them on
    }
    await until(() => busy.length > 0, 10_000, "peer-busy from the reader's node");
    expect(new Set(busy.map((failure) => failure.code))).toEqual(new Set(["peer-busy"]));
    expect(sender.socket.socket.readyState).toBe(sender.socket.socket.OPEN);
    reader.socket.setReading(true);
    await until(() => received + busy.length >= sent, 20_000, "every relay delivered or refused");
    expect(received).toBeLessThan(sent);
    expect(reader.socket.socket.readyState).toBe(reader.socket.socket.OPEN);
    expect(/flashmesh_slow_reader_disconnects_total (\d+)/.exec(await b.metrics.text())?.[1]).toBe("0");
  }, 60_000);

  it("keep the limits of a node alone: a relay over the message size is refused on the sender's node", async () => {
    if (unavailable !== null) return pending(unavailable);
    const [a, b] = [await node(), await node()];
    const onA = await welcomed(a);
    const onB = await welcomed(b);
    const failed = new Promise<ErrorPayload>((resolve) => (onA.rendezvous.onError = resolve));
    onA.rendezvous.relay(onB.socket.id, ["x".repeat(20 * 1024)]);
    expect((await failed).code).toBe("too-large");
    expect(onB.socket.inbox.filter((message) => message.type === "FM-ONRELAY").map((message) => (message.payload as OnRelayPayload).args)).toEqual([]);
  });
});
