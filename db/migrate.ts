/**
 * `npm run db:migrate`: applies committed migrations to DATABASE_URL (PGlite, Neon or PostgreSQL).
 * On PostgreSQL it holds an advisory lock on one connection, so several deploys at once are safe.
 */
import { sql } from "drizzle-orm";
import { createDb, driverFor } from "./client";
import { env } from "../server/env";

const MIGRATION_LOCK_KEY = 7_420_2026;

export async function runMigrations(url: string | undefined, opts: { neonWsProxy?: string } = {}) {
  const handle = await createDb(url, { driver: driverFor(url), neonWsProxy: opts.neonWsProxy, poolMax: 1 });
  try {
    if (handle.kind === "pglite") {
      await handle.migrate();
    } else {
      await handle.db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
      try {
        await handle.migrate();
      } finally {
        await handle.db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
      }
    }
  } finally {
    await handle.close();
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"));
if (isMain) {
  const e = env();
  runMigrations(e.DATABASE_URL, { neonWsProxy: e.NEON_WS_PROXY })
    .then(() => console.log("Migrations applied."))
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
