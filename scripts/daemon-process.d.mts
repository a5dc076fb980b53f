/** A started daemon (scripts/daemon-process.mjs). */
export interface Daemon {
  /** Everything it printed so far. */
  log(): string;
  /** SIGTERM, then SIGKILL after 3 s; resolves once it exited. */
  stop(): Promise<void>;
}
/** Whether `command` is on the PATH. */
export function hasCommand(command: string): boolean;
/** Starts `command args…`; resolves once its output matches `ready` (rejects if it exits or `timeoutMs` passes). */
export function startDaemon(command: string, args: readonly string[], options: { ready: RegExp; timeoutMs?: number }): Promise<Daemon>;
