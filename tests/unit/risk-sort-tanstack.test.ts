/* eslint-disable @typescript-eslint/no-explicit-any -- TanStack's generic table types are beside the point here */
/**
 * Differential check: the register's own sort (risk-sort.ts) against @tanstack/table-core's sorted row model
 * with the same column options. Delete with the @tanstack/react-table dependency once nothing else uses it.
 */
import { expect, it } from "vitest";
import { constructTable, createSortedRowModel, rowSortingFeature, sortFn_alphanumeric, sortFn_basic, sortFn_text, tableFeatures } from "@tanstack/table-core";
import { batch, createAtom } from "@tanstack/react-store";
import { renderPhaseReactivity } from "@tanstack/table-core/reactivity";
import { firstSortDir, sortRows, type Column } from "@/app/(app)/[orgSlug]/risks/risk-sort";

it("sorts and picks the first direction exactly as TanStack Table (which the register used before) on random rows", () => {
  let seed = 7; const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const words = ["alpha", "Alpha", "beta", "Gamma", "delta", "b10", "b9", ""];
  for (let trial = 0; trial < 300; trial++) {
    const n = 1 + Math.floor(rnd() * 12);
    const data = Array.from({ length: n }, (_, i) => ({ id: String(i), t: words[Math.floor(rnd() * words.length)]!, s: rnd() < 0.3 ? undefined : Math.floor(rnd() * 5), d: rnd() < 0.3 ? undefined : `2026-0${1 + Math.floor(rnd() * 3)}-1${Math.floor(rnd() * 3)}`, a: Math.floor(rnd() * 3) }));
    const defs = [
      { id: "t", fn: "text", acc: (r: any) => r.t },
      { id: "s", fn: "basic", acc: (r: any) => r.s, sortUndefined: "last" as const, sortDescFirst: true },
      { id: "d", fn: "alphanumeric", acc: (r: any) => r.d, sortUndefined: "last" as const },
      { id: "a", fn: "basic", acc: (r: any) => r.a },
      { id: "d2", fn: "text", acc: (r: any) => r.d, sortUndefined: "last" as const },
    ];
    const mine: Column[] = defs.map((d) => ({ id: d.id, header: d.id, value: d.acc, sortFn: d.fn as any, sortUndefined: d.sortUndefined, sortDescFirst: d.sortDescFirst, cell: () => null }));
    for (const def of defs) for (const desc of [false, true]) {
      const sorting = [{ id: def.id, desc }];
      const features = tableFeatures({ coreReactivityFeature: renderPhaseReactivity({ createAtom, batch } as any), rowSortingFeature, sortedRowModel: createSortedRowModel(), sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, basic: sortFn_basic } } as any);
      let state: any = { sorting };
      const table: any = constructTable({ features, columns: defs.map((d) => ({ id: d.id, accessorFn: d.acc, sortFn: d.fn, sortUndefined: d.sortUndefined, sortDescFirst: d.sortDescFirst })), data, getRowId: (r: any) => r.id, state, onSortingChange: (u: any) => { state = { sorting: typeof u === "function" ? u(state.sorting) : u }; }, enableSortingRemoval: true, enableMultiSort: false } as any);
      const theirs = table.getSortedRowModel().rows.map((r: any) => r.id);
      expect(sortRows(data as any, mine, sorting).map((r: any) => r.id)).toEqual(theirs);
      const col = table.getColumn(def.id);
      expect(firstSortDir(mine.find((m) => m.id === def.id)!, data as any)).toBe(col.getFirstSortDir());
    }
  }
});
