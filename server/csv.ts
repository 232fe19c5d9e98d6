import Papa from "papaparse";

/** One problem in an uploaded CSV: 1-based data row (header excluded) and column name. */
export interface CsvError {
  row: number;
  column: string;
  message: string;
}

/** Parses CSV text with a header row; strips a UTF-8 BOM; trims header names. */
export function parseCsv(text: string): { rows: Record<string, string>[]; headers: string[]; errors: CsvError[] } {
  const clean = text.replace(/^\uFEFF/, "");
  const res = Papa.parse<Record<string, string>>(clean, {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) => h.trim().toLowerCase(),
    transform: (v) => v.trim(),
  });
  const errors: CsvError[] = res.errors.map((e) => ({
    row: (e.row ?? 0) + 1,
    column: "",
    message: `v.csvParse|detail=${e.message.replace(/\|/g, "/")}`,
  }));
  return { rows: res.data, headers: res.meta.fields ?? [], errors };
}

/** A cell starting with = + - @ (or a tab/CR) would run as a formula in a spreadsheet: neutralise it. */
export function safeCell(v: unknown): string {
  if (typeof v === "number") return String(v);
  const s = v == null ? "" : String(v);
  if (/^-?\d+(\.\d+)?$/.test(s)) return s;
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export function toCsv(headers: string[], rows: unknown[][]): string {
  return Papa.unparse({ fields: headers, data: rows.map((r) => r.map(safeCell)) }, { newline: "\r\n" });
}
