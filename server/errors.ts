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
