/** Next.js calls register() once per server process at start. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installGracefulShutdown } = await import("./server/shutdown");
  installGracefulShutdown();
  // Open (and, for the embedded PGlite, migrate) the database while Next finishes booting, instead of
  // on the first request: a newcomer's first page comes sooner. Not awaited — the first request joins
  // the same promise; a failure here is reported by that request (getDbHandle retries).
  const { getDbHandle } = await import("./server/db");
  const { logger } = await import("./server/log");
  getDbHandle().catch((e: unknown) => logger.warn({ err: e }, "database not ready at start; the first request will retry"));
}
