import { createDb, driverFor, type Database, type DbHandle } from "@/db/client";
import { env } from "./env";

/**
 * The process-wide database handle. Opened lazily (never at import or build time); the embedded
 * PGlite database is migrated on open so a newcomer needs nothing but Node.
 */
const g = globalThis as unknown as { __lodestarDb?: Promise<DbHandle>; __lodestarReadDb?: Promise<DbHandle> };

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

/**
 * The read replica (DATABASE_READ_URL), when configured: read-only procedures use it unless the
 * caller wrote a moment ago (see server/api/trpc.ts). Without one, reads go to the primary.
 */
export async function getReadDb(): Promise<Database | undefined> {
  const url = env().DATABASE_READ_URL;
  if (!url) return undefined;
  if (!g.__lodestarReadDb) {
    g.__lodestarReadDb = createDb(url, { driver: env().DATABASE_DRIVER ?? driverFor(url), neonWsProxy: env().NEON_WS_PROXY }).catch((e) => {
      g.__lodestarReadDb = undefined;
      throw e;
    });
  }
  return (await g.__lodestarReadDb).db;
}

/** Closes the pools (graceful shutdown). */
export async function closeDbs() {
  const handles = [g.__lodestarDb, g.__lodestarReadDb];
  g.__lodestarDb = g.__lodestarReadDb = undefined;
  await Promise.all(handles.map(async (h) => (h ? (await h.catch(() => null))?.close() : undefined)));
}
