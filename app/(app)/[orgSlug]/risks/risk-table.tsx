"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { ArrowDown, ArrowUp, ArrowUpDown, Columns3 } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useMemo, useState, useSyncExternalStore, type ReactNode } from "react";
import type { AppRouter } from "@/server/api/root";
import { Badge, Card } from "@/app/_components/ui/card";
import { Button, buttonClass } from "@/app/_components/ui/button";
import { cn } from "@/app/_components/ui/cn";
import { LazyMenu } from "@/app/_components/ui/lazy-menu";
import { useOrg } from "@/app/_components/app/org-context";
import { dateOf, LevelBadge, RiskFlags, RiskStatusBadge, useRiskLabels } from "@/app/_components/risks/risk-ui";

export type RiskItem = inferRouterOutputs<AppRouter>["risk"]["list"]["items"][number];

/** One sort entry, as TanStack Table's SortingState had it (the URL keeps it: filters.ts). */
export type SortingState = { id: string; desc: boolean }[];
type ColumnVisibilityState = Record<string, boolean>;

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

interface Column {
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
function firstSortDir(col: Column, items: RiskItem[]): "asc" | "desc" {
  if (col.sortDescFirst) return "desc";
  for (const r of items.slice(0, 10)) {
    const v = col.value(r);
    if (v == null) continue;
    return typeof v === "string" ? "asc" : "desc";
  }
  return "desc";
}

/** The rows in the sort's order (ties keep the list's order). */
function sortRows(items: RiskItem[], columns: Column[], sorting: SortingState): RiskItem[] {
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

const LEVEL_RANK: Record<string, number> = { low: 1, medium: 2, high: 3, critical: 4 };
const PAGE_SIZE = 50;

/** Columns that start hidden; the chooser's choices are kept in this browser. */
const DEFAULT_HIDDEN: ColumnVisibilityState = { appetite: false, strategy: false, openActions: false, tags: false, department: false };
const STORAGE_KEY = "lodestar.risks.columns";
const STORAGE_EVENT = "lodestar-risk-columns";

function subscribeColumns(cb: () => void) {
  window.addEventListener("storage", cb);
  window.addEventListener(STORAGE_EVENT, cb);
  return () => {
    window.removeEventListener("storage", cb);
    window.removeEventListener(STORAGE_EVENT, cb);
  };
}
const readColumns = () => {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? "";
  } catch {
    return "";
  }
};

function useColumnVisibility(): [ColumnVisibilityState, (v: ColumnVisibilityState) => void] {
  const raw = useSyncExternalStore(subscribeColumns, readColumns, () => "");
  const value = useMemo<ColumnVisibilityState>(() => {
    try {
      const saved = raw ? (JSON.parse(raw) as unknown) : null;
      if (saved && typeof saved === "object" && !Array.isArray(saved)) {
        const clean: ColumnVisibilityState = {};
        for (const [k, v] of Object.entries(saved)) if (typeof v === "boolean") clean[k] = v;
        return { ...DEFAULT_HIDDEN, ...clean };
      }
    } catch {
      // A damaged value falls back to the defaults.
    }
    return DEFAULT_HIDDEN;
  }, [raw]);
  const set = (v: ColumnVisibilityState) => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(v));
    } catch {
      // Private mode: the choice lasts until the page is left.
    }
    window.dispatchEvent(new Event(STORAGE_EVENT));
  };
  return [value, set];
}

/**
 * The register: a table with sortable headers (sort kept in the URL), a column chooser (kept in
 * localStorage) and pages of 50. Each row links to the risk and carries its flags as badges.
 */
