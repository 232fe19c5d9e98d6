"use client";

import { useQuery, useSuspenseInfiniteQuery } from "@tanstack/react-query";
import { AlertTriangle, CalendarDays, Download, Plus } from "lucide-react";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { CAMPAIGN_STATUSES } from "@/server/campaigns/schema";
import { useTRPC, useTRPCClient } from "@/app/_trpc/react";
import { showServerError } from "@/app/_components/app/errors";
import { downloadText } from "../okrs/periods/download";
import { Badge, Card, EmptyState, PageHeader } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { Select } from "@/app/_components/ui/field";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import { dateOf, FILTER_KEYS, formatMoney, PAGE_SIZE, parseCampaignFilters, quarterOptions } from "./filters";

// The form (react-hook-form + zod) loads when the dialog opens, not with the page.
const CampaignFormDialog = dynamic(() => import("./campaign-form").then((m) => m.CampaignFormDialog));

const STATUS_STYLE: Record<string, string> = {
  draft: "",
  pending_approval: "bg-amber-50 text-amber-700 dark:bg-amber-900/30 dark:text-amber-300",
  approved: "bg-sky-50 text-sky-700 dark:bg-sky-900/30 dark:text-sky-300",
  live: "bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300",
  completed: "bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200",
  cancelled: "bg-red-50 text-red-700 line-through dark:bg-red-900/30 dark:text-red-300",
};

export function CampaignStatusBadge({ status }: { status: string }) {
  const t = useTranslations("campaigns.status");
  return <Badge className={STATUS_STYLE[status]}>{t(status)}</Badge>;
}

export function OverBudgetBadge({ title }: { title?: string }) {
  const t = useTranslations("campaigns");
  return (
    <Badge className="gap-1 bg-red-50 text-red-700 dark:bg-red-900/30 dark:text-red-300" title={title}>
      <AlertTriangle className="size-3" aria-hidden /> {t("overBudget")}
    </Badge>
  );
}

