import fs from "node:fs";
import crypto from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type DbHandle } from "@/db/client";
import { withDb } from "./global-setup";

/**
 * A fresh, migrated database for one test file: a PGlite copy of the migrated dump by default, or
 * (TEST_DB=neon) a new PostgreSQL database reached through the Neon serverless driver.
 */
export async function createTestDb(opts: { logQuery?: (sql: string) => void } = {}): Promise<DbHandle & { isPostgres: boolean }> {
  const cfg = inject("testDb");
  if (cfg.kind === "pglite") {
    const buf = fs.readFileSync(cfg.dumpPath);
    const handle = await createDb("memory://", {
      driver: "pglite",
      pgliteLoadDataDir: new Blob([buf]),
      logQuery: opts.logQuery,
    });
    return { ...handle, isPostgres: false };
  }
  const name = `lodestar_t_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: cfg.adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${cfg.template}`);
  await admin.end();
  const handle = await createDb(withDb(cfg.adminUrl, name), {
    driver: "neon",
    neonWsProxy: cfg.wsProxy,
    poolMax: 20,
    logQuery: opts.logQuery,
  });
  return {
    ...handle,
    isPostgres: true,
    close: async () => {
      await handle.close();
      const a = new pg.Client({ connectionString: cfg.adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
