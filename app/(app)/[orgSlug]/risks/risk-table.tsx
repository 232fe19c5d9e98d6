"use client";

import {
  columnVisibilityFeature,
  createColumnHelper,
  createPaginatedRowModel,
  createSortedRowModel,
  rowPaginationFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
  useTable,
  type ColumnVisibilityState,
  type PaginationState,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import { ArrowDown, ArrowUp, ArrowUpDown, Columns3 } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useMemo, useState, useSyncExternalStore } from "react";
import type { AppRouter } from "@/server/api/root";
import { Badge, Card } from "@/app/_components/ui/card";
import { Button, buttonClass } from "@/app/_components/ui/button";
import { cn } from "@/app/_components/ui/cn";
import { LazyMenu } from "@/app/_components/ui/lazy-menu";
import { useOrg } from "@/app/_components/app/org-context";
import { dateOf, LevelBadge, RiskFlags, RiskStatusBadge, useRiskLabels } from "@/app/_components/risks/risk-ui";

export type RiskItem = inferRouterOutputs<AppRouter>["risk"]["list"]["items"][number];

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, basic: sortFn_basic },
  columnVisibilityFeature,
  rowPaginationFeature,
  paginatedRowModel: createPaginatedRowModel(),
});
const helper = createColumnHelper<typeof features, RiskItem>();

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

const resolve = <T,>(u: Updater<T>, old: T): T => (typeof u === "function" ? (u as (o: T) => T)(old) : u);

/**
 * The register: TanStack Table with sortable headers (sort kept in the URL), a column chooser (kept in
 * localStorage) and pages of 50. Each row links to the risk and carries its flags as badges.
 */
