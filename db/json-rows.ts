import { getTableColumns, sql, type SQL, type Table } from "drizzle-orm";

/**
 * A whole row as a JSON object built in SQL (keys are the table's TypeScript field names, in the
 * table's order), for reads that aggregate child rows with `json_agg` in one statement. `alias` is
 * the row's alias in the query. Read it back with `rowFromJson`, which maps each value as Drizzle
 * maps that column (timestamps become Dates, bigint numbers become numbers...).
 */
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const literal = (key: string) => {
  if (!IDENT.test(key)) throw new Error(`rowJson: bad key ${key}`);
  return `'${key}'`;
};

export function rowJson(table: Table, alias: string, extra: Record<string, SQL> = {}): SQL {
  if (!IDENT.test(alias)) throw new Error(`rowJson: bad alias ${alias}`);
  const parts: SQL[] = [];
  for (const [key, col] of Object.entries(getTableColumns(table))) parts.push(sql.raw(`${literal(key)}, ${alias}."${col.name}"`));
  for (const [key, value] of Object.entries(extra)) parts.push(sql`${sql.raw(literal(key))}, ${value}`);
  return sql`json_build_object(${sql.join(parts, sql`, `)})`;
}

export function rowFromJson<T extends Table>(table: T, json: Record<string, unknown>): T["$inferSelect"] {
  const out: Record<string, unknown> = { ...json };
  for (const [key, col] of Object.entries(getTableColumns(table))) {
    const v = json[key];
    out[key] = v === null || v === undefined ? null : col.mapFromDriverValue(v);
  }
  return out as T["$inferSelect"];
}
