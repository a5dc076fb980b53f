/**
 * Structured logs: one JSON object per line (`time`, `level`, `msg`, then fields), filtered by level.
 */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Logger methods; fields are merged into the line. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Whether `value` names a level. */
export function isLogLevel(value: string): value is LogLevel {
  return value in RANK;
}

/** A logger writing lines at `level` and above to `write` (stderr by default, keeping stdout for the URL). */
export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const at = (lineLevel: Exclude<LogLevel, "silent">) => (msg: string, fields: Record<string, unknown> = {}): void => {
    if (RANK[lineLevel] < RANK[level]) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level: lineLevel, msg, ...fields })}\n`);
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
