import type { ChildProcess } from "node:child_process";

/** A started child process and the URL it printed. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** The last `memory {…}` line the server printed, if any. */
  readonly lastMemory: () => NodeJS.MemoryUsage | null;
  stop(): Promise<void>;
}

/** Spawns `node args…` and resolves once it prints an http://127.0.0.1:port URL. */
export function startServerProcess(args: string[], options?: { cwd?: string; timeoutMs?: number }): Promise<ServerProcess>;
