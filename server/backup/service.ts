import crypto from "node:crypto";
import { and, eq, getTableColumns, isNotNull, ne, sql, type Column } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Database, Tx } from "@/db/client";
import { auditEvents, memberships, organizations, productStageCriteria, productStages, users } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { AppError, notFound } from "../errors";
import type { Actor } from "../org/actor";
import { hashToken } from "../org/invitations";
import { newWebhookSecret } from "../webhooks/signature";
import { urlProblem } from "../webhooks/target";
import { collectUuids, exportOrganization } from "./queries";
import { documentSchema, type ExportRow, type OrgExportDocument } from "./schema";
import { exportTables, orgForeignKeys, orgScopedTables, selfReferences, userColumns, uuidPrimaryKey } from "./tables";

/** Exports the organisation and records who took a copy of it (a download of everything is worth an audit row). */
export async function exportOrganizationAudited(db: Database, actor: Actor): Promise<OrgExportDocument> {
  const doc = await exportOrganization(db, actor);
  const counts = Object.fromEntries(Object.entries(doc.tables).map(([k, v]) => [k, v.length]));
  await db.transaction((tx) => recordAudit(tx, actor, { entityType: "organization", entityId: actor.orgId, action: "export", after: { counts } }));
  return doc;
}

export interface ImportProblem {
  /** e.g. "tables.keyResults[3].targetValue" */
  path: string;
  table?: string;
  row?: number;
  field?: string;
  message: string;
}

export interface ImportResult {
  orgId: string;
  /** Rows written per table (users: linked + created). */
  counts: Record<string, number>;
  users: { linked: number; created: number };
  /** Things the people running the import must do next (catalog keys with parameters). */
  notes: string[];
}

const MAX_PROBLEMS = 50;
const UUID_G = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function problem(path: (string | number | symbol)[], message: string): ImportProblem {
  const parts = path.map((p) => (typeof p === "symbol" ? String(p) : p));
  const text = parts.reduce<string>((s, p) => (typeof p === "number" ? `${s}[${p}]` : s ? `${s}.${p}` : String(p)), "");
  const tableIdx = parts[0] === "tables" ? 1 : -1;
  return {
    path: text || "document",
    table: tableIdx > 0 ? String(parts[1]) : parts[0] === "org" ? "org" : undefined,
    row: tableIdx > 0 && typeof parts[2] === "number" ? parts[2] : undefined,
    field: tableIdx > 0 && parts[3] !== undefined ? String(parts[3]) : parts[0] === "org" && parts[1] !== undefined ? String(parts[1]) : undefined,
    message,
  };
}

/** The refusal of a file: the count and where the first problem is; each problem (a message key) in details.errors. */
function invalid(problems: ImportProblem[]): AppError {
  const first = problems[0]!;
  return new AppError("BAD_REQUEST", `e.orgImport.invalid|count=${problems.length}|where=${first.path.replace(/\|/g, "/")}`, {
    errors: problems.slice(0, MAX_PROBLEMS),
  });
}

