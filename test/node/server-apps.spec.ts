/**
 * Server-side applications under a real `flashmesh serve --apps test/apps` (the built CLI in a child process), over
 * real WebSockets speaking the rendezvous protocol: hooks, calls both ways with AMF3 values, rejection, bad input,
 * and isolation (an application that loops, throws at import or leaks leaves the server and the others serving).
 */
import { startServerProcess, type ServerProcess } from "../../scripts/server-process.mjs";
import { AMF3_TRAITS, amf3Typed } from "../../as3-api/wire/amf3.js";
import { RENDEZVOUS_PROTOCOL_VERSION, type Amf3Value, type RejectedPayload, type ResultPayload, type WelcomePayload } from "../../as3-api/wire/rendezvous.js";
import { amf, call as callOn, hello as helloOn, value } from "../support/appClient.js";
import { SignallingTestClient } from "../support/signallingClient.js";

const APP_TIMEOUT_MS = 1000;

describe("flashmesh serve --apps", () => {
  let defaultTimeout: number;
  beforeAll(() => {
    defaultTimeout = jasmine.DEFAULT_TIMEOUT_INTERVAL;
    jasmine.DEFAULT_TIMEOUT_INTERVAL = 60_000;
  });
  afterAll(() => {
    jasmine.DEFAULT_TIMEOUT_INTERVAL = defaultTimeout;
  });
  let server: ServerProcess;
  let serverId: string;
  const clients: SignallingTestClient[] = [];

  beforeAll(async () => {
    server = await startServerProcess(
      ["bin/flashmesh.mjs", "serve", "--port", "0", "--static", "none", "--no-player", "--log-level", "error", "--apps", "test/apps", "--app-timeout-ms", String(APP_TIMEOUT_MS), "--app-memory-mb", "32"],
      { timeoutMs: 20_000 },
    );
    serverId = ((await (await fetch(`${server.url}/health`)).json()) as { serverId: string }).serverId;
  });
  afterAll(async () => {
    await server?.stop();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  /** Says FM-HELLO for `app`; resolves with the welcome or the rejection. */
  async function hello(app: string, ...args: unknown[]): Promise<{ client: SignallingTestClient; welcome?: WelcomePayload; rejected?: RejectedPayload }> {
    const answer = await helloOn(server.url, app, ...args);
    clients.push(answer.client);
    return answer;
  }

  async function connected(app: string, ...args: unknown[]): Promise<SignallingTestClient> {
    const { client, welcome, rejected } = await hello(app, ...args);
    if (welcome === undefined) throw new Error(`rejected: ${rejected?.reason}`);
    return client;
  }

  const call = callOn;

  describe("hooks", () => {
    it("welcomes a client onConnect accepts, with the connect arguments as AMF3 values", async () => {
      const client = await connected("echo/room/1", "alice", { since: new Date(5), n: Number.NaN });
      const args = value((await call(client, "connectArgs")).result) as [string, { since: Date; n: number }];
      expect(args[0]).toBe("alice");
      expect(args[1].since).toEqual(new Date(5));
      expect(args[1].n).toBeNaN();
    });

    it("gives each client its id, ip, farID and nearID, and the application its clients", async () => {
      const alice = await connected("echo", "alice");
      const bob = await connected("echo", "bob");
      const seen = value((await call(bob, "whoami")).result) as Record<string, unknown>;
      expect(seen).toEqual(jasmine.objectContaining({ id: bob.id, farID: bob.id, nearID: serverId, ip: "127.0.0.1", name: "bob", started: 1 }));
      expect(seen["clients"]).toEqual(jasmine.arrayContaining(["alice", "bob"]));
      expect(alice.id).not.toBe(bob.id);
    });

    it("rejects with the application's info (NetConnection.Connect.Rejected's application)", async () => {
      const { rejected, client } = await hello("echo", "reject-me", { x: 1 });
      expect(rejected?.code).toBe("rejected");
      const info = value(rejected?.application) as { message: string; since: Date; options: { x: number } };
      expect(info.message).toBe("not you");
      expect(info.since).toEqual(new Date(0));
      expect(info.options.x).toBe(1);
      expect((await client.closed).code).toBe(1008);
    });

    it("rejects when onConnect returns false or throws, saying why", async () => {
      expect((await hello("echo", "refuse-me")).rejected?.reason).toBe("the application rejected the connection");
      const thrown = await hello("echo", "throw-me");
      expect(thrown.rejected?.reason).toContain("onConnect refused by throwing");
      expect(thrown.rejected?.application).toBeUndefined();
    });

    it("waits for application.acceptConnection when onConnect returns nothing", async () => {
      expect((await hello("echo", "later")).welcome).toBeDefined();
    });

    it("accepts every connection to an application without hooks, which has no methods", async () => {
      const client = await connected("plain/x");
      expect((await call(client, "anything")).error).toBe("Method not found (anything).");
    });

    it("answers an unknown application with invalid-app", async () => {
      const unknown = await hello("nosuchapp/x");
      expect(unknown.rejected).toEqual(jasmine.objectContaining({ code: "invalid-app" }));
      expect(unknown.rejected?.reason).toContain("nosuchapp");
      expect((await hello("")).rejected?.code).toBe("invalid-app");
      expect((await hello("../echo")).rejected?.code).toBe("invalid-app");
    });

    it("runs onDisconnect: the others hear who left", async () => {
      const alice = await connected("echo", "alice");
      const bob = await connected("echo", "bob");
      bob.close();
      for (;;) {
        const message = await alice.next("FM-CLIENTCALL", 10_000);
        const payload = message.payload as { name: string; args: Amf3Value[]; req?: number };
        if (payload.name === "left" && value(payload.args[0]) === "bob") {
          expect(payload.req).toBeUndefined();
          break;
        }
      }
    });
  });

  describe("nc.call to client methods", () => {
    it("returns a method's value, typed objects, Dates, NaN and ByteArrays intact", async () => {
      const client = await connected("echo", "carol");
      const typed = amf3Typed("com.example.Point", { x: 1, y: 2 });
      const sent = [typed, new Date(1234), Number.NaN, new Uint8Array([0, 1, 255]), "text", null];
      const [point, date, nan, bytes, text, nothing] = value((await call(client, "echo", ...sent)).result) as unknown[];
      expect((point as Record<symbol, { className: string }>)[AMF3_TRAITS]?.className).toBe("com.example.Point");
      expect(point).toEqual(jasmine.objectContaining({ x: 1, y: 2 }));
      expect(date).toEqual(new Date(1234));
      expect(nan).toBeNaN();
      expect(Array.from(bytes as Uint8Array)).toEqual([0, 1, 255]);
      expect(text).toBe("text");
      expect(nothing).toBeNull();
    });

    it("sends a typed object an application made with the traits symbol", async () => {
      const client = await connected("echo", "made");
      const point = value((await call(client, "makePoint", 1, 2)).result) as Record<string | symbol, unknown>;
      expect((point[AMF3_TRAITS] as { className: string }).className).toBe("com.example.Point");
      expect(point).toEqual(jasmine.objectContaining({ x: 1, y: 2 }));
    });

    it("awaits a promise, runs the client's own methods with this = client", async () => {
      const client = await connected("echo", "dave");
      expect(value((await call(client, "later", "soon")).result)).toBe("soon");
      expect(value((await call(client, "shout", "hi")).result)).toBe("HI from dave");
    });

    it("turns a throw, a rejection, an unknown or built-in name, an unsendable result and a hang into errors", async () => {
      const client = await connected("echo", "erin");
      expect((await call(client, "fail", "boom")).error).toBe("fail failed: Error: boom");
      expect((await call(client, "rejectPromise", "no")).error).toBe("rejectPromise failed: Error: no");
      expect((await call(client, "nope")).error).toBe("Method not found (nope).");
      for (const name of ["call", "constructor", "toString", "id", "hasOwnProperty", "__proto__"]) expect((await call(client, name)).error).withContext(name).toBe(`Method not found (${name}).`);
      expect((await call(client, "unsendable")).error).toContain("its result cannot be sent");
      expect((await call(client, "never")).error).toContain(`did not answer within ${APP_TIMEOUT_MS} ms`);
      expect(value((await call(client, "echo", 1)).result)).toEqual([1]); // still serving
    });

    it("refuses malformed calls with a precise reason and keeps the connection", async () => {
      const client = await connected("echo", "frank");
      const bad = async (payload: unknown): Promise<string> => {
        client.send({ type: "FM-CALL", payload });
        return ((await client.next("FM-ERROR")).payload as { message: string }).message;
      };
      expect(await bad({ name: "echo", args: [] })).toContain("req");
      expect(await bad({ req: 1, name: "1bad", args: [] })).toContain("name");
      expect(await bad({ req: 2, name: "echo", args: [1] })).toBe("FM-CALL argument 0 is not { amf3: base64 }");
      expect(await bad({ req: 3, name: "echo", args: [{ amf3: "not base64!" }] })).toBe("FM-CALL argument 0 is not { amf3: base64 }");
      expect(await bad({ req: 4, name: "echo", args: [], more: 1 })).toBe('FM-CALL: unexpected field "more"');
      expect(value((await call(client, "echo", "ok")).result)).toEqual(["ok"]);
    });

    it("answers an argument that is base64 but not AMF3 with an error", async () => {
      const client = await connected("echo", "gina");
      client.send({ type: "FM-CALL", payload: { req: 99_000, name: "echo", args: [{ amf3: "/w==" }] } });
      const result = (await client.next("FM-RESULT")).payload as ResultPayload;
      expect(result.req).toBe(99_000);
      expect(result.error).toContain("echo failed");
    });

    it("refuses more unanswered calls than the limit", async () => {
      const client = await connected("echo", "hank");
      for (let i = 0; i < 16; i++) client.send({ type: "FM-CALL", payload: { req: 50_000 + i, name: "never", args: [] } });
      client.send({ type: "FM-CALL", payload: { req: 60_000, name: "never", args: [] } });
      const refusal = (await client.next("FM-ERROR")).payload as { code: string; req: number };
      expect(refusal).toEqual(jasmine.objectContaining({ code: "too-many-calls", req: 60_000 }));
    });
  });

  describe("client.call from the application", () => {
    it("calls the client's method and hands its answer, or its failure, to the responder", async () => {
      const client = await connected("echo", "ivy");
      const asked = call(client, "askMe", "greet", { who: "ivy" }, new Date(7));
      const request = (await client.next("FM-CLIENTCALL")).payload as { name: string; args: Amf3Value[]; req: number };
      expect(request.name).toBe("greet");
      expect(request.args.map(value)).toEqual([{ who: "ivy" }, new Date(7)]);
      client.send({ type: "FM-CLIENTRESULT", payload: { req: request.req, result: amf({ hello: "server", at: new Date(8) }) } });
      expect(value((await asked).result)).toEqual({ result: { hello: "server", at: new Date(8) } });

      const failing = call(client, "askMe", "missing");
      const second = (await client.next("FM-CLIENTCALL")).payload as { req: number };
      client.send({ type: "FM-CLIENTRESULT", payload: { req: second.req, error: "Method not found (missing)." } });
      expect(value((await failing).result)).toEqual({ status: { code: "NetConnection.Call.Failed", level: "error", description: "Method not found (missing)." } });
    });

    it("gives up on a client that never answers", async () => {
      const client = await connected("echo", "jack");
      expect(value((await call(client, "askAndRemember", "slow")).result)).toBeTrue();
      await client.next("FM-CLIENTCALL");
      let answer: unknown = null;
      for (let i = 0; i < 100 && answer === null; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = value((await call(client, "lastAnswer")).result);
      }
      expect((answer as { status: { description: string } }).status.description).toContain("did not answer");
    });

    it("broadcasts to every client of the application, not to other applications' clients", async () => {
      const alice = await connected("echo", "alice");
      const bob = await connected("echo", "bob");
      const other = await connected("plain");
      expect(value((await call(alice, "broadcast", "news", "extra!")).result)).toBeGreaterThanOrEqual(2);
      for (const client of [alice, bob]) {
        const news = (await client.next("FM-CLIENTCALL")).payload as { name: string; args: Amf3Value[] };
        expect(news.name).toBe("news");
        expect(value(news.args[0])).toBe("extra!");
      }
      expect(other.inbox.some((message) => message.type === "FM-CLIENTCALL")).toBeFalse();
    });

    it("refuses a malformed FM-CLIENTRESULT and keeps the connection", async () => {
      const client = await connected("echo", "kim");
      client.send({ type: "FM-CLIENTRESULT", payload: { req: 1, result: amf(1), error: "both" } });
      expect(((await client.next("FM-ERROR")).payload as { message: string }).message).toBe("FM-CLIENTRESULT needs exactly one of result and error");
      expect(value((await call(client, "echo", 2)).result)).toEqual([2]);
    });

    it("lets the application disconnect a client", async () => {
      const client = await connected("echo", "leo");
      expect(value((await call(client, "kickMe")).result)).toBeTrue();
      expect((await client.closed).code).toBe(1011);
    });
  });

  describe("isolation", () => {
    it("stops an application stuck in onConnect; the others serve meanwhile and after", async () => {
      const watcher = await connected("echo", "watcher");
      const stuck = hello("hang/x");
      // While the hang application's thread spins, the server and the echo application answer.
      expect(value((await call(watcher, "echo", "during")).result)).toEqual(["during"]);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      const { rejected } = await stuck;
      expect(rejected?.code).toBe("rejected");
      expect(rejected?.reason).toMatch(/hang (did not accept|stuck)/);
      expect(value((await call(watcher, "echo", "after")).result)).toEqual(["after"]);
    });

    it("keeps an application whose timer throws or whose promise rejects unhandled", async () => {
      const client = await connected("echo", "timer");
      expect(value((await call(client, "throwLater")).result)).toBe("soon");
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(value((await call(client, "echo", "alive")).result)).toEqual(["alive"]);
      expect(value((await call(client, "whoami")).result)).toEqual(jasmine.objectContaining({ name: "timer" }));
    });

    it("rejects connections to an application that throws at import, with its error; the others serve", async () => {
      const { rejected } = await hello("broken");
      expect(rejected?.reason).toContain("broken on purpose");
      expect((await connected("echo", "still")).id).toMatch(/^[0-9a-f]{64}$/);
    });

    it("stops an application over its heap limit, closes its clients, and starts it again for the next", async () => {
      const watcher = await connected("echo", "watcher2");
      const leaker = await connected("leak");
      leaker.send({ type: "FM-CALL", payload: { req: 70_000, name: "leak", args: [] } });
      const closed = await leaker.closed;
      expect(closed.code).toBe(1011);
      expect(closed.reason).toMatch(/heap limit|stuck/);
      expect(value((await call(watcher, "echo", "fine")).result)).toEqual(["fine"]);
      const again = await connected("leak");
      expect(value((await call(again, "ping")).result)).toBe("pong");
    });
  });
});

describe("flashmesh serve --apps --apps-cirrus-fallback", () => {
  let server: ServerProcess;
  const clients: SignallingTestClient[] = [];
  beforeAll(async () => {
    server = await startServerProcess(["bin/flashmesh.mjs", "serve", "--port", "0", "--static", "none", "--no-player", "--log-level", "error", "--apps", "test/apps", "--apps-cirrus-fallback"], { timeoutMs: 20_000 });
  });
  afterAll(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.stop();
  });

  it("connects a URL naming no application as on Cirrus, and one naming an application to it", async () => {
    const cirrus = await SignallingTestClient.open(server.url);
    const app = await SignallingTestClient.open(server.url);
    clients.push(cirrus, app);
    cirrus.send({ type: "FM-HELLO", payload: { v: RENDEZVOUS_PROTOCOL_VERSION, app: "my-developer-key/", args: [] } });
    await cirrus.next("FM-WELCOME", 15_000);
    cirrus.send({ type: "FM-CALL", payload: { req: 1, name: "echo", args: [] } });
    expect(((await cirrus.next("FM-RESULT", 15_000)).payload as ResultPayload).error).toBe("Method not found (echo).");
    app.send({ type: "FM-HELLO", payload: { v: RENDEZVOUS_PROTOCOL_VERSION, app: "echo/", args: ["zoe"] } });
    await app.next("FM-WELCOME", 15_000);
    app.send({ type: "FM-CALL", payload: { req: 2, name: "echo", args: [amf("hi")] } });
    expect(value(((await app.next("FM-RESULT", 15_000)).payload as ResultPayload).result)).toEqual(["hi"]);
  });
});
