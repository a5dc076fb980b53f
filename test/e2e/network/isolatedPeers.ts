/**
 * Two network namespaces that can reach this one (where `flashmesh serve` and coturn run) but not each other: each
 * has a veth pair to this namespace and a default route through it, and this namespace does not forward
 * (net.ipv4.ip_forward=0), so a packet from one side to the other is dropped here. A browser launched through
 * {@link IsolatedSide.chromium} lives on its side. Built only inside the test suite's own private namespace
 * (scripts/private-network.mjs), as root; the namespaces die with their holder processes.
 *
 *   side 1: 10.50.1.2 ── veth ── 10.50.1.1  [this namespace: server, coturn]  10.50.2.1 ── veth ── 10.50.2.2: side 2
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One side: its address, the address of this namespace on its link, and a Chromium that runs there. */
export interface IsolatedSide {
  readonly address: string;
  readonly gateway: string;
  /** An executable that runs Chromium inside this side's namespace (for playwright's executablePath). */
  readonly chromium: string;
}

export interface IsolatedPeers {
  readonly sides: readonly [IsolatedSide, IsolatedSide];
  /** Lets this namespace route between the sides (the control experiment) or not (the default). */
  setForwarding(on: boolean): void;
  close(): void;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr || result.error?.message}`);
}

const has = (command: string): boolean => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;

/** Why the topology cannot be built here, or null when it can. */
export function isolationUnavailable(): string | null {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return "needs root";
  for (const command of ["ip", "unshare", "nsenter", "sysctl"]) if (!has(command)) return `needs ${command}`;
  // Only inside the suite's private namespace (its veth v0 at 10.213.0.1): never add links to a real host's network.
  const v0 = spawnSync("ip", ["-o", "addr", "show", "dev", "v0"], { encoding: "utf8" });
  if (v0.status !== 0 || !v0.stdout.includes("10.213.0.1/")) return "runs only inside the test suite's private network namespace";
  return null;
}

async function holder(): Promise<ChildProcess> {
  const own = readlinkSync("/proc/self/ns/net");
  const child = spawn("unshare", ["-n", "sleep", "3600"], { stdio: "ignore" });
  const deadline = Date.now() + 10_000;
  for (;;) {
    let theirs = own;
    try {
      theirs = readlinkSync(`/proc/${child.pid}/ns/net`);
    } catch {
      // not there yet
    }
    if (theirs !== own) return child;
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error("unshare -n did not make a namespace");
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Builds the two sides. */
export async function isolatedPeers(chromiumPath: string): Promise<IsolatedPeers> {
  const holders: ChildProcess[] = [];
  const forwarding = "/proc/sys/net/ipv4/ip_forward";
  const before = readFileSync(forwarding, "utf8").trim();
  try {
    const sides: IsolatedSide[] = [];
    for (const n of [1, 2]) {
      const child = await holder();
      holders.push(child);
      const pid = String(child.pid);
      const [here, there, address, gateway] = [`fmside${n}`, `fmpeer${n}`, `10.50.${n}.2`, `10.50.${n}.1`];
      run("ip", ["link", "add", here, "type", "veth", "peer", "name", there, "netns", pid]);
      run("ip", ["addr", "add", `${gateway}/24`, "dev", here]);
      run("ip", ["link", "set", here, "up"]);
      const inside = (...args: string[]): void => run("nsenter", ["-t", pid, "-n", ...args]);
      inside("ip", "link", "set", "lo", "up");
      inside("ip", "addr", "add", `${address}/24`, "dev", there);
      inside("ip", "link", "set", there, "up");
      inside("ip", "route", "add", "default", "via", gateway);
      const chromium = join(tmpdir(), `flashmesh-chromium-side${n}-${process.pid}.sh`);
      writeFileSync(chromium, `#!/bin/sh\nexec nsenter -t ${pid} -n ${chromiumPath} "$@"\n`);
      chmodSync(chromium, 0o755);
      sides.push({ address, gateway, chromium });
    }
    writeFileSync(forwarding, "0");
    return {
      sides: [sides[0]!, sides[1]!],
      setForwarding: (on) => writeFileSync(forwarding, on ? "1" : "0"),
      close() {
        for (const child of holders) child.kill("SIGKILL");
        writeFileSync(forwarding, before);
      },
    };
  } catch (error) {
    for (const child of holders) child.kill("SIGKILL");
    throw error;
  }
}
