import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { rowsOf } from "@/db/sql";
import { journalEntries, migrationStatus, readiness } from "@/server/health";
import { GET as live } from "@/app/api/health/route";
import { createTestDb } from "../helpers/db";

let h: DbHandle;
beforeAll(async () => {
  h = await createTestDb();
});
afterAll(async () => {
  await h?.close();
});

describe("liveness", () => {
  it("answers without a database", async () => {
    const res = live();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toMatchObject({ status: "ok" });
  });
});

describe("readiness", () => {
  it("is ready when every committed migration is applied", async () => {
    const r = await readiness(async () => h.db);
    expect(r.status).toBe("ready");
    if (r.status === "ready") {
      expect(r.migrations.applied).toBe(journalEntries().length);
      expect(r.migrations.pending).toEqual([]);
    }
  });

  it("names the pending migration when the database is behind, and the newer ones when it is ahead", async () => {
    const last = journalEntries().at(-1)!;
    const row = rowsOf<{ id: number; hash: string }>(
      await h.db.execute(sql`select id, hash from drizzle.__drizzle_migrations where created_at = ${last.when}`),
    )[0]!;
    await h.db.execute(sql`delete from drizzle.__drizzle_migrations where id = ${row.id}`);
    try {
      const behind = await readiness(async () => h.db);
      expect(behind).toMatchObject({ status: "unavailable", reason: "migrations_pending" });
      expect(behind.status === "unavailable" && behind.detail).toContain(last.tag);
    } finally {
      await h.db.execute(sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${row.id}, ${row.hash}, ${last.when})`);
    }
    await h.db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', ${last.when + 1000})`);
    try {
      expect((await migrationStatus(h.db)).ahead).toBe(1);
      expect(await readiness(async () => h.db)).toMatchObject({ status: "unavailable", reason: "database_ahead" });
    } finally {
      await h.db.execute(sql`delete from drizzle.__drizzle_migrations where hash = 'from-the-future'`);
    }
    expect((await readiness(async () => h.db)).status).toBe("ready");
  });

  it("reports an unreachable database as 503-worthy with the reason, within the timeout", async () => {
    const r = await readiness(() => new Promise(() => {}), 50);
    expect(r).toMatchObject({ status: "unavailable", reason: "database_unreachable" });
    const failing = await readiness(async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
    });
    expect(failing).toMatchObject({ status: "unavailable", reason: "database_unreachable", detail: expect.stringContaining("ECONNREFUSED") });
  });
});

describe("npm run db:migrate", () => {
  it("migrates an empty database, then finds nothing to do, and refuses a database migrated by a newer deploy", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lodestar-migrate-"));
    const url = `pglite:${dir}`;
    try {
      const first = await runMigrations(url);
      expect(first.applied).toEqual(journalEntries().map((e) => e.tag));
      expect((await runMigrations(url)).applied).toEqual([]);

      const { createDb } = await import("@/db/client");
      const handle = await createDb(url);
      await handle.db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('newer', ${Date.now() + 10 ** 9})`);
      await handle.close();
      await expect(runMigrations(url)).rejects.toThrow(/newer deploy/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
