/** Self-hosting `flashmesh serve`: settings from flags, environment and file; TLS; compression; mounting in Express. */
import { execFileSync, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import express from "express";
import WebSocket from "ws";
import { RENDEZVOUS_PROTOCOL_VERSION } from "../../as3-api/wire/rendezvous.js";
import { createFlashmeshApp, startServer, type FlashmeshServer } from "../../server/app.js";
import { clientAddress } from "../../server/clientAddress.js";
import { pickEncoding } from "../../server/compressedFiles.js";
import { environmentName, FLAGS, parseServeSettings } from "../../server/flags.js";
import { iceServersFor, iceWarnings, turnCredential } from "../../server/ice.js";
import { DEFAULT_LIMITS } from "../../server/options.js";
import { isHashedName } from "../../server/static.js";
import { SignallingTestClient } from "../support/signallingClient.js";

const BIN = join(process.cwd(), "bin/flashmesh.mjs");
const VERSION = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;

/** Runs the CLI to its end (for commands that exit), with a bound. */
function runToExit(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts the CLI and resolves with its first stdout line, the process and its stderr so far. */
function runServing(args: string[], env: Record<string, string> = {}): Promise<{ line: string; stop: () => Promise<void>; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = (): Promise<void> =>
    new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGKILL");
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`no start-up line; stderr: ${stderr}`));
    }, 20_000);
    child.on("exit", (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!stdout.includes("\n")) return;
      clearTimeout(timer);
      resolve({ line: stdout.split("\n")[0]!, stop, stderr: () => stderr });
    });
  });
}

