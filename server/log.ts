import pino, { type Logger } from "pino";
import { env } from "./env";

/**
 * Structured JSON logs (pino), one line per event on stdout. Secrets never reach them: besides not
 * passing them, any field named like one is replaced by "[redacted]" at every depth we use.
 */
const SECRET_FIELDS = ["password", "passwordHash", "token", "tokenHash", "secret", "apiKey", "key", "authorization", "cookie", "cookies", "set-cookie"];
export const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  ...SECRET_FIELDS.map((f) => `*.*.${f}`),
  'headers["set-cookie"]',
];

export function createLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? "info",
      base: undefined,
      messageKey: "msg",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    },
    opts.destination,
  );
}

let instance: Logger | undefined;
function get(): Logger {
  if (!instance) {
    const e = env();
    instance = createLogger({ level: e.NODE_ENV === "test" ? "warn" : e.LOG_LEVEL });
  }
  return instance;
}

type Fields = Record<string, unknown>;

/** The app's logger (created on first use, so importing it never reads the environment). */
export const logger = {
  debug: (f: Fields, m: string) => get().debug(f, m),
  info: (f: Fields, m: string) => get().info(f, m),
  warn: (f: Fields, m: string) => get().warn(f, m),
  error: (f: Fields, m: string) => get().error(f, m),
};
