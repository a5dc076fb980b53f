/**
 * Structured logs, filtered by level: one JSON object per line (`time`, `level`, `msg`, then fields) for log
 * collectors, or one text line (`time level msg key=value…`) for a person at a terminal.
 */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

/** How a log line is written. */
export type LogFormat = "json" | "text";

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

/** Whether `value` names a format. */
export function isLogFormat(value: string): value is LogFormat {
  return value === "json" || value === "text";
}

function textLine(time: string, level: string, msg: string, fields: Record<string, unknown>): string {
  const pairs = Object.entries(fields).map(([key, value]) => `${key}=${typeof value === "string" && !/[\s"=]/.test(value) ? value : JSON.stringify(value)}`);
  return `${[time, level.padEnd(5), msg, ...pairs].join(" ")}\n`;
}

/** A logger writing lines at `level` and above to `write` (stderr by default, keeping stdout for the start-up lines). */
export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line), format: LogFormat = "json"): Logger {
  const at = (lineLevel: Exclude<LogLevel, "silent">) => (msg: string, fields: Record<string, unknown> = {}): void => {
    if (RANK[lineLevel] < RANK[level]) return;
    const time = new Date().toISOString();
    write(format === "json" ? `${JSON.stringify({ time, level: lineLevel, msg, ...fields })}\n` : textLine(time, lineLevel, msg, fields));
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
