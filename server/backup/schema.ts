/**
 * The organisation export document and its validation. Row schemas are derived from the Drizzle
 * columns of each table (type, enum values, nullability, defaults), so a schema change is picked up
 * without editing this file; a column type with no rule here throws (and the unit test says so).
 */
import { getTableColumns, type Column, type Table } from "drizzle-orm";
import { z } from "zod";
import { organizations } from "@/db/schema";
import { exportTables, OMITTED_COLUMNS, USER_EXPORT_COLUMNS } from "./tables";
import { users } from "@/db/schema";

export const EXPORT_FORMAT = "lodestar-org-export";
export const EXPORT_VERSION = 1;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The zod schema of one column's JSON value (before nullability). */
function valueSchema(col: Column): z.ZodType {
  const enumValues = (col as { enumValues?: string[] }).enumValues;
  switch (col.columnType) {
    case "PgUUID":
      return z.string().regex(UUID, "v.invalidId");
    case "PgText":
      return enumValues?.length ? z.enum(enumValues as [string, ...string[]]) : z.string();
    case "PgEnumColumn":
      return z.enum(enumValues as [string, ...string[]]);
    case "PgInteger":
    case "PgSmallInt":
    case "PgBigInt53":
    case "PgBigSerial53":
      return z.number().int();
    case "PgDoublePrecision":
      return z.number();
    case "PgNumeric":
      return z.string().regex(/^-?\d+(\.\d+)?$/, "e.orgImport.decimal");
    case "PgBoolean":
      return z.boolean();
    case "PgTimestamp":
      return z.iso.datetime({ offset: true });
    case "PgDateString":
      return z.iso.date();
    case "PgJsonb":
      return z.json();
    case "PgArray":
      return z.array(valueSchema((col as unknown as { baseColumn: Column }).baseColumn));
    default:
      throw new Error(`No export rule for column type ${col.columnType} (${col.name})`);
  }
}

function columnSchema(col: Column): z.ZodType {
  let s = valueSchema(col);
  if (!col.notNull) s = s.nullable();
  if (!col.notNull || col.hasDefault) s = s.optional();
  return s;
}

/** The row schema of a table: its columns, less the omitted ones (and less audit ids, which are regenerated). */
export function rowSchema(name: string, table: Table, only?: readonly string[]): z.ZodObject {
  const omitted = OMITTED_COLUMNS[name] ?? {};
  const shape: Record<string, z.ZodType> = {};
  for (const [key, col] of Object.entries(getTableColumns(table))) {
    if (key in omitted) continue;
    if (only && !only.includes(key)) continue;
    // Exported, but required only where the database needs it: a regenerated identity is optional.
    shape[key] = (col as { generated?: unknown; generatedIdentity?: unknown }).generatedIdentity ? columnSchema(col).optional() : columnSchema(col);
  }
  return z.strictObject(shape);
}

let cached: z.ZodType | undefined;

/** The whole document. Unknown tables or columns are errors (a newer export, or a hand-edited file). */
export function documentSchema(): z.ZodType<OrgExportDocument> {
  if (cached) return cached as z.ZodType<OrgExportDocument>;
  const tables: Record<string, z.ZodType> = {
    users: z.array(rowSchema("users", users, USER_EXPORT_COLUMNS)),
  };
  for (const t of exportTables()) tables[t.name] = z.array(rowSchema(t.name, t.table));
  cached = z.strictObject({
    format: z.literal(EXPORT_FORMAT, { error: "e.orgImport.notAnExport" }),
    version: z.literal(EXPORT_VERSION, { error: `e.orgImport.version|version=${EXPORT_VERSION}` }),
    exportedAt: z.iso.datetime({ offset: true }),
    org: rowSchema("organizations", organizations),
    omitted: z.record(z.string(), z.unknown()).optional(),
    tables: z.strictObject(tables),
  });
  return cached as z.ZodType<OrgExportDocument>;
}

export type ExportRow = Record<string, unknown>;

export interface OrgExportDocument {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  org: ExportRow & { id: string; slug: string; name: string };
  /** What is deliberately left out, and why (informational; ignored on import). */
  omitted?: Record<string, unknown>;
  /** users first, then every exported table in foreign-key order. */
  tables: Record<string, ExportRow[]>;
}

export const ZImportInput = z.object({
  /** The document as parsed JSON (validated by documentSchema in the service, for row-level messages). */
  document: z.unknown(),
});
