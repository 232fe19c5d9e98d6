import { describe, expect, it } from "vitest";
import { firstSortDir, nextSorting, sortRows, type Column } from "@/app/(app)/[orgSlug]/risks/risk-sort";
import type { RiskItem } from "@/app/(app)/[orgSlug]/risks/risk-table";

// The register's sort must stay TanStack Table's (which it used before): these pin its rules.
type Row = { id: string; title: string; score?: number; review?: string; appetite: number };
const rows: Row[] = [
  { id: "a", title: "beta", score: 6, review: "2026-03-01", appetite: 8 },
  { id: "b", title: "Alpha", appetite: 12 },
  { id: "c", title: "alpha", score: 6, review: "2026-01-15", appetite: 8 },
  { id: "d", title: "Gamma", score: 20, appetite: 4 },
];
const items = rows as unknown as RiskItem[];
const col = (c: Partial<Column> & Pick<Column, "id" | "value" | "sortFn">): Column => ({ header: c.id, cell: () => null, ...c });
const title = col({ id: "title", value: (r) => (r as unknown as Row).title, sortFn: "text" });
const score = col({ id: "score", value: (r) => (r as unknown as Row).score, sortFn: "basic", sortUndefined: "last", sortDescFirst: true });
const review = col({ id: "review", value: (r) => (r as unknown as Row).review, sortFn: "alphanumeric", sortUndefined: "last" });
const appetite = col({ id: "appetite", value: (r) => (r as unknown as Row).appetite, sortFn: "basic" });
const cols = [title, score, review, appetite];
const ids = (s: { id: string; desc: boolean }[]) => sortRows(items, cols, s).map((r) => r.id);

describe("risk register sorting", () => {
  it("text is case-insensitive and ties keep the list's order", () => {
    expect(ids([{ id: "title", desc: false }])).toEqual(["b", "c", "a", "d"]);
    expect(ids([{ id: "title", desc: true }])).toEqual(["d", "a", "b", "c"]);
  });
  it("empty values sort last in both directions", () => {
    expect(ids([{ id: "score", desc: true }])).toEqual(["d", "a", "c", "b"]);
    expect(ids([{ id: "score", desc: false }])).toEqual(["a", "c", "d", "b"]);
    expect(ids([{ id: "review", desc: true }])).toEqual(["a", "c", "b", "d"]);
  });
  it("no sort (or an unknown column) keeps the list's order", () => {
    expect(ids([])).toEqual(["a", "b", "c", "d"]);
    expect(ids([{ id: "nope", desc: true }])).toEqual(["a", "b", "c", "d"]);
  });
  it("the first direction: the column's own, else text ascending and numbers descending (first non-empty value)", () => {
    expect(firstSortDir(title, items)).toBe("asc");
    expect(firstSortDir(score, items)).toBe("desc");
    expect(firstSortDir(appetite, items)).toBe("desc");
    expect(firstSortDir(review, items)).toBe("asc");
    expect(firstSortDir(review, [items[1]!])).toBe("desc");
  });
  it("a header click cycles first direction → other → no sort", () => {
    let s = nextSorting(title, items, []);
    expect(s).toEqual([{ id: "title", desc: false }]);
    s = nextSorting(title, items, s);
    expect(s).toEqual([{ id: "title", desc: true }]);
    expect(nextSorting(title, items, s)).toEqual([]);
    expect(nextSorting(score, items, [{ id: "title", desc: true }])).toEqual([{ id: "score", desc: true }]);
    expect(nextSorting(score, items, [{ id: "score", desc: true }])).toEqual([{ id: "score", desc: false }]);
    expect(nextSorting(score, items, [{ id: "score", desc: false }])).toEqual([]);
  });
});