export function RiskTable({ items, sorting, onSortingChange }: { items: RiskItem[]; sorting: SortingState; onSortingChange: (s: SortingState) => void }) {
  const t = useTranslations("risks");
  const format = useFormatter();
  const org = useOrg();
  const labels = useRiskLabels();
  const [columnVisibility, setColumnVisibility] = useColumnVisibility();
  const sortKey = sorting.map((x) => `${x.desc ? "-" : ""}${x.id}`).join(",");
  const [page, setPage] = useState({ pageIndex: 0, items, sortKey });

  const columns = useMemo<Column[]>(
    () =>
      [
        {
          id: "title",
          value: (r: RiskItem) => r.title,
          header: t("col.title"),
          sortFn: "text",
          enableHiding: false,
          cell: (r) => (
              <div className="min-w-44 space-y-1 sm:min-w-52">
                <Link href={`/${org.slug}/risks/${r.id}`} className="font-medium hover:text-brand-700 hover:underline dark:hover:text-brand-100">
                  {r.title}
                </Link>
                {/* Phones see the level, score and status here without scrolling sideways. */}
                <div className="flex flex-wrap items-center gap-1.5 text-xs sm:hidden">
                  <LevelBadge level={r.level} score={r.score} testId={null} />
                  <span className="text-zinc-500">{labels.status(r.status)}</span>
                </div>
                <RiskFlags
                  warning={!!r.warningAt}
                  reviewOverdue={r.reviewOverdue}
                  // An accepted risk is above appetite by decision: nothing to act on until the acceptance ends.
                  aboveAppetite={r.aboveAppetite && r.status !== "accepted"}
                  acceptancePending={r.acceptancePending}
                />
              </div>
          ),
        },
        {
          value: (r: RiskItem) => labels.category(r.category),
          id: "category",
          header: t("col.category"),
          sortFn: "text",
          cell: (_r, v) => <span className="whitespace-nowrap">{(v as ReactNode)}</span>,
        },
        {
          value: (r: RiskItem) => (r.level ? (LEVEL_RANK[r.level] ?? 0) : undefined),
          id: "level",
          header: t("col.level"),
          sortFn: "basic",
          sortUndefined: "last",
          sortDescFirst: true,
          cell: (r) => <LevelBadge level={r.level} />,
        },
        {
          value: (r: RiskItem) => r.residualScore ?? undefined,
          id: "residual",
          header: t("col.residual"),
          sortFn: "basic",
          sortUndefined: "last",
          sortDescFirst: true,
          cell: (r) => <ScoreCell l={r.residualLikelihood} i={r.residualImpact} score={r.residualScore} />,
        },
        {
          value: (r: RiskItem) => r.inherentScore ?? undefined,
          id: "inherent",
          header: t("col.inherent"),
          sortFn: "basic",
          sortUndefined: "last",
          sortDescFirst: true,
          cell: (r) => <ScoreCell l={r.inherentLikelihood} i={r.inherentImpact} score={r.inherentScore} />,
        },
        {
          id: "appetite",
          value: (r: RiskItem) => r.appetite,
          header: t("col.appetite"),
          sortFn: "basic",
          cell: (_r, v) => <span className="tabular-nums">{(v as ReactNode)}</span>,
        },
        {
          value: (r: RiskItem) => labels.status(r.status),
          id: "status",
          header: t("col.status"),
          sortFn: "text",
          cell: (r) => (
            <div className="space-y-0.5">
              <RiskStatusBadge status={r.status} />
              {r.status === "accepted" && r.acceptedUntil && (
                <p className="whitespace-nowrap text-xs text-zinc-500">
                  {t("acceptedUntilShort", { date: format.dateTime(dateOf(r.acceptedUntil), { dateStyle: "medium", timeZone: "UTC" }) })}
                </p>
              )}
            </div>
          ),
        },
        {
          id: "owner",
          value: (r: RiskItem) => r.ownerName,
          header: t("col.owner"),
          sortFn: "text",
          cell: (_r, v) => <span className="whitespace-nowrap">{(v as ReactNode)}</span>,
        },
        {
          value: (r: RiskItem) => r.departmentName ?? undefined,
          id: "department",
          header: t("col.department"),
          sortFn: "text",
          sortUndefined: "last",
          cell: (_r, v) => (v as ReactNode) ?? <span className="text-zinc-400">—</span>,
        },
        {
          value: (r: RiskItem) => (r.strategy ? labels.strategy(r.strategy) : undefined),
          id: "strategy",
          header: t("col.strategy"),
          sortFn: "text",
          sortUndefined: "last",
          cell: (_r, v) => (v as ReactNode) ?? <span className="text-zinc-400">—</span>,
        },
        {
          value: (r: RiskItem) => r.nextReviewOn ?? undefined,
          id: "nextReview",
          header: t("col.nextReview"),
          sortFn: "alphanumeric",
          sortUndefined: "last",
          cell: (r) => {
            const d = r.nextReviewOn;
            if (!d) return <span className="text-zinc-400">—</span>;
            return (
              <time dateTime={d} className={cn("whitespace-nowrap", r.reviewOverdue && "font-medium text-amber-700 dark:text-amber-400")}>
                {format.dateTime(dateOf(d), { dateStyle: "medium", timeZone: "UTC" })}
              </time>
            );
          },
        },
        {
          id: "openActions",
          value: (r: RiskItem) => r.openActions,
          header: t("col.openActions"),
          sortFn: "basic",
          cell: (_r, v) => <span className="tabular-nums">{(v as ReactNode)}</span>,
        },
        {
          value: (r: RiskItem) => r.tags.join(", "),
          id: "tags",
          header: t("col.tags"),
          sortFn: "text",
          cell: (r) => (
            <div className="flex flex-wrap gap-1">
              {r.tags.map((tag) => (
                <Badge key={tag}>{tag}</Badge>
              ))}
            </div>
          ),
        },
      ],
    // Labels change with the language only; the org slug with the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, org.slug, format],
  );

  // Pages of 50; the page goes back to the first when the list or the sort changes.
  const pageIndex = page.items === items && page.sortKey === sortKey ? page.pageIndex : 0;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the sort's value (sortKey), not the array's identity
  const sorted = useMemo(() => sortRows(items, columns, sorting), [items, columns, sortKey]);
  const pageCount = Math.ceil(sorted.length / PAGE_SIZE);
  const rows = sorted.slice(pageIndex * PAGE_SIZE, (pageIndex + 1) * PAGE_SIZE);
  const goTo = (i: number) => setPage({ pageIndex: i, items, sortKey });
  const visible = columns.filter((c) => columnVisibility[c.id] ?? true);
  const sortOf = (id: string) => {
    const s = sorting.find((x) => x.id === id);
    return s ? (s.desc ? "desc" : "asc") : false;
  };
  /** The header's click: first direction, then the other, then no sort (TanStack's cycle). */
  const toggleSort = (col: Column) => {
    const first = firstSortDir(col, items);
    const now = sortOf(col.id);
    const next = !now ? first : now !== first ? false : now === "desc" ? "asc" : "desc";
    onSortingChange(next ? [{ id: col.id, desc: next === "desc" }] : []);
  };

  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm text-zinc-600 dark:text-zinc-400" role="status" aria-live="polite">
          {t("count", { count: items.length })}
        </p>
        <ColumnChooser
          columns={columns.filter((c) => c.enableHiding !== false).map((c) => ({ id: c.id, header: c.header, visible: columnVisibility[c.id] ?? true }))}
          onToggle={(id, v) => setColumnVisibility({ ...columnVisibility, [id]: v })}
          onReset={() => setColumnVisibility({ ...DEFAULT_HIDDEN })}
        />
      </div>
      <Card className="relative overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:border-zinc-800">
            <tr>
              {visible.map((col) => {
                const sorted = sortOf(col.id);
                return (
                  <th
                    key={col.id}
                    scope="col"
                    className="whitespace-nowrap px-3 py-2 font-medium"
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                  >
                    <button
                      type="button"
                      onClick={() => toggleSort(col)}
                      className="-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
                      data-sort-column={col.id}
                    >
                      {col.header}
                      {sorted === "asc" ? (
                        <ArrowUp className="size-3.5" aria-hidden />
                      ) : sorted === "desc" ? (
                        <ArrowDown className="size-3.5" aria-hidden />
                      ) : (
                        <ArrowUpDown className="size-3.5 opacity-40" aria-hidden />
                      )}
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {rows.map((r) => (
              <tr key={r.id} data-testid="risk-row" data-risk-id={r.id} className={cn(r.status === "closed" && "text-zinc-500")}>
                {visible.map((col) => (
                  <td key={col.id} className="px-3 py-2.5 align-top">
                    {col.cell(r, col.value(r))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      {pageCount > 1 && (
        <nav className="flex items-center justify-end gap-2 text-sm" aria-label={t("pagination")}>
          <span className="text-zinc-600 dark:text-zinc-400">{t("page", { page: pageIndex + 1, pages: pageCount })}</span>
          <Button size="sm" variant="secondary" disabled={pageIndex <= 0} onClick={() => goTo(pageIndex - 1)}>
            {t("previousPage")}
          </Button>
          <Button size="sm" variant="secondary" disabled={pageIndex >= pageCount - 1} onClick={() => goTo(pageIndex + 1)}>
            {t("nextPage")}
          </Button>
        </nav>
      )}
    </div>
  );
}

function ScoreCell({ l, i, score }: { l: number | null; i: number | null; score: number | null }) {
  const t = useTranslations("risks");
  if (score == null || l == null || i == null) return <span className="text-zinc-400">—</span>;
  return (
    <span className="whitespace-nowrap tabular-nums" title={t("scoreTitle", { likelihood: l, impact: i, score })}>
      <span className="font-semibold">{score}</span> <span className="text-xs text-zinc-500">({l}×{i})</span>
    </span>
  );
}

/** A column the chooser offers (every one but the title). */
export interface ChooserColumn {
  id: string;
  header: string;
  visible: boolean;
}

const loadColumnMenu = () => import("./column-menu").then((m) => m.ColumnMenu);

/** Show/hide columns; the title always stays (the menu, ./column-menu.tsx, loads on first use). */
function ColumnChooser({ columns, onToggle, onReset }: { columns: ChooserColumn[]; onToggle: (id: string, visible: boolean) => void; onReset: () => void }) {
  const t = useTranslations("risks");
  return (
    <LazyMenu
      load={loadColumnMenu}
      props={{ columns, onToggle, onReset }}
      trigger={{
        className: buttonClass("secondary", "sm"),
        "data-testid": "risk-columns",
        children: (
          <>
            <Columns3 className="size-4" aria-hidden /> {t("columns")}
          </>
        ),
      }}
    />
  );
}
