import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { MIGRATIONS_FOLDER } from "@/db/client";
import { rowsOf } from "@/db/sql";

export interface MigrationStatus {
  /** Migrations committed in the code (db/migrations/meta/_journal.json). */
  code: number;
  /** Migrations recorded as applied in the database. */
  applied: number;
  /** Tags of committed migrations the database has not applied yet. */
  pending: string[];
  /** Applied migrations the code does not know: the database is ahead of this deploy. */
  ahead: number;
}

interface JournalEntry {
  tag: string;
  when: number;
}

export function journalEntries(folder = MIGRATIONS_FOLDER): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as { entries: JournalEntry[] };
  return journal.entries;
}

/**
 * Compares the committed migrations with the ones the database recorded. Drizzle's migrator keys
 * each applied migration by the journal's `when` (stored as created_at) and applies those newer
 * than the last one recorded.
 */
export async function migrationStatus(db: DbOrTx, folder = MIGRATIONS_FOLDER): Promise<MigrationStatus> {
  const entries = journalEntries(folder);
  const exists = rowsOf<{ t: string | null }>(await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`));
  const applied = exists[0]?.t
    ? rowsOf<{ created_at: string }>(await db.execute(sql`select created_at::text as created_at from drizzle.__drizzle_migrations`)).map((r) =>
        Number(r.created_at),
      )
    : [];
  const last = applied.length ? Math.max(...applied) : -Infinity;
  const known = new Set(entries.map((e) => e.when));
  return {
    code: entries.length,
    applied: applied.length,
    pending: entries.filter((e) => e.when > last).map((e) => e.tag),
    ahead: applied.filter((w) => !known.has(w)).length,
  };
}

export type Readiness =
  | { status: "ready"; migrations: MigrationStatus; ms: number }
  | { status: "unavailable"; reason: "shutting_down" | "database_unreachable" | "migrations_pending" | "database_ahead"; detail: string; ms: number };

/** Whether this instance can serve: the database answers and its schema matches the code. */
export async function readiness(getDb: () => Promise<DbOrTx>, timeoutMs = 5000, draining = false): Promise<Readiness> {
  const started = Date.now();
  const ms = () => Date.now() - started;
  if (draining) return { status: "unavailable", reason: "shutting_down", detail: "this instance is stopping", ms: 0 };
  let status: MigrationStatus;
  try {
    const db = await withTimeout(getDb(), timeoutMs);
    await withTimeout(db.execute(sql`select 1`), timeoutMs);
    status = await withTimeout(migrationStatus(db), timeoutMs);
  } catch (e) {
    return { status: "unavailable", reason: "database_unreachable", detail: e instanceof Error ? e.message.slice(0, 200) : String(e), ms: ms() };
  }
  if (status.ahead > 0) {
    return { status: "unavailable", reason: "database_ahead", detail: `${status.ahead} applied migration(s) are newer than this deploy`, ms: ms() };
  }
  if (status.pending.length) {
    return { status: "unavailable", reason: "migrations_pending", detail: `pending: ${status.pending.join(", ")} (run npm run db:migrate)`, ms: ms() };
  }
  return { status: "ready", migrations: status, ms: ms() };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
