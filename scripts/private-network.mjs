/**
 * Runs a command inside a private network namespace with loopback and a veth pair (platform notes), so WebRTC
 * traffic of tests and benchmarks never leaves this machine's own test hosts. Needs root and `unshare`; elsewhere
 * (a developer laptop) the command runs directly.
 */
import { spawn, spawnSync } from "node:child_process";

/** Shell commands that give a fresh network namespace loopback plus a veth pair. */
export const NAMESPACE_SETUP = [
  "ip link set lo up",
  "ip link add v0 type veth peer name v1",
  "ip addr add 10.213.0.1/24 dev v0",
  "ip link set v0 up",
  "ip link set v1 up",
  "ip route add default dev v0",
].join(" && ");

/** Whether this process can make a private network namespace. */
export function canUseNamespace() {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const has = (command) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
  return isRoot && has("unshare") && has("ip");
}

/**
 * Spawns `node args…` (inside a private network namespace when `privateNetwork`), killing it after `timeoutMs`.
 * Resolves with its exit code.
 */
export function runNode(args, { cwd, privateNetwork = false, timeoutMs }) {
  const [command, commandArgs] = privateNetwork
    ? ["unshare", ["-n", "sh", "-c", `${NAMESPACE_SETUP} && exec "$0" "$@"`, process.execPath, ...args]]
    : [process.execPath, args];
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd, stdio: "inherit", env: process.env });
    const timer = setTimeout(() => {
      console.error(`[flashmesh] timed out after ${Math.round(timeoutMs / 60000)} minutes: ${args.join(" ")}`);
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}
