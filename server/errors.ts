/** Domain error codes. Domain code throws AppError; server/api/trpc.ts maps codes to tRPC codes. */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS"
  | "PRECONDITION_FAILED"
  | "SERVICE_UNAVAILABLE";

export interface AppErrorDetails {
  /** Field errors, keyed by input path, shown next to form fields. */
  fieldErrors?: Record<string, string[]>;
  [key: string]: unknown;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details?: AppErrorDetails;
  constructor(code: AppErrorCode, message: string, details?: AppErrorDetails) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `e.notFound|what=${what}`);
export const conflict = (what: string) => new AppError("CONFLICT", `e.conflict|what=${what}`);
export const fieldError = (field: string, message: string) =>
  new AppError("BAD_REQUEST", message, { fieldErrors: { [field]: [message] } });

/** Network errors of a driver that cannot reach the database server. */
const UNREACHABLE_ERRNOS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
/**
 * SQLSTATEs of a database that went away or will not take the connection: class 08 (connection
 * exception), 57P01 admin_shutdown (the backend was terminated), 57P02 crash_shutdown, 57P03
 * cannot_connect_now (starting up or shutting down), 53300 too_many_connections.
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
/** Messages of pg / @neondatabase/serverless clients whose connection dropped (they carry no code). */
const DROPPED_CONNECTION = /^(Connection terminated( unexpectedly)?|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect|Connection terminated due to connection timeout)$/;

/**
 * Whether an error (or one of its causes) means the database is unreachable or dropped the
 * connection: the request did not fail because of its input or a bug, and trying again later can
 * succeed. Mapped to 503 SERVICE_UNAVAILABLE by server/api/trpc.ts and the REST handler.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  for (let c = e, depth = 0; c && typeof c === "object" && depth < 8; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === "string" && (UNREACHABLE_ERRNOS.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    const message = (c as { message?: unknown }).message;
    if (typeof message === "string" && DROPPED_CONNECTION.test(message)) return true;
    // AggregateError (a host that resolves to several addresses, all refused).
    const errors = (c as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some((x) => isDatabaseUnavailable(x))) return true;
  }
  return false;
}

/** The innermost cause of an error, as "CODE: message" (for logs: the driver's reason, not the failed SQL). */
export function rootCauseOf(e: unknown): string {
  let c = e;
  for (let depth = 0; depth < 8 && c && typeof c === "object" && (c as { cause?: unknown }).cause; depth++) c = (c as { cause?: unknown }).cause;
  const code = (c as { code?: unknown } | undefined)?.code;
  const message = c instanceof Error ? c.message : String(c);
  return `${typeof code === "string" ? `${code}: ` : ""}${message}`.slice(0, 300);
}
