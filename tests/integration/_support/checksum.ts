/**
 * A cheap stand-in for comparing two snapshotOrg() results: one statement computing a checksum over
 * the same rows (the organisation, every org-owned table, its members' users), order-independent (a
 * count and a sum of row hashes per table), so it can be taken around single calls.
 */
import { sql, type SQL, type Table } from "drizzle-orm";
import type { Database } from "@/db/client";
import { memberships, organizations, users } from "@/db/schema";
import { orgTables } from "./procedures";

export async function orgChecksum(db: Database, orgId: string): Promise<string> {
  const rowsOf = (table: Table, where: SQL) =>
    sql`(select count(*)::text || ':' || coalesce(sum(hashtextextended(t::text, 7)), 0)::text from ${table} t where ${where})`;
  const parts: SQL[] = [
    rowsOf(organizations, sql`t.id = ${orgId}`),
    ...orgTables().map(({ table }) => rowsOf(table, sql`t.org_id = ${orgId}`)),
    rowsOf(users, sql`t.id in (select user_id from ${memberships} m where m.org_id = ${orgId})`),
  ];
  const res = await db.execute<{ c: string }>(sql`select md5(concat_ws('|', ${sql.join(parts, sql`, `)})) as c`);
  const rows = (res as unknown as { rows?: { c: string }[] }).rows ?? (res as unknown as { c: string }[]);
  return rows[0]!.c;
}