/** Zod validation, then the references: every row of the document belongs to its org, and points only at rows of the document. */
export function validateDocument(raw: unknown): OrgExportDocument {
  const parsed = documentSchema().safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => problem(i.path, i.message)));
  const doc = parsed.data;
  const problems: ImportProblem[] = [];
  const seen = new Map<string, string>();
  const idsOf = new Map<string, Set<string>>();
  const userIds = new Set<string>();
  const emails = new Set<string>();
  doc.tables.users!.forEach((u, i) => {
    const id = String(u.id).toLowerCase();
    const email = String(u.email).toLowerCase();
    if (userIds.has(id)) problems.push(problem(["tables", "users", i, "id"], "e.orgImport.duplicateUser"));
    if (emails.has(email)) problems.push(problem(["tables", "users", i, "email"], "e.orgImport.duplicateEmail"));
    userIds.add(id);
    emails.add(email);
  });
  for (const { name, table } of exportTables()) {
    const pk = uuidPrimaryKey(table);
    const ids = new Set<string>();
    idsOf.set(name, ids);
    if (!pk) continue;
    doc.tables[name]!.forEach((r, i) => {
      const id = String(r[pk]).toLowerCase();
      const other = seen.get(id);
      if (other) problems.push(problem(["tables", name, i, pk], `e.orgImport.duplicateId|other=${other}`));
      seen.set(id, `${name}[${i}]`);
      ids.add(id);
    });
  }
  // Webhook addresses get the same check as when an admin adds one (no private or non-http targets).
  doc.tables.webhooks!.forEach((w, i) => {
    const bad = urlProblem(String(w.url));
    if (bad) problems.push(problem(["tables", "webhooks", i, "url"], bad === "private" ? "e.webhook.privateTarget" : "v.webhookUrl"));
  });
  const orgId = doc.org.id.toLowerCase();
  for (const { name, table } of exportTables()) {
    const fks = orgForeignKeys(table);
    const ucols = userColumns(table);
    doc.tables[name]!.forEach((r, i) => {
      if (String(r.orgId).toLowerCase() !== orgId) problems.push(problem(["tables", name, i, "orgId"], "e.orgImport.otherOrg"));
      for (const { column, target } of fks) {
        if (column === "orgId") continue;
        const v = r[column];
        if (v === null || v === undefined) continue;
        if (!idsOf.get(target)?.has(String(v).toLowerCase())) problems.push(problem(["tables", name, i, column], `e.orgImport.missingRow|table=${target}`));
      }
      for (const column of ucols) {
        const v = r[column];
        if (v === null || v === undefined) continue;
        if (!userIds.has(String(v).toLowerCase())) problems.push(problem(["tables", name, i, column], "e.orgImport.missingUser"));
      }
    });
    if (problems.length >= MAX_PROBLEMS) break;
  }
  if (problems.length) throw invalid(problems);
  return doc;
}

/** Rows of the target that would make it "not empty". Default lifecycle stages (created on first look) and the importer's own membership do not count. */
async function assertEmpty(tx: Tx, actor: Actor) {
  const found: string[] = [];
  for (const { name, table } of exportTables()) {
    if (table === (auditEvents as unknown as PgTable)) continue;
    const cols = getTableColumns(table) as Record<string, Column>;
    let where = eq(cols.orgId!, actor.orgId);
    if (table === (memberships as unknown as PgTable)) where = and(where, ne(memberships.userId, actor.userId))!;
    if (table === (productStages as unknown as PgTable)) where = and(where, sql`(${productStages.key} is null or ${productStages.name} <> '' or ${productStages.archivedAt} is not null or ${productStages.version} <> 1)`)!;
    if (table === (productStageCriteria as unknown as PgTable)) where = and(where, sql`(${productStageCriteria.key} is null or ${productStageCriteria.version} <> 1)`)!;
    const [row] = await tx.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(table).where(where);
    if (row && row.n > 0) found.push(`${name} (${row.n})`);
  }
  if (found.length) {
    const shown = found.length > 6 ? `${found.slice(0, 6).join(", ")}, …` : found.join(", ");
    throw new AppError("PRECONDITION_FAILED", `e.orgImport.notEmpty|tables=${shown}`, { tables: found });
  }
}

/** Replaces every known id inside a value (columns, arrays, JSON documents, links), and the old org's address in links. */
function remapper(map: Map<string, string>, fromSlug: string, toSlug: string) {
  const path = `/${fromSlug}`;
  const remapString = (s: string) => {
    let out = s.replace(UUID_G, (m) => map.get(m.toLowerCase()) ?? m);
    if (out === path || out.startsWith(`${path}/`) || out.startsWith(`${path}?`)) out = `/${toSlug}${out.slice(path.length)}`;
    return out;
  };
  const remap = (v: unknown): unknown => {
    if (typeof v === "string") return remapString(v);
    if (Array.isArray(v)) return v.map(remap);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, remap(x)]));
    return v;
  };
  return remap;
}

