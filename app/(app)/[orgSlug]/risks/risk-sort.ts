import type { ReactNode } from "react";
import type { RiskItem } from "./risk-table";

/**
 * The risk register's sorting (risk-table.tsx), pure: TanStack Table's semantics, which the table used
 * before, kept exactly (tests/unit/risk-sort.test.ts).
 */

/** One sort entry, as TanStack Table's SortingState had it (the URL keeps it: filters.ts). */
export type SortingState = { id: string; desc: boolean }[];

/**
 * The comparators of TanStack Table (which this table used before; its sorting semantics are kept
 * exactly): "text" compares lower-cased strings, "basic" raw values; ties keep the list's order.
 * "nextReview" holds ISO dates (YYYY-MM-DD), for which TanStack's "alphanumeric" order is the plain one.
 */
const compareBasic = (a: unknown, b: unknown) => (a === b ? 0 : (a as number) > (b as number) ? 1 : -1);
const toText = (a: unknown) => (typeof a === "number" ? (Number.isFinite(a) ? String(a) : "") : typeof a === "string" ? a : "");
const SORT_FNS = {
  text: (a: unknown, b: unknown) => compareBasic(toText(a).toLowerCase(), toText(b).toLowerCase()),
  basic: compareBasic,
  alphanumeric: (a: unknown, b: unknown) => compareBasic(toText(a).toLowerCase(), toText(b).toLowerCase()),
};

export interface Column {
  id: string;
  header: string;
  value: (r: RiskItem) => unknown;
  sortFn: keyof typeof SORT_FNS;
  /** Rows without a value sort last in both directions. */
  sortUndefined?: "last";
  sortDescFirst?: boolean;
  enableHiding?: false;
  cell: (r: RiskItem, value: unknown) => ReactNode;
}

/** The first direction of a column's sort cycle: as TanStack's auto rule (the first non-empty of the first 10 values: text ascending, else descending). */
export function firstSortDir(col: Column, items: RiskItem[]): "asc" | "desc" {
  if (col.sortDescFirst) return "desc";
  for (const r of items.slice(0, 10)) {
    const v = col.value(r);
    if (v == null) continue;
    return typeof v === "string" ? "asc" : "desc";
  }
  return "desc";
}

/** The sort after a click on a column's header: first direction, then the other, then no sort (TanStack's cycle, removal on). */
export function nextSorting(col: Column, items: RiskItem[], sorting: SortingState): SortingState {
  const cur = sorting.find((x) => x.id === col.id);
  const now = cur ? (cur.desc ? "desc" : "asc") : false;
  const first = firstSortDir(col, items);
  const next = !now ? first : now !== first ? false : now === "desc" ? "asc" : "desc";
  return next ? [{ id: col.id, desc: next === "desc" }] : [];
}

/** The rows in the sort's order (ties keep the list's order). */
export function sortRows(items: RiskItem[], columns: Column[], sorting: SortingState): RiskItem[] {
  const entries = sorting.map((s) => ({ ...s, col: columns.find((c) => c.id === s.id) })).filter((s) => s.col);
  if (!entries.length) return items;
  const indexed = items.map((r, index) => ({ r, index }));
  indexed.sort((a, b) => {
    for (const { desc, col } of entries) {
      const av = col!.value(a.r);
      const bv = col!.value(b.r);
      if (col!.sortUndefined) {
        const au = av === undefined;
        const bu = bv === undefined;
        if (au && bu) continue;
        if (au || bu) return au ? 1 : -1;
      }
      let n = SORT_FNS[col!.sortFn](av, bv);
      if (n !== 0) {
        if (desc) n *= -1;
        return n;
      }
    }
    return a.index - b.index;
  });
  return indexed.map((x) => x.r);
}