export function CampaignsClient({ myUserId, myDepartmentId }: { myUserId: string; myDepartmentId?: string }) {
  const t = useTranslations("campaigns");
  const ts = useTranslations("campaigns.status");
  const format = useFormatter();
  const locale = useLocale();
  const org = useOrg();
  const trpc = useTRPC();
  const trpcClient = useTRPCClient();
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  const filters = parseCampaignFilters(new URLSearchParams(sp.toString()));
  const list = useSuspenseInfiniteQuery(
    trpc.campaign.list.infiniteQueryOptions(
      { orgSlug: org.slug, ...filters, limit: PAGE_SIZE },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const settings = useQuery(trpc.campaign.settings.queryOptions({ orgSlug: org.slug }));
  const departments = useQuery(trpc.department.list.queryOptions({ orgSlug: org.slug }));
  const members = useQuery(trpc.member.list.queryOptions({ orgSlug: org.slug, limit: 100 }));
  const mayCreate = useCan("campaign.create");
  const [creating, setCreating] = useState(false);
  const items = list.data.pages.flatMap((p) => p.items);

  const [exporting, setExporting] = useState(false);
  const exportCsv = async () => {
    setExporting(true);
    try {
      const { filename, csv } = await trpcClient.campaign.exportCsv.query({ orgSlug: org.slug, ...filters });
      downloadText(filename, csv);
    } catch (e) {
      showServerError(e);
    } finally {
      setExporting(false);
    }
  };

  const setParam = (key: string, value: string) => {
    const p = new URLSearchParams(sp.toString());
    if (value) p.set(key, value);
    else p.delete(key);
    const qs = p.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
  const anyFilter = FILTER_KEYS.some((k) => sp.get(k));
  const channelLabel = (c: string) => (t.has(`channel.${c}`) ? t(`channel.${c}`) : c);

  return (
    <div>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <Link
              href={`/${org.slug}/campaigns/calendar`}
              className="inline-flex h-10 items-center gap-1.5 rounded-md border border-zinc-300 px-4 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              <CalendarDays className="size-4" aria-hidden /> {t("calendar")}
            </Link>
            <Button variant="secondary" onClick={() => void exportCsv()} loading={exporting} data-testid="campaigns-export">
              <Download className="size-4" aria-hidden /> {t("exportCsv")}
            </Button>
            {mayCreate && (
              <Button onClick={() => setCreating(true)} data-testid="new-campaign">
                <Plus className="size-4" aria-hidden /> {t("newCampaign")}
              </Button>
            )}
          </>
        }
      />
      <div className="space-y-4">
        <div className="flex flex-wrap items-center gap-2">
          <Select aria-label={t("filter.status")} value={sp.get("status") ?? ""} onChange={(e) => setParam("status", e.target.value)} className="w-auto!">
            <option value="">{t("filter.anyStatus")}</option>
            {CAMPAIGN_STATUSES.map((s) => (
              <option key={s} value={s}>{ts(s)}</option>
            ))}
          </Select>
          <Select aria-label={t("filter.channel")} value={sp.get("channel") ?? ""} onChange={(e) => setParam("channel", e.target.value)} className="w-auto!">
            <option value="">{t("filter.anyChannel")}</option>
            {settings.data?.channels.map((c) => (
              <option key={c} value={c}>{channelLabel(c)}</option>
            ))}
          </Select>
          <Select aria-label={t("filter.department")} value={sp.get("dept") ?? ""} onChange={(e) => setParam("dept", e.target.value)} className="w-auto!">
            <option value="">{t("filter.allDepartments")}</option>
            {departments.data?.map((d) => (
              <option key={d.id} value={d.id}>{d.name}</option>
            ))}
          </Select>
          <Select aria-label={t("filter.owner")} value={sp.get("owner") ?? ""} onChange={(e) => setParam("owner", e.target.value)} className="w-auto!">
            <option value="">{t("filter.anyOwner")}</option>
            {members.data?.items.map((m) => (
              <option key={m.userId} value={m.userId}>{m.name}</option>
            ))}
          </Select>
          <Select aria-label={t("filter.period")} value={sp.get("period") ?? ""} onChange={(e) => setParam("period", e.target.value)} className="w-auto!">
            <option value="">{t("filter.anyPeriod")}</option>
            {quarterOptions().map((q) => (
              <option key={q} value={q}>{q}</option>
            ))}
          </Select>
          {anyFilter && (
            <Link href={pathname} className="text-sm text-brand-600 hover:underline">
              {t("filter.clear")}
            </Link>
          )}
        </div>

        {items.length === 0 ? (
          <EmptyState
            title={anyFilter ? t("emptyFilteredTitle") : t("emptyTitle")}
            description={anyFilter ? t("emptyFilteredBody") : t("emptyBody")}
            action={mayCreate && !anyFilter && <Button onClick={() => setCreating(true)}>{t("newCampaign")}</Button>}
          />
        ) : (
          <Card className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:border-zinc-800">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">{t("col.name")}</th>
                  <th scope="col" className="px-4 py-2 font-medium">{t("col.status")}</th>
                  <th scope="col" className="px-4 py-2 font-medium">{t("col.channels")}</th>
                  <th scope="col" className="px-4 py-2 font-medium">{t("col.dates")}</th>
                  <th scope="col" className="px-4 py-2 font-medium">{t("col.owner")}</th>
                  <th scope="col" className="px-4 py-2 text-right font-medium">{t("col.plannedVsSpent")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {items.map((c) => (
                  <tr key={c.id} data-testid="campaign-row">
                    <td className="px-4 py-2.5">
                      <Link href={`/${org.slug}/campaigns/${c.id}`} className="font-medium hover:text-brand-700 hover:underline">
                        {c.name}
                      </Link>
                      {c.departmentName && <p className="text-xs text-zinc-500">{c.departmentName}</p>}
                    </td>
                    <td className="px-4 py-2.5"><CampaignStatusBadge status={c.status} /></td>
                    <td className="px-4 py-2.5">
                      <div className="flex flex-wrap gap-1">
                        {c.channels.map((ch) => (
                          <Badge key={ch}>{channelLabel(ch)}</Badge>
                        ))}
                      </div>
                    </td>
                    <td className="whitespace-nowrap px-4 py-2.5">
                      {/* Two dates rather than dateTimeRange: its spacing differs between the server's ICU and the browser's. */}
                      {format.dateTime(dateOf(c.startsOn), { dateStyle: "medium", timeZone: "UTC" })} – {format.dateTime(dateOf(c.endsOn), { dateStyle: "medium", timeZone: "UTC" })}
                    </td>
                    <td className="px-4 py-2.5">{c.ownerName}</td>
                    <td className="whitespace-nowrap px-4 py-2.5 text-right tabular-nums">
                      <span title={t("budgetTitle")}>{formatMoney(locale, c.metrics.budgetMinor, c.currency)}</span>
                      {" / "}
                      <span className={c.metrics.overBudget ? "font-semibold text-red-600 dark:text-red-400" : ""}>
                        {formatMoney(locale, c.totals.spendMinor, c.currency)}
                      </span>
                      {c.metrics.overBudget && (
                        <div className="mt-1"><OverBudgetBadge /></div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        )}
        {list.hasNextPage && (
          <div className="flex justify-center">
            <Button variant="secondary" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t("loadMore")}
            </Button>
          </div>
        )}
      </div>
      {creating && <CampaignFormDialog myUserId={myUserId} myDepartmentId={myDepartmentId} onClose={() => setCreating(false)} />}
    </div>
  );
}