/** A JSON row back to database values: timestamps to Dates, the rest as it is. */
function toDb(table: PgTable, row: ExportRow): Record<string, unknown> {
  const cols = getTableColumns(table) as Record<string, Column>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    const col = cols[k];
    if (!col) continue;
    out[k] = col.columnType === "PgTimestamp" && typeof v === "string" ? new Date(v) : v;
  }
  return out;
}

/** Ids of the document that already exist in this database outside it (a file that points into another organisation). */
async function foreignIds(tx: Tx, candidates: string[]): Promise<string[]> {
  if (!candidates.length) return [];
  const arr = sql`${`{${candidates.join(",")}}`}::uuid[]`;
  const hits: string[] = [];
  for (const { table } of orgScopedTables()) {
    const pk = uuidPrimaryKey(table);
    if (!pk) continue;
    const col = (getTableColumns(table) as Record<string, PgColumn>)[pk]!;
    const rows = await tx.select({ id: col }).from(table).where(sql`${col} = any(${arr})`);
    hits.push(...rows.map((r) => String(r.id)));
  }
  const us = await tx.select({ id: users.id }).from(users).where(sql`${users.id} = any(${arr})`);
  hits.push(...us.map((u) => u.id));
  const os = await tx.select({ id: organizations.id }).from(organizations).where(sql`${organizations.id} = any(${arr})`);
  hits.push(...os.map((o) => o.id));
  return hits;
}

const CHUNK = 500;

/**
 * Imports an export into the actor's organisation, which must be empty (a new organisation: only
 * its owner, its creation audit rows and the default lifecycle). One transaction: every uuid of the
 * file (the organisation, every row id, and every reference to them, in columns, arrays, JSON
 * documents and links) gets a fresh id; users are matched by email (existing ones are linked, the
 * others created without a password); tables are written in foreign-key order; "organization
 * imported" is recorded. The importer keeps the owner role.
 */
export async function importOrganization(db: Database, actor: Actor, raw: unknown): Promise<ImportResult> {
  const { idMap: _idMap, ...result } = await importOrganizationWithIds(db, actor, raw);
  return result;
}

