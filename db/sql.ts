import { getTableColumns, getTableName, sql, type Column, type SQL, type Table } from "drizzle-orm";

/**
 * A table-qualified column reference for correlated subqueries. Drizzle renders `${table.col}` as a
 * bare `"col"` in single-table selects, which inside a subquery can silently bind to the subquery's
 * own table instead of the outer row.
 */
export function qualified(table: Table, column: Column) {
  return sql.raw(`"${getTableName(table)}"."${column.name}"`);
}

/** The rows of a raw `db.execute(sql…)` result, whichever driver produced it. */
export function rowsOf<T>(res: unknown): T[] {
  return (res as { rows?: T[] }).rows ?? (res as T[]);
}

/**
 * A whole row as a JSON object built in SQL (keys are the table's TypeScript field names, in the
 * table's order), for reads that aggregate child rows with `json_agg` in one statement. `alias` is
 * the row's alias in the query. Read it back with `rowFromJson`, which maps each value as Drizzle
 * maps that column (timestamps become Dates, bigint numbers become numbers...).
 */
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `alias."column"` for an alias of the query's own text (a code constant, checked like an identifier),
 * where a hand-written subquery names a row by alias rather than by table.
 */
export function aliased(alias: string, column: string): SQL {
  if (!IDENT.test(alias) || !IDENT.test(column)) throw new Error(`aliased: bad name ${alias}.${column}`);
  return sql.raw(`${alias}."${column}"`);
}
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

/**
 * A value built once per database handle and variant, e.g. a prepared (named) statement: Drizzle binds
 * a prepared query to the handle it was built from, so each handle (primary, replica, a test's
 * database) gets its own, on first use.
 */
export function perHandle<H extends object, K extends string | boolean, V>(build: (db: H, variant: K) => V): (db: H, variant: K) => V {
  const cache = new WeakMap<H, Map<K, V>>();
  return (db, variant) => {
    let byVariant = cache.get(db);
    if (!byVariant) cache.set(db, (byVariant = new Map()));
    let value = byVariant.get(variant);
    if (value === undefined) byVariant.set(variant, (value = build(db, variant)));
    return value;
  };
}