export function RiskTable({ items, sorting, onSortingChange }: { items: RiskItem[]; sorting: SortingState; onSortingChange: (s: SortingState) => void }) {
  const t = useTranslations("risks");
  const format = useFormatter();
  const org = useOrg();
  const labels = useRiskLabels();
  const [columnVisibility, setColumnVisibility] = useColumnVisibility();
  const [pagination, setPagination] = useState<PaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE });

  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor("title", {
          header: t("col.title"),
          sortFn: "text",
          enableHiding: false,
          cell: ({ row }) => {
            const r = row.original;
            return (
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
            );
          },
        }),
        helper.accessor((r) => labels.category(r.category), {
          id: "category",
          header: t("col.category"),
          sortFn: "text",
          cell: (c) => <span className="whitespace-nowrap">{c.getValue()}</span>,
        }),
        helper.accessor((r) => (r.level ? (LEVEL_RANK[r.level] ?? 0) : undefined), {
          id: "level",
          header: t("col.level"),
          sortFn: "basic",
          sortUndefined: "last",
          sortDescFirst: true,
          cell: ({ row }) => <LevelBadge level={row.original.level} />,
        }),
        helper.accessor((r) => r.residualScore ?? undefined, {
          id: "residual",
          header: t("col.residual"),
          sortFn: "basic",
          sortUndefined: "last",
          sortDescFirst: true,
          cell: ({ row }) => <ScoreCell l={row.original.residualLikelihood} i={row.original.residualImpact} score={row.original.residualScore} />,
        }),
        helper.accessor((r) => r.inherentScore ?? undefined, {
          id: "inherent",
          header: t("col.inherent"),
          sortFn: "basic",
          sortUndefined: "last",
          sortDescFirst: true,
          cell: ({ row }) => <ScoreCell l={row.original.inherentLikelihood} i={row.original.inherentImpact} score={row.original.inherentScore} />,
        }),
        helper.accessor("appetite", {
          header: t("col.appetite"),
          sortFn: "basic",
          cell: (c) => <span className="tabular-nums">{c.getValue()}</span>,
        }),
        helper.accessor((r) => labels.status(r.status), {
          id: "status",
          header: t("col.status"),
          sortFn: "text",
          cell: ({ row }) => (
            <div className="space-y-0.5">
              <RiskStatusBadge status={row.original.status} />
              {row.original.status === "accepted" && row.original.acceptedUntil && (
                <p className="whitespace-nowrap text-xs text-zinc-500">
                  {t("acceptedUntilShort", { date: format.dateTime(dateOf(row.original.acceptedUntil), { dateStyle: "medium", timeZone: "UTC" }) })}
                </p>
              )}
            </div>
          ),
        }),
        helper.accessor("ownerName", {
          id: "owner",
          header: t("col.owner"),
          sortFn: "text",
          cell: (c) => <span className="whitespace-nowrap">{c.getValue()}</span>,
        }),
        helper.accessor((r) => r.departmentName ?? undefined, {
          id: "department",
          header: t("col.department"),
          sortFn: "text",
          sortUndefined: "last",
          cell: (c) => c.getValue() ?? <span className="text-zinc-400">—</span>,
        }),
        helper.accessor((r) => (r.strategy ? labels.strategy(r.strategy) : undefined), {
          id: "strategy",
          header: t("col.strategy"),
          sortFn: "text",
          sortUndefined: "last",
          cell: (c) => c.getValue() ?? <span className="text-zinc-400">—</span>,
        }),
        helper.accessor((r) => r.nextReviewOn ?? undefined, {
          id: "nextReview",
          header: t("col.nextReview"),
          sortFn: "alphanumeric",
          sortUndefined: "last",
          cell: ({ row }) => {
            const d = row.original.nextReviewOn;
            if (!d) return <span className="text-zinc-400">—</span>;
            return (
              <time dateTime={d} className={cn("whitespace-nowrap", row.original.reviewOverdue && "font-medium text-amber-700 dark:text-amber-400")}>
                {format.dateTime(dateOf(d), { dateStyle: "medium", timeZone: "UTC" })}
              </time>
            );
          },
        }),
        helper.accessor("openActions", {
          header: t("col.openActions"),
          sortFn: "basic",
          cell: (c) => <span className="tabular-nums">{c.getValue()}</span>,
        }),
        helper.accessor((r) => r.tags.join(", "), {
          id: "tags",
          header: t("col.tags"),
          sortFn: "text",
          cell: ({ row }) => (
            <div className="flex flex-wrap gap-1">
              {row.original.tags.map((tag) => (
                <Badge key={tag}>{tag}</Badge>
              ))}
            </div>
          ),
        }),
      ]),
    // Labels change with the language only; the org slug with the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, org.slug, format],
  );

  const table = useTable({
    features,
    columns,
    data: items,
    getRowId: (r) => r.id,
    state: { sorting, columnVisibility, pagination },
    onSortingChange: (u) => onSortingChange(resolve(u, sorting)),
    onColumnVisibilityChange: (u) => setColumnVisibility(resolve(u, columnVisibility)),
    onPaginationChange: (u) => setPagination((old) => resolve(u, old)),
    enableSortingRemoval: true,
    enableMultiSort: false,
  });

  const rows = table.getRowModel().rows;
  const pageCount = table.getPageCount();

  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm text-zinc-600 dark:text-zinc-400" role="status" aria-live="polite">
          {t("count", { count: items.length })}
        </p>
        <ColumnChooser table={table} />
      </div>
      <Card className="relative overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:border-zinc-800">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className="whitespace-nowrap px-3 py-2 font-medium"
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    >
                      {header.isPlaceholder ? null : header.column.getCanSort() ? (
                        <button
                          type="button"
                          onClick={header.column.getToggleSortingHandler()}
                          className="-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
                          data-sort-column={header.column.id}
                        >
                          <table.FlexRender header={header} />
                          {sorted === "asc" ? (
                            <ArrowUp className="size-3.5" aria-hidden />
                          ) : sorted === "desc" ? (
                            <ArrowDown className="size-3.5" aria-hidden />
                          ) : (
                            <ArrowUpDown className="size-3.5 opacity-40" aria-hidden />
                          )}
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {rows.map((row) => (
              <tr key={row.id} data-testid="risk-row" data-risk-id={row.original.id} className={cn(row.original.status === "closed" && "text-zinc-500")}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-2.5 align-top">
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      {pageCount > 1 && (
        <nav className="flex items-center justify-end gap-2 text-sm" aria-label={t("pagination")}>
          <span className="text-zinc-600 dark:text-zinc-400">{t("page", { page: pagination.pageIndex + 1, pages: pageCount })}</span>
          <Button size="sm" variant="secondary" disabled={!table.getCanPreviousPage()} onClick={() => table.previousPage()}>
            {t("previousPage")}
          </Button>
          <Button size="sm" variant="secondary" disabled={!table.getCanNextPage()} onClick={() => table.nextPage()}>
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

export type RiskTableInstance = ReturnType<typeof useTable<typeof features, RiskItem>>;

const loadColumnMenu = () => import("./column-menu").then((m) => m.ColumnMenu);

/** Show/hide columns; the title always stays (the menu, ./column-menu.tsx, loads on first use). */
function ColumnChooser({ table }: { table: RiskTableInstance }) {
  const t = useTranslations("risks");
  return (
    <LazyMenu
      load={loadColumnMenu}
      props={{ table, onReset: () => table.setColumnVisibility({ ...DEFAULT_HIDDEN }) }}
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
