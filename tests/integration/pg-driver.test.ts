import { inject, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createDb } from "@/db/client";

/**
 * The plain `pg` driver (self-hosted PostgreSQL URLs). Runs when the suite has a real PostgreSQL
 * server (TEST_DB=neon); on PGlite there is no server to connect to.
 */
const cfg = inject("testDb");
describe.runIf(cfg.kind === "neon")("pg driver", () => {
  it("connects, runs transactions and sees the migrated schema", async () => {
    if (cfg.kind !== "neon") return;
    const u = new URL(cfg.adminUrl);
    u.pathname = `/${cfg.template}`;
    const handle = await createDb(u.toString(), { driver: "pg" });
    try {
      expect(handle.kind).toBe("pg");
      const rows = await handle.db.execute(sql`select count(*)::int as n from information_schema.tables where table_name = 'objectives'`);
      expect((rows as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
      await expect(
        handle.db.transaction(async (tx) => {
          await tx.execute(sql`create temporary table t_probe (x int)`);
          throw new Error("rollback");
        }),
      ).rejects.toThrow("rollback");
    } finally {
      await handle.close();
    }
  });
});
