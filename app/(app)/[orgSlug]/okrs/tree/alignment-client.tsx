"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { ArrowLeftRight, ChevronRight, ChevronsDownUp, ChevronsUpDown, Link2 } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useMemo, useState } from "react";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Badge, Card, EmptyState } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { useOrg } from "@/app/_components/app/org-context";
import { ConfidenceBadge } from "@/app/_components/okrs/confidence-badge";
import { PeriodSelect } from "@/app/_components/okrs/period-select";
import { ProgressBar } from "@/app/_components/okrs/progress-bar";
import { branchKeys, buildAlignmentTree, type TreeEntry } from "./build-tree";
import { LEVEL_STYLES, Pill } from "./pill";

type TreeNode = inferRouterOutputs<AppRouter>["objective"]["tree"]["nodes"][number];
type Rollup = inferRouterOutputs<AppRouter>["period"]["rollup"];

/** Statuses worth flagging in the tree (the usual ones, approved / active / closed, are not). */
const FLAGGED_STATUS = new Set<TreeNode["status"]>(["draft", "pending_approval", "cancelled"]);

export function AlignmentClient({ periodId }: { periodId: string }) {
  const t = useTranslations("alignment");
  const org = useOrg();
  const trpc = useTRPC();
  const { data: periods } = useSuspenseQuery(trpc.period.list.queryOptions({ orgSlug: org.slug }));
  const { data: tree } = useSuspenseQuery(trpc.objective.tree.queryOptions({ orgSlug: org.slug, periodId }));
  const { data: rollup } = useSuspenseQuery(trpc.period.rollup.queryOptions({ orgSlug: org.slug, periodId }));

  const roots = useMemo(() => buildAlignmentTree(tree.nodes, tree.edges), [tree]);
  const branches = useMemo(() => branchKeys(roots), [roots]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (key: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const crossLinks = useMemo(() => countCross(roots), [roots]);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <PeriodSelect periods={periods} value={periodId} />
        {branches.length > 0 && (
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" size="sm" onClick={() => setCollapsed(new Set())} disabled={collapsed.size === 0}>
              <ChevronsUpDown className="size-4" aria-hidden /> {t("expandAll")}
            </Button>
            <Button variant="secondary" size="sm" onClick={() => setCollapsed(new Set(branches))} disabled={collapsed.size === branches.length}>
              <ChevronsDownUp className="size-4" aria-hidden /> {t("collapseAll")}
            </Button>
          </div>
        )}
      </div>

      <RollupCards rollup={rollup} />

      {tree.nodes.length === 0 ? (
        <EmptyState
          title={t("emptyTitle")}
          description={t("emptyBody")}
          action={
            <Link
              href={`/${org.slug}/okrs?period=${periodId}`}
              className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-100"
            >
              {t("goToObjectives")}
            </Link>
          }
        />
      ) : (
        <section aria-labelledby="alignment-tree-heading" className="space-y-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="alignment-tree-heading" className="font-semibold">
              {t("treeHeading")}
            </h2>
            <p className="text-xs text-zinc-500">
              {t("summary", { objectives: tree.nodes.length, links: tree.edges.length, cross: crossLinks })}
            </p>
          </div>
          <ul className="space-y-2" data-testid="alignment-tree">
            {roots.map((e) => (
              <TreeItem key={e.key} entry={e} collapsed={collapsed} onToggle={toggle} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function countCross(entries: TreeEntry<TreeNode>[], seen = new Set<string>()): number {
  for (const e of entries) {
    if (e.crossDepartment && e.parent) seen.add(`${e.parent.id}>${e.node.id}`);
    countCross(e.children, seen);
  }
  return seen.size;
}

function RollupCards({ rollup }: { rollup: Rollup }) {
  const t = useTranslations("alignment");
  const depts = [...rollup.departments].sort((a, b) =>
    a.departmentName === null ? 1 : b.departmentName === null ? -1 : a.departmentName.localeCompare(b.departmentName),
  );
  return (
    <section aria-labelledby="alignment-rollup-heading">
      <h2 id="alignment-rollup-heading" className="sr-only">
        {t("rollupHeading")}
      </h2>
      <ul className="grid grid-cols-2 gap-2 sm:gap-3 lg:grid-cols-4">
        <li>
          <Card className="h-full border-brand-100 p-3 sm:p-4 dark:border-brand-600/40" data-testid="rollup-company">
            <p className="text-xs font-medium uppercase tracking-wide text-zinc-500">{t("company")}</p>
            <ProgressBar className="mt-2" value={rollup.company.progress} label={t("progressOf", { name: t("company") })} />
            <p className="mt-1 text-xs text-zinc-500">{t("objectiveCount", { count: rollup.company.objectives })}</p>
          </Card>
        </li>
        {depts.map((d) => {
          const name = d.departmentName ?? t("noDepartment");
          return (
            <li key={d.departmentId ?? "none"}>
              <Card className="h-full p-3 sm:p-4" data-testid="rollup-department">
                <p className="truncate text-sm font-medium" title={name}>
                  {name}
                </p>
                <ProgressBar className="mt-2" value={d.progress} label={t("progressOf", { name })} />
                <p className="mt-1 text-xs text-zinc-500">{t("objectiveCount", { count: d.objectives })}</p>
              </Card>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function TreeItem({
  entry,
  collapsed,
  onToggle,
}: {
  entry: TreeEntry<TreeNode>;
  collapsed: ReadonlySet<string>;
  onToggle: (key: string) => void;
}) {
  const t = useTranslations("alignment");
  const org = useOrg();
  const { node, children, otherParents } = entry;
  const hasChildren = children.length > 0;
  const expanded = hasChildren && !collapsed.has(entry.key);
  const groupId = `tree-group-${entry.key.replace(/[^a-zA-Z0-9-]/g, "_")}`;
  const href = `/${org.slug}/okrs/o/${node.id}`;

  return (
    <li>
      <Card
        className={cn("flex gap-2 p-3 sm:gap-3", node.status === "cancelled" && "opacity-70")}
        data-testid="alignment-node"
        data-objective-id={node.id}
      >
        {hasChildren ? (
          <button
            type="button"
            aria-expanded={expanded}
            aria-controls={groupId}
            aria-label={t(expanded ? "collapseNode" : "expandNode", { title: node.title, count: children.length })}
            onClick={() => onToggle(entry.key)}
            className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            <ChevronRight className={cn("size-4 transition-transform", expanded && "rotate-90")} aria-hidden />
          </button>
        ) : (
          <span className="size-7 shrink-0" aria-hidden />
        )}
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <Pill className={LEVEL_STYLES[node.level]}>{t(`level.${node.level}`)}</Pill>
            <Link
              href={href}
              className="min-w-0 break-words font-medium text-zinc-900 hover:text-brand-700 hover:underline focus-visible:underline dark:text-zinc-100 dark:hover:text-brand-100"
            >
              {node.title}
            </Link>
            {FLAGGED_STATUS.has(node.status) && <Badge>{t(`status.${node.status}`)}</Badge>}
            {entry.crossDepartment && (
              <Pill
                className="gap-1 bg-amber-50 text-amber-800 dark:bg-amber-900/30 dark:text-amber-300"
                title={t("crossDepartmentHint", { from: node.departmentName ?? "", to: entry.parent?.departmentName ?? "" })}
                data-testid="cross-department"
              >
                <ArrowLeftRight className="size-3" aria-hidden /> {t("crossDepartment")}
                <span className="sr-only">
                  {" "}
                  ({t("crossDepartmentHint", { from: node.departmentName ?? "", to: entry.parent?.departmentName ?? "" })})
                </span>
              </Pill>
            )}
          </div>
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            {node.departmentName ?? t("noDepartment")} · {node.ownerName}
            {hasChildren && <> · {t("supportedBy", { count: children.length })}</>}
          </p>
          {otherParents.length > 0 && (
            <p className="mt-1 flex items-start gap-1 text-xs text-zinc-600 dark:text-zinc-400" data-testid="also-supports">
              <Link2 className="mt-0.5 size-3 shrink-0" aria-hidden />
              <span>
                {entry.parent ? t("alsoSupports") : t("supports")}{" "}
                {otherParents.map((p, i) => (
                  <span key={p.id}>
                    {i > 0 && ", "}
                    <Link href={`/${org.slug}/okrs/o/${p.id}`} className="font-medium hover:underline">
                      {p.title}
                    </Link>
                  </span>
                ))}
              </span>
            </p>
          )}
          <div className="mt-2 flex flex-col items-start gap-2 sm:flex-row sm:items-center sm:gap-4">
            <ProgressBar
              className="w-full sm:w-64"
              value={node.progress}
              band={node.confidenceBand}
              label={t("progressOf", { name: node.title })}
            />
            <ConfidenceBadge confidence={node.confidence} />
          </div>
        </div>
      </Card>
      {hasChildren && (
        <ul
          id={groupId}
          hidden={!expanded}
          className="ml-3 mt-2 space-y-2 border-l-2 border-zinc-200 pl-2 sm:ml-5 sm:pl-4 dark:border-zinc-800"
        >
          {children.map((c) => (
            <TreeItem key={c.key} entry={c} collapsed={collapsed} onToggle={onToggle} />
          ))}
        </ul>
      )}
    </li>
  );
}
