import { env } from "./env";

/** Minimal structured JSON logger (one line per event). Never pass secrets in fields. */
type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let cachedThreshold: number | undefined;
function threshold(): number {
  if (cachedThreshold === undefined) {
    const e = env();
    cachedThreshold = e.NODE_ENV === "test" ? ORDER.warn : ORDER[e.LOG_LEVEL];
  }
  return cachedThreshold;
}

function write(level: Level, fields: Record<string, unknown>, msg: string) {
  if (ORDER[level] < threshold()) return;
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

export const logger = {
  debug: (f: Record<string, unknown>, m: string) => write("debug", f, m),
  info: (f: Record<string, unknown>, m: string) => write("info", f, m),
  warn: (f: Record<string, unknown>, m: string) => write("warn", f, m),
  error: (f: Record<string, unknown>, m: string) => write("error", f, m),
};