/** importOrganization, also returning the map of the file's ids to the new ones (for the round-trip test). */
export async function importOrganizationWithIds(db: Database, actor: Actor, raw: unknown): Promise<ImportResult & { idMap: Map<string, string> }> {
  const doc = validateDocument(raw);
  const tables = exportTables();
  return db.transaction(async (tx) => {
    const [target] = await tx.select().from(organizations).where(eq(organizations.id, actor.orgId)).for("update").limit(1);
    if (!target) throw notFound("organisation");
    await assertEmpty(tx, actor);

    // Fresh ids for the organisation and every row id of the file.
    const map = new Map<string, string>([[doc.org.id.toLowerCase(), target.id]]);
    for (const { name, table } of tables) {
      const pk = uuidPrimaryKey(table);
      if (!pk) continue;
      for (const r of doc.tables[name]!) map.set(String(r[pk]).toLowerCase(), crypto.randomUUID());
    }

    // Users, by email: linked when they exist here, created (without a password) when not.
    let linked = 0;
    let created = 0;
    for (const u of doc.tables.users!) {
      const email = String(u.email).trim().toLowerCase();
      const [existing] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
      if (existing) {
        linked++;
        map.set(String(u.id).toLowerCase(), existing.id);
        continue;
      }
      const [row] = await tx
        .insert(users)
        .values({
          email,
          name: String(u.name),
          locale: (u.locale as string | null | undefined) ?? null,
          disabledAt: u.disabledAt ? new Date(String(u.disabledAt)) : null,
          createdAt: u.createdAt ? new Date(String(u.createdAt)) : undefined,
          passwordHash: null,
        })
        .returning({ id: users.id });
      created++;
      map.set(String(u.id).toLowerCase(), row!.id);
    }

    // A file must not point at rows that exist here outside it (another organisation's, or users it does not list).
    // The audit log is history and may name anything (deleted rows, API keys): it is not checked.
    const mentioned = new Set<string>();
    for (const { name } of tables) if (name !== "auditEvents") collectUuids(doc.tables[name], mentioned);
    const unknown = [...mentioned].filter((id) => !map.has(id));
    const outside = await foreignIds(tx, unknown);
    if (outside.length) {
      throw invalid(outside.slice(0, MAX_PROBLEMS).map((id) => ({ path: "document", message: `e.orgImport.outside|id=${id}` })));
    }

    const remap = remapper(map, doc.org.slug, target.slug);
    await tx
      .update(organizations)
      .set({ defaultLocale: String(doc.org.defaultLocale ?? target.defaultLocale), updatedAt: new Date(), version: target.version + 1 })
      .where(eq(organizations.id, target.id));

    // The default lifecycle the empty organisation got on first look makes way for the file's.
    await tx.delete(productStageCriteria).where(eq(productStageCriteria.orgId, target.id));
    await tx.delete(productStages).where(and(eq(productStages.orgId, target.id), isNotNull(productStages.key)));

    const counts: Record<string, number> = { users: doc.tables.users!.length };
    for (const { name, table } of tables) {
      const selfRefs = selfReferences(table);
      const pk = uuidPrimaryKey(table);
      const later: { id: string; set: Record<string, unknown> }[] = [];
      const values: Record<string, unknown>[] = [];
      for (const src of doc.tables[name]!) {
        const row = toDb(table, remap(src) as ExportRow);
        if (table === (auditEvents as unknown as PgTable)) delete row.id;
        if (name === "invitations") row.tokenHash = hashToken(crypto.randomBytes(32).toString("base64url"));
        if (name === "webhooks") row.secret = newWebhookSecret();
        if (name === "memberships" && row.userId === actor.userId) {
          // The importer's own membership exists already: it takes the file's id and dates, and stays owner.
          await tx
            .update(memberships)
            .set({ id: row.id as string, createdAt: row.createdAt as Date, updatedAt: row.updatedAt as Date, version: row.version as number })
            .where(eq(memberships.id, actor.membershipId));
          continue;
        }
        const set: Record<string, unknown> = {};
        for (const c of selfRefs) {
          if (row[c] != null) set[c] = row[c];
          row[c] = null;
        }
        if (pk && Object.keys(set).length) later.push({ id: row[pk] as string, set });
        values.push(row);
      }
      for (let i = 0; i < values.length; i += CHUNK) await tx.insert(table).values(values.slice(i, i + CHUNK) as never);
      if (pk) {
        const col = (getTableColumns(table) as Record<string, Column>)[pk]!;
        for (const l of later) await tx.update(table).set(l.set as never).where(eq(col, l.id));
      }
      counts[name] = doc.tables[name]!.length;
    }

    const notes: string[] = [];
    if (created) notes.push(`orgBackup.noteNewUsers|count=${created}`);
    if (counts.webhooks) notes.push(`orgBackup.noteWebhooks|count=${counts.webhooks}`);
    const pending = doc.tables.invitations!.filter((i) => !i.acceptedAt && !i.revokedAt).length;
    if (pending) notes.push(`orgBackup.noteInvitations|count=${pending}`);
    notes.push("orgBackup.noteApiKeys");

    await recordAudit(tx, actor, {
      entityType: "organization",
      entityId: target.id,
      action: "imported",
      after: { from: { orgId: doc.org.id, slug: doc.org.slug, exportedAt: doc.exportedAt }, counts, users: { linked, created } },
    });
    return { orgId: target.id, counts, users: { linked, created }, notes, idMap: map };
  });
}
