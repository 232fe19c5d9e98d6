import { createDb, driverFor, type Database, type DbHandle } from "@/db/client";
import { env } from "./env";

/**
 * The process-wide database handle. Opened lazily (never at import or build time); the embedded
 * PGlite database is migrated on open so a newcomer needs nothing but Node.
 */
const g = globalThis as unknown as { __lodestarDb?: Promise<DbHandle> };

export function getDbHandle(): Promise<DbHandle> {
  if (!g.__lodestarDb) {
    g.__lodestarDb = open().catch((e) => {
      g.__lodestarDb = undefined;
      throw e;
    });
  }
  return g.__lodestarDb;
}

async function open(): Promise<DbHandle> {
  const e = env();
  const handle = await createDb(e.DATABASE_URL, {
    driver: e.DATABASE_DRIVER ?? driverFor(e.DATABASE_URL),
    neonWsProxy: e.NEON_WS_PROXY,
  });
  if (handle.kind === "pglite") await handle.migrate();
  return handle;
}

export async function getDb(): Promise<Database> {
  return (await getDbHandle()).db;
}
