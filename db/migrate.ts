/**
 * `npm run db:migrate`: applies committed migrations to DATABASE_URL (PGlite, Neon or PostgreSQL).
 * On PostgreSQL it holds an advisory lock on one connection, so several deploys at once are safe.
 * It refuses a database that has applied migrations this code does not know (a newer deploy ran):
 * rolling the schema back is never done silently.
 */
import { sql } from "drizzle-orm";
import { createDb, driverFor } from "./client";
import { env } from "../server/env";
import { migrationStatus } from "../server/health";

const MIGRATION_LOCK_KEY = 7_420_2026;

export async function runMigrations(url: string | undefined, opts: { neonWsProxy?: string } = {}) {
  const handle = await createDb(url, { driver: driverFor(url), neonWsProxy: opts.neonWsProxy, poolMax: 1 });
  try {
    const guarded = async () => {
      const status = await migrationStatus(handle.db);
      if (status.ahead > 0) {
        throw new Error(
          `The database has ${status.ahead} applied migration(s) that this code does not have: it was migrated by a newer deploy. ` +
            `Deploy that version (or newer) instead; nothing was changed.`,
        );
      }
      await handle.migrate();
      return { applied: status.pending };
    };
    if (handle.kind === "pglite") {
      return await guarded();
    } else {
      await handle.db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
      try {
        return await guarded();
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
    .then((r) => console.log(r.applied.length ? `Applied ${r.applied.length} migration(s): ${r.applied.join(", ")}.` : "Database is up to date."))
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
