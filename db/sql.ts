import { getTableName, sql, type Column, type Table } from "drizzle-orm";

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
