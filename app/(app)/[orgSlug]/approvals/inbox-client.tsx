"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { ChevronRight } from "lucide-react";
import { useFormatter, useNow, useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/app/_trpc/react";
import { Badge, Card, EmptyState, Skeleton } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { cn } from "@/app/_components/ui/cn";
import { Select } from "@/app/_components/ui/field";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import dynamic from "next/dynamic";

// The delegation and settings forms (react-hook-form + zod) load after the inbox itself.
const DelegationCard = dynamic(() => import("./delegation-card").then((m) => m.DelegationCard), {
  loading: () => <Skeleton className="h-40 w-full" />,
});
const SettingsCard = dynamic(() => import("./settings-card").then((m) => m.SettingsCard), {
  loading: () => <Skeleton className="h-40 w-full" />,
});
import { INBOX_PAGE_SIZE, mayListAll, parseInboxParams, REQUEST_STATUSES, SUBJECT_TYPES, type Box } from "./filters";
import { EscalatedBadge, OverdueBadge, RequestStatusBadge, useSubjectTypeLabel } from "./shared";

export function ApprovalsInbox({ myUserId }: { myUserId: string }) {
  const t = useTranslations("approvals.inbox");
  const tc = useTranslations("common");
  const ts = useTranslations("approvals.status");
  const typeLabel = useSubjectTypeLabel();
  const now = useNow({ updateInterval: 60_000 });
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  const mayDelegate = useCan("approval.delegate");
  const maySettings = useCan("approval.settings");
  const filters = parseInboxParams(new URLSearchParams(sp.toString()), org.role);
  const inbox = useInfiniteQuery(
    trpc.approval.inbox.infiniteQueryOptions(
      { orgSlug: org.slug, limit: INBOX_PAGE_SIZE, ...filters },
      { getNextPageParam: (l) => l.nextCursor ?? undefined },
    ),
  );
  const counts = useQuery(trpc.approval.counts.queryOptions({ orgSlug: org.slug }, { refetchInterval: 30_000 }));
  const rows = inbox.data?.pages.flatMap((p) => p.items) ?? [];

  const hrefWith = (changes: Record<string, string | null>) => {
    const p = new URLSearchParams(sp.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    const qs = p.toString();
    return qs ? `${pathname}?${qs}` : pathname;
  };
  const setParam = (key: string, value: string) => router.replace(hrefWith({ [key]: value || null }), { scroll: false });

  const tabs: { box: Box; label: string }[] = [
    { box: "waiting", label: t("tabs.waiting") },
    { box: "mine", label: t("tabs.mine") },
  ];
  if (mayListAll(org.role)) tabs.push({ box: "all", label: org.role === "manager" ? t("tabs.allDepartments") : t("tabs.all") });
  const filtered = !!(filters.status || filters.subjectType);
  const waiting = counts.data?.waiting ?? 0;

  return (
    <div className="space-y-6">
      {(mayDelegate || maySettings) && (
        <div className={cn("grid gap-4", mayDelegate && maySettings && "lg:grid-cols-2")}>
          {mayDelegate && <DelegationCard myUserId={myUserId} />}
          {maySettings && <SettingsCard />}
        </div>
      )}

      <section aria-labelledby="approvals-inbox" className="space-y-4">
        <h2 id="approvals-inbox" className="sr-only">
          {t("heading")}
        </h2>
        <nav aria-label={t("tabs.label")} className="flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800">
          {tabs.map((tab) => {
            const active = filters.box === tab.box;
            return (
              <Link
                key={tab.box}
                href={hrefWith({ box: tab.box === "waiting" ? null : tab.box })}
                scroll={false}
                replace
                aria-current={active ? "page" : undefined}
                data-testid={`approvals-tab-${tab.box}`}
                className={cn(
                  "-mb-px inline-flex items-center gap-1.5 whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium",
                  active
                    ? "border-brand-600 text-brand-700 dark:text-brand-100"
                    : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
                )}
              >
                {tab.label}
                {tab.box === "waiting" && waiting > 0 && (
                  <span className="rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white tabular-nums" aria-label={t("waitingCount", { count: waiting })}>
                    {waiting}
                  </span>
                )}
              </Link>
            );
          })}
        </nav>

        <div className="flex flex-wrap items-center gap-2">
          <Select aria-label={t("filterStatus")} value={filters.status ?? ""} onChange={(e) => setParam("status", e.target.value)} className="w-auto!">
            <option value="">{t("anyStatus")}</option>
            {REQUEST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ts(s)}
              </option>
            ))}
          </Select>
          <Select aria-label={t("filterType")} value={filters.subjectType ?? ""} onChange={(e) => setParam("type", e.target.value)} className="w-auto!">
            <option value="">{t("anyType")}</option>
            {SUBJECT_TYPES.map((s) => (
              <option key={s} value={s}>
                {typeLabel(s)}
              </option>
            ))}
          </Select>
          {filtered && (
            <Link href={hrefWith({ status: null, type: null })} replace scroll={false} className="text-sm text-brand-600 hover:underline">
              {t("clearFilters")}
            </Link>
          )}
        </div>

        {inbox.isPending ? (
          <Card className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-busy="true">
            {Array.from({ length: 3 }, (_, i) => (
              <div key={i} className="space-y-2 px-4 py-3">
                <Skeleton className="h-5 w-2/3" />
                <Skeleton className="h-4 w-1/2" />
              </div>
            ))}
          </Card>
        ) : inbox.isError ? (
          <EmptyState
            title={t("loadFailed")}
            description={inbox.error.message}
            action={
              <Button variant="secondary" onClick={() => inbox.refetch()}>
                {tc("reload")}
              </Button>
            }
          />
        ) : rows.length === 0 ? (
          filtered ? (
            <EmptyState
              title={t("empty.filteredTitle")}
              description={t("empty.filteredBody")}
              action={
                <Link href={hrefWith({ status: null, type: null })} replace scroll={false} className="text-sm font-medium text-brand-600 hover:underline">
                  {t("clearFilters")}
                </Link>
              }
            />
          ) : (
            <EmptyState title={t(`empty.${filters.box}Title`)} description={t(`empty.${filters.box}Body`)} />
          )
        ) : (
          <Card>
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="approvals-list">
              {rows.map((r) => (
                <InboxRow key={r.id} row={r} typeLabel={typeLabel(r.subjectType)} now={now} />
              ))}
            </ul>
            {inbox.hasNextPage && (
              <div className="border-t border-zinc-100 p-3 text-center dark:border-zinc-800">
                <Button variant="secondary" size="sm" loading={inbox.isFetchingNextPage} onClick={() => inbox.fetchNextPage()}>
                  {tc("loadMore")}
                </Button>
              </div>
            )}
          </Card>
        )}
      </section>
    </div>
  );
}

