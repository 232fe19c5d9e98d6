import { asc, eq, inArray, getTableColumns, type Column } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditEvents, organizations, users } from "@/db/schema";
import { notFound } from "../errors";
import type { Actor } from "../org/actor";
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportRow, type OrgExportDocument } from "./schema";
import { EXCLUDED_TABLES, exportTables, OMITTED_COLUMNS, USER_EXPORT_COLUMNS } from "./tables";

const UUID_G = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** A database value as JSON: dates as ISO strings, everything else as it is. */
function toJson(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  return value;
}

/** Every uuid-shaped string anywhere in a value (columns, arrays, JSON documents, text). */
export function collectUuids(value: unknown, into: Set<string>): void {
  if (typeof value === "string") {
    for (const m of value.matchAll(UUID_G)) into.add(m[0].toLowerCase());
  } else if (Array.isArray(value)) {
    for (const v of value) collectUuids(v, into);
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) collectUuids(v, into);
  }
}

/**
 * The organisation as a versioned JSON document: the organisation row, then every exported table
 * (tables.ts) read with one plain select each, in foreign-key order and in primary-key order within
 * a table, then the users the data mentions (without password hashes). Read in one repeatable-read,
 * read-only transaction, so the document is a consistent snapshot.
 */
export async function exportOrganization(db: DbOrTx, actor: Actor): Promise<OrgExportDocument> {
  return db.transaction(
    async (tx) => {
      const [org] = await tx.select().from(organizations).where(eq(organizations.id, actor.orgId)).limit(1);
      if (!org) throw notFound("organisation");
      const tables: Record<string, ExportRow[]> = { users: [] };
      const mentioned = new Set<string>();
      for (const { name, table } of exportTables()) {
        const cols = getTableColumns(table) as Record<string, Column>;
        const pk = Object.values(cols).filter((c) => c.primary);
        const order = (pk.length ? pk : Object.values(cols)).map((c) => asc(c));
        const rows = await tx
          .select()
          .from(table)
          .where(eq(cols.orgId!, actor.orgId))
          .orderBy(...(table === auditEvents ? [asc(auditEvents.id)] : order));
        const omitted = OMITTED_COLUMNS[name] ?? {};
        tables[name] = rows.map((r) => {
          const out: ExportRow = {};
          for (const [k, v] of Object.entries(r as Record<string, unknown>)) if (!(k in omitted)) out[k] = toJson(v);
          collectUuids(out, mentioned);
          return out;
        });
      }
      // Users: everyone the data names (members, owners, authors, mentions, former members), matched by email on import.
      const ids = [...mentioned];
      const found: ExportRow[] = [];
      for (let i = 0; i < ids.length; i += 1000) {
        const chunk = ids.slice(i, i + 1000);
        const rows = await tx
          .select({ id: users.id, email: users.email, name: users.name, locale: users.locale, disabledAt: users.disabledAt, createdAt: users.createdAt })
          .from(users)
          .where(inArray(users.id, chunk));
        for (const r of rows) found.push(Object.fromEntries(USER_EXPORT_COLUMNS.map((k) => [k, toJson(r[k])])));
      }
      tables.users = found.sort((a, b) => String(a.email).localeCompare(String(b.email)));
      return {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exportedAt: new Date().toISOString(),
        org: Object.fromEntries(Object.entries(org).map(([k, v]) => [k, toJson(v)])) as OrgExportDocument["org"],
        // As lists (names are values, not keys), so no field of the document is named like a secret.
        omitted: {
          tables: Object.entries(EXCLUDED_TABLES).map(([table, reason]) => ({ table, reason })),
          columns: Object.entries(OMITTED_COLUMNS).flatMap(([table, cols]) => Object.entries(cols).map(([column, reason]) => ({ table, column, reason }))),
        },
        tables,
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/** The file name of a download: the slug and the date. */
export function exportFileName(slug: string, at = new Date()): string {
  return `lodestar-${slug}-${at.toISOString().slice(0, 10)}.json`;
}