/** GET with headers; the body as bytes. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    })
      .on("error", reject)
      .end();
  });
}

describe("flashmesh serve settings", () => {
  it("reads every flag from the command line, --flag=value included", () => {
    const input = parseServeSettings(["--port=9000", "--host", "0.0.0.0", "--stun", "stun:a:3478", "--stun=stun:b:3478", "--turn", "turn:t:3478,turns:t:5349", "--turn-secret=s3", "--max-clients=5", "--trust-proxy", "--no-player=false", "--log-format", "text"]);
    expect(input).toEqual({
      port: 9000,
      host: "0.0.0.0",
      stun: ["stun:a:3478", "stun:b:3478"],
      turn: ["turn:t:3478", "turns:t:5349"],
      turnSecret: "s3",
      trustProxy: true,
      player: true,
      logFormat: "text",
      limits: { maxClients: 5 },
    });
  });

  it("reads environment variables, PORT included, below the command line", () => {
    const env = { PORT: "7000", FLASHMESH_MAX_CLIENTS: "9", FLASHMESH_ALLOW_KEY: "a,b", FLASHMESH_NO_PLAYER: "1", FLASHMESH_TURN_SECRET: "x" };
    expect(parseServeSettings([], { env })).toEqual({ port: 7000, allowedKeys: ["a", "b"], player: false, turnSecret: "x", limits: { maxClients: 9 } });
    expect(parseServeSettings(["--port", "7001"], { env }).port).toBe(7001);
    expect(parseServeSettings([], { env: { PORT: "7000", FLASHMESH_PORT: "7002" } }).port).toBe(7002);
  });

  it("reads a JSON config file below the environment", () => {
    const files: Record<string, string> = { "/etc/fm.json": JSON.stringify({ port: 8081, "allow-key": ["k"], turn: ["turn:t:3478"], "turn-secret": "s", "no-player": true }) };
    const readFile = (path: string): string => {
      const text = files[path];
      if (text === undefined) throw new Error("ENOENT: no such file");
      return text;
    };
    expect(parseServeSettings(["--config", "/etc/fm.json"], { readFile })).toEqual({ port: 8081, allowedKeys: ["k"], turn: ["turn:t:3478"], turnSecret: "s", player: false, limits: {} });
    expect(parseServeSettings([], { env: { FLASHMESH_CONFIG: "/etc/fm.json", PORT: "1" }, readFile }).port).toBe(1);
    expect(() => parseServeSettings(["--config", "/missing.json"], { readFile })).toThrowError(/cannot read the config file \/missing.json/);
    files["/bad.json"] = "{ port: 1";
    expect(() => parseServeSettings(["--config", "/bad.json"], { readFile })).toThrowError(/not JSON/);
    files["/typo.json"] = JSON.stringify({ prot: 1 });
    expect(() => parseServeSettings(["--config", "/typo.json"], { readFile })).toThrowError(/unknown setting "prot"/);
    files["/wrong.json"] = JSON.stringify({ port: "many" });
    expect(() => parseServeSettings(["--config", "/wrong.json"], { readFile })).toThrowError(/\/wrong.json: "port" needs an integer/);
  });

  it("names the source of a bad value", () => {
    expect(() => parseServeSettings([], { env: { PORT: "eighty" } })).toThrowError(/^PORT needs an integer/);
    expect(() => parseServeSettings(["--port=99999"])).toThrowError("--port must be at most 65535");
    expect(() => parseServeSettings(["--stun", "http://x"])).toThrowError(/STUN URLs start with stun/);
    expect(() => parseServeSettings(["--turn", "stun:x"])).toThrowError(/TURN URLs start with turn/);
    expect(() => parseServeSettings(["--turn-ttl", "5"])).toThrowError(/integer ≥ 60/);
    expect(() => parseServeSettings(["serve"])).toThrowError("unexpected argument serve");
    expect(() => parseServeSettings(["--host", "--port", "1"])).toThrowError("--host needs a value");
    expect(() => parseServeSettings(["--no-player=maybe"])).toThrowError(/true or false/);
  });

  it("gives every server limit a flag and an environment variable", () => {
    for (const key of Object.keys(DEFAULT_LIMITS)) {
      const flag = FLAGS.find((candidate) => candidate.name === key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`));
      expect(flag).withContext(key).toBeDefined();
      expect(parseServeSettings([], { env: { [environmentName(flag!)]: "3" } }).limits).toEqual({ [key]: 3 });
    }
  });

  it("survives random arguments with a value or a clear error", () => {
    const words = ["--port", "--port=", "--stun", "stun:x", "--turn=turn:y", "-1", "abc", "--no-player", "=", "--", "--max-clients=0", "--log-level", "debug", "", "--config"];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let round = 0; round < 2000; round++) {
      const args = Array.from({ length: next() % 6 }, () => words[next() % words.length]!);
      try {
        parseServeSettings(args);
      } catch (error) {
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message.length).toBeGreaterThan(5);
      }
    }
  });
});

describe("flashmesh command, as a new user meets it", () => {
  it("says a command is missing when run bare", async () => {
    const result = await runToExit([]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("a command is missing");
    expect(result.stderr).toContain("Usage: flashmesh serve");
  });

  it("prints its version and its help", async () => {
    expect((await runToExit(["--version"])).stdout.trim()).toBe(VERSION);
    const help = await runToExit(["serve", "-h"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--turn-secret");
    expect(help.stdout).toContain("FLASHMESH_MAX_CLIENTS");
  });

  it("refuses a static folder that does not exist", async () => {
    const result = await runToExit(["serve", "--port", "0", "--static", "/nonexistent-flashmesh"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe("flashmesh serve: could not start: --static /nonexistent-flashmesh: no such folder (use --static none for no static folder)");
  });

  it("says in one human line that the port is in use", async () => {
    const first = await runServing(["serve", "--port", "0"]);
    try {
      const port = /:(\d+)\//.exec(first.line)![1]!;
      const second = await runToExit(["serve"], { PORT: port });
      expect(second.code).toBe(1);
      expect(second.stdout).toBe("");
      expect(second.stderr).toBe(`flashmesh serve: could not start: port ${port} on 127.0.0.1 is already in use (another flashmesh serve?); choose another with --port\n`);
    } finally {
      await first.stop();
    }
  });

  it("starts with plain lines: the URL, the --host 0.0.0.0 hint, the ICE servers; warns about TURN without a secret", async () => {
    const serving = await runServing(["serve", "--port", "0", "--turn", "turn:127.0.0.1:3478", "--log-format", "json"], { FLASHMESH_LOG_LEVEL: "warn" });
    try {
      expect(serving.line).toMatch(new RegExp(`^flashmesh serve ${VERSION.replace(/\./g, "\\.")} listening on http://127\\.0\\.0\\.1:\\d+/`));
      const url = /http:\/\/[\d.:]+/.exec(serving.line)![0];
      const health = (await (await fetch(`${url}/health`)).json()) as { version: string; status: string };
      expect(health.version).toBe(VERSION);
      expect(serving.stderr()).toContain("flashmesh serve: warn: --turn without --turn-secret");
      expect(serving.stderr()).not.toContain("{");
    } finally {
      await serving.stop();
    }
  });
});

describe("flashmesh serve over TLS", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "flashmesh-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("serves https and wss with --tls-cert and --tls-key", async () => {
    const serving = await runServing(["serve", "--port", "0", "--no-player", "--static", "none", "--tls-cert", join(dir, "cert.pem"), "--tls-key", join(dir, "key.pem")]);
    try {
      const url = /https:\/\/[\d.:]+/.exec(serving.line)?.[0];
      expect(url).withContext(serving.line).toBeDefined();
      const ca = readFileSync(join(dir, "cert.pem"));
      const id = await new Promise<string>((resolve, reject) => {
        httpsRequest(`${url}/peerjs/flashmesh/id`, { ca }, (response) => {
          let text = "";
          response.on("data", (chunk: Buffer) => (text += chunk.toString()));
          response.on("end", () => resolve(text));
        })
          .on("error", reject)
          .end();
      });
      expect(id).toMatch(/^[0-9a-f]{64}$/);
      const socket = new WebSocket(`${url!.replace("https", "wss")}/peerjs/peerjs?key=flashmesh&id=${id}&token=t`, { ca });
      const first = await new Promise<string>((resolve, reject) => {
        socket.once("message", (data: Buffer) => resolve(data.toString()));
        socket.once("error", reject);
      });
      expect(JSON.parse(first)).toEqual(jasmine.objectContaining({ type: "OPEN" }));
      socket.close();
    } finally {
      await serving.stop();
    }
  });

  it("stops clearly when a TLS file is missing or half the pair is given", async () => {
    const missing = await runToExit(["serve", "--port", "0", "--tls-cert", join(dir, "nope.pem"), "--tls-key", join(dir, "key.pem")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`--tls-cert ${join(dir, "nope.pem")}: ENOENT`);
    const half = await runToExit(["serve", "--port", "0", "--tls-cert", join(dir, "cert.pem")]);
    expect(half.stderr).toContain("--tls-cert and --tls-key go together");
  });
});

describe("flashmesh serve's static files", () => {
  let server: FlashmeshServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, logLevel: "silent", packageRoot: process.cwd(), staticDir: join(process.cwd(), "public") });
  });
  afterAll(() => server.close());

  it("sends Ruffle's hashed .wasm compressed and immutable, identical once decompressed", async () => {
    const ruffle = join(process.cwd(), "node_modules/@ruffle-rs/ruffle");
    const wasm = readdirWasm(ruffle);
    const original = readFileSync(join(ruffle, wasm));
    // The first requests get the file as it is while it is compressed in the background.
    const first = await get(`${server.url}/ruffle/${wasm}`, { "Accept-Encoding": "gzip, deflate, br" });
    expect(first.status).toBe(200);
    expect(first.body.equals(original) || brotliDecompressSync(first.body).equals(original)).toBeTrue();
    const compressed = async (encoding: string): Promise<Awaited<ReturnType<typeof get>>> => {
      for (let attempt = 0; attempt < 600; attempt++) {
        const response = await get(`${server.url}/ruffle/${wasm}`, { "Accept-Encoding": encoding });
        if (response.headers["content-encoding"] !== undefined) return response;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`${wasm} was never sent with ${encoding}`);
    };
    const br = await compressed("gzip, deflate, br");
    expect(br.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toBe("application/wasm");
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(br.body.length).toBeLessThan(original.length / 2);
    expect(brotliDecompressSync(br.body).equals(original)).toBeTrue();
    const gz = await compressed("gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.body).equals(original)).toBeTrue();
    const again = await get(`${server.url}/ruffle/${wasm}`, { "Accept-Encoding": "br", "If-None-Match": String(br.headers.etag) });
    expect(again.status).toBe(304);
    const plain = await get(`${server.url}/ruffle/${wasm}`);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.equals(original)).toBeTrue();
  }, 120_000);

  it("revalidates files without a hash in their name, compressed too", async () => {
    const ruffle = await get(`${server.url}/ruffle/ruffle.js`, { "Accept-Encoding": "gzip" });
    expect(ruffle.headers["cache-control"]).toBe("no-cache");
    expect(ruffle.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(ruffle.body).toString()).toEqual(readFileSync("node_modules/@ruffle-rs/ruffle/ruffle.js", "utf8"));
    const page = await get(`${server.url}/`, { "Accept-Encoding": "br" });
    expect(page.status).toBe(200);
    expect(brotliDecompressSync(page.body).toString()).toContain("<html");
    expect((await get(`${server.url}/../package.json`)).status).toBe(404);
    expect((await get(`${server.url}/nothing-here.js`, { "Accept-Encoding": "br" })).status).toBe(404);
  });

  it("knows hashed names and picks encodings as the client asks", () => {
    expect(isHashedName("72a20ef1c0b8ceb37720.wasm")).toBeTrue();
    expect(isHashedName("core.ruffle.c80159b526e567babaf5.js")).toBeTrue();
    expect(isHashedName("core.ruffle.c80159b526e567babaf5.js.map")).toBeTrue();
    expect(isHashedName("ruffle.js")).toBeFalse();
    expect(isHashedName("flashmesh.js")).toBeFalse();
    expect(pickEncoding("gzip, br")).toBe("br");
    expect(pickEncoding("br;q=0, gzip")).toBe("gzip");
    expect(pickEncoding("identity")).toBeNull();
    expect(pickEncoding("*")).toBe("br");
    expect(pickEncoding(undefined)).toBeNull();
  });
});

function readdirWasm(dir: string): string {
  const names = execFileSync("ls", [dir]).toString().split("\n");
  return names.find((name) => name.endsWith(".wasm"))!;
}

describe("flashmesh inside an existing Express app", () => {
  it("mounts under a path prefix, like PeerJS's ExpressPeerServer, and welcomes clients there", async () => {
    const app = express();
    const http = createServer(app);
    app.get("/", (_request, response) => response.send("the host app"));
    app.use("/p2p", createFlashmeshApp(http, { logLevel: "silent" }));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    try {
      expect(await (await fetch(`${base}/`)).text()).toBe("the host app");
      expect(((await (await fetch(`${base}/p2p/health`)).json()) as { status: string }).status).toBe("ok");
      const client = await SignallingTestClient.open(`${base}/p2p`);
      client.send({ type: "FM-HELLO", payload: { v: RENDEZVOUS_PROTOCOL_VERSION, app: "", args: [] } });
      expect((await client.next("FM-WELCOME")).payload).toEqual(jasmine.objectContaining({ v: RENDEZVOUS_PROTOCOL_VERSION }));
      client.close();
      await client.closed;
    } finally {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });
});

describe("ICE servers from flashmesh serve", () => {
  it("mints coturn REST credentials: username expiry:peer, HMAC-SHA1 of it", () => {
    const { username, credential } = turnCredential("secret", "ab".repeat(32), 1_900_000_000);
    expect(username).toBe(`1900000000:${"ab".repeat(32)}`);
    expect(credential).toBe(createHmac("sha1", "secret").update(username).digest("base64"));
  });

  it("hands STUN as given and TURN with a credential valid for the TTL", () => {
    const servers = iceServersFor({ stun: ["stun:s:3478"], turn: ["turn:t:3478"], turnSecret: "k", turnTtlSeconds: 600 }, "cd".repeat(32), 1_000_000_000_000);
    expect(servers[0]).toEqual({ urls: ["stun:s:3478"] });
    expect(servers[1]!.username).toBe(`${1_000_000_000 + 600}:${"cd".repeat(32)}`);
    expect(iceServersFor({ stun: [], turn: [], turnSecret: null, turnTtlSeconds: 1 }, "x")).toEqual([]);
    expect(iceWarnings({ turn: [], turnSecret: "k" })[0]).toContain("--turn-secret without --turn");
    expect(iceWarnings({ turn: ["turn:t"], turnSecret: "k" })).toEqual([]);
  });

  it("puts them in FM-WELCOME, a credential per client", async () => {
    const server = await startServer({ port: 0, logLevel: "silent", staticDir: null, player: false, stun: ["stun:127.0.0.1:3478"], turn: ["turn:127.0.0.1:3478"], turnSecret: "shh" });
    try {
      const client = await SignallingTestClient.open(server.url);
      client.send({ type: "FM-HELLO", payload: { v: RENDEZVOUS_PROTOCOL_VERSION, app: "", args: [] } });
      const welcome = (await client.next("FM-WELCOME")).payload as { iceServers: { urls: string[]; username?: string; credential?: string }[] };
      expect(welcome.iceServers[0]).toEqual({ urls: ["stun:127.0.0.1:3478"] });
      const turn = welcome.iceServers[1]!;
      expect(turn.username).toMatch(new RegExp(`^\\d+:${client.id}$`));
      expect(turn.credential).toBe(createHmac("sha1", "shh").update(turn.username!).digest("base64"));
      client.close();
    } finally {
      await server.close();
    }
  });

  it("sends no iceServers field when it has none", async () => {
    const server = await startServer({ port: 0, logLevel: "silent", staticDir: null, player: false });
    try {
      const client = await SignallingTestClient.open(server.url);
      client.send({ type: "FM-HELLO", payload: { v: RENDEZVOUS_PROTOCOL_VERSION, app: "", args: [] } });
      expect(Object.keys((await client.next("FM-WELCOME")).payload as object)).not.toContain("iceServers");
      client.close();
    } finally {
      await server.close();
    }
  });
});

describe("client addresses in log lines", () => {
  const socket = { remoteAddress: "::ffff:10.1.2.3" } as never;
  it("reads the socket, or the last X-Forwarded-For hop behind a trusted proxy", () => {
    expect(clientAddress({ headers: {}, socket }, false)).toBe("10.1.2.3");
    expect(clientAddress({ headers: { "x-forwarded-for": "6.6.6.6, 203.0.113.9" }, socket }, false)).toBe("10.1.2.3");
    expect(clientAddress({ headers: { "x-forwarded-for": "6.6.6.6, 203.0.113.9" }, socket }, true)).toBe("203.0.113.9");
    expect(clientAddress({ headers: {}, socket }, true)).toBe("10.1.2.3");
  });

  it("names the address of a client closed for misbehaving", async () => {
    const lines: string[] = [];
    const log = { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (msg: string, fields?: Record<string, unknown>) => lines.push(`${msg} ${JSON.stringify(fields)}`) };
    const server = await startServer({ port: 0, staticDir: null, player: false, limits: { maxStrikes: 2 } }, log);
    try {
      const client = await SignallingTestClient.open(server.url);
      for (let i = 0; i < 5; i++) client.socket.send("not json");
      await client.closed;
      expect(lines.join("\n")).toContain('"address":"127.0.0.1"');
    } finally {
      await server.close();
    }
  });
});
