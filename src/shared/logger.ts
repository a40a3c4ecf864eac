export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

type Fields = Record<string, unknown>;
type Severity = Exclude<LogLevel, "silent">;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 50 };

function writeLine(line: string, severity: Severity): void {
  (severity === "warn" || severity === "error" ? process.stderr : process.stdout).write(
    `${line}\n`,
  );
}

// JSON.stringify turns an Error into `{}`.
function serialise(_key: string, value: unknown): unknown {
  return value instanceof Error
    ? { name: value.name, message: value.message, stack: value.stack }
    : value;
}

/** One JSON object per line, so log collectors need no parser configuration. */
export function createLogger(level: LogLevel, write = writeLine): Logger {
  const log = (severity: Severity) => (msg: string, fields?: Fields) => {
    if (RANK[severity] < RANK[level]) return;
    const entry = { time: new Date().toISOString(), level: severity, msg, ...fields };
    write(JSON.stringify(entry, serialise), severity);
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}