type Row = inferRouterOutputs<AppRouter>["approval"]["inbox"]["items"][number];

function InboxRow({ row: r, typeLabel, now }: { row: Row; typeLabel: string; now: Date }) {
  const t = useTranslations("approvals.inbox");
  const format = useFormatter();
  const org = useOrg();
  const pending = r.status === "pending";
  return (
    <li
      className={cn("flex items-start gap-3 px-4 py-3", r.overdue && "border-l-4 border-l-red-500 bg-red-50/60 dark:bg-red-950/20")}
      data-testid={`approval-row-${r.id}`}
    >
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-1.5">
          <Link href={`/${org.slug}/approvals/${r.id}`} className="font-medium break-words hover:text-brand-700 hover:underline">
            {r.title}
          </Link>
          <RequestStatusBadge status={r.status} />
          {r.overdue && <OverdueBadge />}
          {r.escalatedAt && <EscalatedBadge />}
        </div>
        <p className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
          <Badge className="py-0">{typeLabel}</Badge>
          <span>{t("requestedBy", { name: r.requesterName ?? t("someone") })}</span>
          {r.departmentName && (
            <>
              <span aria-hidden>·</span>
              <span>{r.departmentName}</span>
            </>
          )}
          <span aria-hidden>·</span>
          <span>{t("step", { n: Math.min(r.currentStep + 1, Math.max(r.stepCount, 1)), m: Math.max(r.stepCount, 1) })}</span>
          <span aria-hidden>·</span>
          <time dateTime={r.createdAt.toISOString()} title={format.dateTime(r.createdAt, { dateStyle: "medium", timeStyle: "short" })}>
            {format.relativeTime(r.createdAt, now)}
          </time>
        </p>
      </div>
      <div className="shrink-0 text-right text-xs">
        {pending ? (
          <span className={cn("tabular-nums", r.overdue ? "font-semibold text-red-700 dark:text-red-300" : "text-zinc-600 dark:text-zinc-400")}>
            {t("due", { date: format.dateTime(r.dueAt, { dateStyle: "medium" }) })}
          </span>
        ) : r.decidedAt ? (
          <span className="text-zinc-500">{t("decided", { when: format.relativeTime(r.decidedAt, now) })}</span>
        ) : null}
      </div>
      <ChevronRight className="mt-1 size-4 shrink-0 text-zinc-400" aria-hidden />
    </li>
  );
}
