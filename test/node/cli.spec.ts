/** The `flashmesh` command as a user runs it: the built CLI in its own process. */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { parseServeArguments } from "../../server/cli.js";
import { SignallingTestClient } from "../support/signallingClient.js";

const BIN = join(process.cwd(), "bin/flashmesh.mjs");

function run(args: string[]): { child: ChildProcess; stdout: Promise<string>; exit: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const stdout = new Promise<string>((resolve) =>
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(out);
    }),
  );
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stdout, exit, output: () => out + err };
}

describe("flashmesh serve (CLI)", () => {
  it("prints its URL, serves, and shuts down gracefully on SIGTERM", async () => {
    const serve = run(["serve", "--port", "0", "--log-level", "warn"]);
    try {
      const line = await serve.stdout;
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)?.[0];
      expect(url).withContext(line).toBeDefined();
      expect((await fetch(`${url}/health`)).status).toBe(200);
      const client = await SignallingTestClient.open(url!);
      serve.child.kill("SIGTERM");
      expect((await client.closed).code).toBe(1001);
      expect(await serve.exit).toBe(0);
    } finally {
      serve.child.kill("SIGKILL");
    }
  });

  it("stops with a clear message on a bad option", async () => {
    const serve = run(["serve", "--port", "70000"]);
    expect(await serve.exit).toBe(1);
    expect(serve.output()).toContain("--port must be at most 65535");
  });

  it("stops with a clear message when the port is taken", async () => {
    const first = run(["serve", "--port", "0", "--log-level", "silent"]);
    try {
      const port = /:(\d+)\//.exec(await first.stdout)![1]!;
      const second = run(["serve", "--port", port, "--log-level", "silent"]);
      expect(await second.exit).toBe(1);
      expect(second.output()).toContain("could not start");
    } finally {
      first.child.kill("SIGKILL");
    }
  });

  it("turns the player page off with --no-player", () => {
    expect(parseServeArguments(["--no-player"]).player).toBeFalse();
    expect(parseServeArguments([]).player).toBeUndefined();
  });

  it("parses every option", () => {
    expect(
      parseServeArguments(["--host", "0.0.0.0", "--port", "9000", "--static", "none", "--allow-key", "a", "--allow-key", "b", "--max-clients", "10", "--log-level", "debug", "--bootstrap-count", "4"]),
    ).toEqual({ host: "0.0.0.0", port: 9000, staticDir: null, allowedKeys: ["a", "b"], logLevel: "debug", bootstrapCount: 4, limits: { maxClients: 10 } });
    expect(() => parseServeArguments(["--nope"])).toThrowError("unknown option --nope");
    expect(() => parseServeArguments(["--port"])).toThrowError("--port needs a value");
    expect(() => parseServeArguments(["--max-clients", "-1"])).toThrowError(/integer ≥ 1/);
    expect(() => parseServeArguments(["--server-id", "xyz"])).toThrowError(/64 lowercase hex/);
    expect(() => parseServeArguments(["--log-level", "loud"])).toThrowError(/--log-level/);
  });
});
