/**
 * What an organisation export holds, derived from the schema rather than kept by hand:
 * every table with an org_id column is either exported or listed in EXCLUDED_TABLES with the reason,
 * and the order tables are inserted in on import is the foreign-key order of the schema.
 * tests/unit/org-export-tables.test.ts fails when a new org-scoped table is in neither list.
 */
import { getTableColumns, getTableName, isTable, type Column, type Table } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import * as schema from "@/db/schema";

/** Org-scoped tables deliberately left out of an export, and why. */
export const EXCLUDED_TABLES: Record<string, string> = {
  apiKeys:
    "API keys: only a hash of each key is stored; a hash would let anyone who holds the file recognise a key, and it cannot give the key back. Create new keys after an import.",
  emailOutbox:
    "Outgoing email queue: transient delivery state, and invitation emails in it carry live sign-up links (tokens).",
  webhookDeliveries:
    "Webhook delivery log and retry queue: importing it would send old events again; new deliveries start after the import.",
  idempotencyKeys:
    "Idempotency keys: 24-hour retry records of this installation's requests (responses of past writes), meaningless elsewhere.",
};

/** Columns of exported tables that are never written to an export (secrets), and why. */
export const OMITTED_COLUMNS: Record<string, Record<string, string>> = {
  users: {
    passwordHash: "Password hashes never leave the database; imported users who are new to this installation sign in through a linked identity provider (Google/GitHub with the same email) — see the import result.",
    sessionEpoch: "Session state of this installation.",
    version: "Row version of this installation (users are linked by email, never overwritten).",
    updatedAt: "Row state of this installation (users are linked by email, never overwritten).",
  },
  invitations: {
    tokenHash: "The hash of an invitation's link token is a credential; imported pending invitations get a new unusable token and must be sent again.",
  },
  webhooks: {
    secret: "The signing secret is a credential; an imported webhook gets a new random secret: rotate it in Settings → Webhooks and give the new one to the receiver.",
  },
};

export interface OrgTable {
  /** The schema export name (the key in the document's `tables`). */
  name: string;
  table: PgTable;
}

function orgScoped(): OrgTable[] {
  const out: OrgTable[] = [];
  for (const [name, value] of Object.entries(schema)) {
    if (!isTable(value)) continue;
    if ("orgId" in getTableColumns(value)) out.push({ name, table: value as PgTable });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every table of the schema with an org_id column (what tests/integration/_support/procedures.ts calls orgTables()). */
export function orgScopedTables(): OrgTable[] {
  return orgScoped();
}

/** The foreign tables (by SQL name) a table references, other than itself. */
function referencedTables(table: Table): string[] {
  const self = getTableName(table);
  return getTableConfig(table as PgTable)
    .foreignKeys.map((fk) => getTableName(fk.reference().foreignTable))
    .filter((t) => t !== self);
}

/** Columns of a table that reference the table itself (departments.parentId, campaigns.clonedFromId). */
export function selfReferences(table: Table): string[] {
  const self = getTableName(table);
  const out: string[] = [];
  for (const fk of getTableConfig(table as PgTable).foreignKeys) {
    const ref = fk.reference();
    if (getTableName(ref.foreignTable) !== self) continue;
    for (const c of ref.columns) out.push(propertyOf(table, c));
  }
  return out;
}

/** The JS property name of a column of a table. */
export function propertyOf(table: Table, column: Column): string {
  const entry = Object.entries(getTableColumns(table)).find(([, c]) => c === column || c.name === column.name);
  if (!entry) throw new Error(`Column ${column.name} not in ${getTableName(table)}`);
  return entry[0];
}

/**
 * The exported tables in an order where every table comes after the tables it references
 * (Kahn's algorithm; ties by name, so the order is stable). Throws on a cycle between tables.
 */
export function exportTables(): OrgTable[] {
  const tables = orgScoped().filter((t) => !(t.name in EXCLUDED_TABLES));
  const bySql = new Map(tables.map((t) => [getTableName(t.table), t]));
  const deps = new Map(tables.map((t) => [t.name, new Set(referencedTables(t.table).filter((s) => bySql.has(s)).map((s) => bySql.get(s)!.name))]));
  const out: OrgTable[] = [];
  const done = new Set<string>();
  while (out.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t.name) && [...deps.get(t.name)!].every((d) => done.has(d)));
    if (!ready.length) {
      const left = tables.filter((t) => !done.has(t.name)).map((t) => t.name);
      throw new Error(`Foreign-key cycle between tables: ${left.join(", ")}`);
    }
    for (const t of ready) {
      out.push(t);
      done.add(t.name);
    }
  }
  return out;
}

/** For every exported table: its uuid primary key column (JS name), if it has a single-column uuid primary key. */
export function uuidPrimaryKey(table: Table): string | null {
  for (const [key, col] of Object.entries(getTableColumns(table))) {
    if (col.primary && col.columnType === "PgUUID" && key !== "orgId") return key;
  }
  return null;
}

/** Columns (JS names) that reference users.id. */
export function userColumns(table: Table): string[] {
  const out: string[] = [];
  for (const fk of getTableConfig(table as PgTable).foreignKeys) {
    const ref = fk.reference();
    if (getTableName(ref.foreignTable) !== "users") continue;
    for (const c of ref.columns) out.push(propertyOf(table, c));
  }
  return out;
}

/** Foreign-key columns (JS names) to other org tables, with the table (export name) they point at. */
export function orgForeignKeys(table: Table): { column: string; target: string }[] {
  const bySql = new Map(orgScoped().map((t) => [getTableName(t.table), t.name]));
  const out: { column: string; target: string }[] = [];
  for (const fk of getTableConfig(table as PgTable).foreignKeys) {
    const ref = fk.reference();
    const target = bySql.get(getTableName(ref.foreignTable));
    if (!target) continue;
    for (const c of ref.columns) out.push({ column: propertyOf(table, c), target });
  }
  return out;
}

/** The user columns written to an export. */
export const USER_EXPORT_COLUMNS = ["id", "email", "name", "locale", "disabledAt", "createdAt"] as const;
