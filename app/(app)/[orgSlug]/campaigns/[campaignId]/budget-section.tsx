"use client";

import { useMutation } from "@tanstack/react-query";
import { AlertTriangle, Pencil } from "lucide-react";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { formatMinor, prorateMinor, subMinor } from "@/server/campaigns/money";
import { useTRPC } from "@/app/_trpc/react";
import { Skeleton } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { BudgetEditor } from "./budget-editor";
import { SpendList } from "./spend";
import {
  Notice,
  Section,
  tbody,
  td,
  th,
  thead,
  todayIso,
  useCampaignFormat,
  useRefreshCampaign,
  type CampaignData,
  type CampaignPermissions,
} from "./shared";

const SpendChart = dynamic(() => import("./spend-chart"), {
  ssr: false,
  loading: () => <Skeleton className="h-[240px] w-full" />,
});

const major = (minor: number, currency: string) => Number(formatMinor(minor, currency));
const dayNumber = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);

/** The server's series (start, end, spend dates) plus today while the campaign runs, so "so far" reads off the chart. */
function withToday(c: CampaignData, today: string) {
  if (!(today > c.startsOn && today < c.endsOn) || c.series.some((p) => p.date === today)) return c.series;
  const days = dayNumber(c.endsOn) - dayNumber(c.startsOn) + 1;
  const elapsed = dayNumber(today) - dayNumber(c.startsOn) + 1;
  const before = c.series.filter((p) => p.date < today).at(-1);
  const point = {
    date: today,
    plannedMinor: prorateMinor(c.totals.plannedMinor, elapsed, days),
    actualMinor: before?.actualMinor ?? 0,
  };
  return [...c.series, point].sort((a, b) => a.date.localeCompare(b.date));
}

export function BudgetSection({ c, may }: { c: CampaignData; may: CampaignPermissions }) {
  const t = useTranslations("campaigns.detail");
  const f = useCampaignFormat(c.currency);
  const org = useOrg();
  const trpc = useTRPC();
  const refresh = useRefreshCampaign();
  const requestApproval = useMutation(trpc.approval.request.mutationOptions());
  const [editing, setEditing] = useState(false);
  const foreign = c.currency !== c.base.currency;
  const inBase = (m: number | null) =>
    foreign && m != null ? t("inBase", { amount: f.money(m, c.base.currency) }) : undefined;
  const budgetRequest = c.approvals.findLast(
    (a) => a.subjectType === "campaign_budget" && a.status === "pending",
  );
  const budget = c.metrics.budgetMinor;

  const requestBudget = async () => {
    try {
      await requestApproval.mutateAsync({
        orgSlug: org.slug,
        subjectType: "campaign_budget",
        subjectId: c.id,
      });
      toast.success(t("budgetRequested"));
      await refresh();
    } catch (e) {
      showServerError(e);
    }
  };

  const stats = [
    {
      key: "planned",
      label: t("planned"),
      value: f.money(c.totals.plannedMinor),
      sub: inBase(c.base.plannedMinor),
    },
    {
      key: "approved",
      label: t("approved"),
      value: f.money(c.totals.approvedMinor),
      sub: inBase(c.base.approvedMinor),
    },
    {
      key: "spent",
      label: t("spent"),
      value: f.money(c.totals.spendMinor),
      sub: inBase(c.base.spendMinor),
      warn: c.metrics.overBudget,
    },
    {
      key: "remaining",
      label: t("remaining"),
      value: f.money(c.metrics.remainingMinor),
      title: f.formula("remainingMinor", c.formulas.remainingMinor),
      warn: c.metrics.remainingMinor < 0,
    },
    {
      key: "burn",
      label: t("burn"),
      value: f.pct(c.metrics.burn, 1),
      title: f.formula("burn", c.formulas.burn),
      warn: c.metrics.overBudget,
    },
  ];

  // Actual spend stops at today (or the last entry): the line does not run on into the future.
  const today = todayIso();
  const lastSpend = c.spend.at(-1)?.spentOn ?? "";
  const actualUntil = lastSpend > today ? lastSpend : today;
  const series = withToday(c, today);
  const points = series.map((p) => ({
    t: Date.parse(`${p.date}T00:00:00Z`),
    planned: major(p.plannedMinor, c.currency),
    actual: p.date <= actualUntil ? major(p.actualMinor, c.currency) : null,
  }));
  const summary = t("chart.summary", {
    spent: f.money(c.totals.spendMinor),
    planned: f.money(c.totals.plannedMinor),
    start: f.date(c.startsOn),
    end: f.date(c.endsOn),
    budget: f.money(budget),
  });

  return (
    <Section
      id="budget"
      title={t("budget")}
      actions={
        may.budget &&
        !editing && (
          <Button variant="secondary" size="sm" onClick={() => setEditing(true)} data-testid="budget-edit">
            <Pencil className="size-4" aria-hidden /> {t("editBudget")}
          </Button>
        )
      }
    >
      <dl className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-5">
        {stats.map((s) => (
          <div key={s.key} title={s.title} data-testid={`budget-${s.key}`}>
            <dt className="text-xs text-zinc-500">
              {s.label}
              {s.title && <span className="sr-only"> ({s.title})</span>}
            </dt>
            <dd
              className={`text-lg font-semibold tabular-nums ${s.warn ? "text-red-600 dark:text-red-400" : ""}`}
            >
              {s.value}
            </dd>
            {s.sub && <dd className="text-xs tabular-nums text-zinc-500">{s.sub}</dd>}
          </div>
        ))}
      </dl>
      {foreign && c.base.rate == null && (
        <p className="mb-3 text-xs text-amber-700 dark:text-amber-300">
          {t("noRate", { currency: c.currency, base: c.base.currency })}
        </p>
      )}
      {foreign && c.base.rate != null && (
        <p className="mb-3 text-xs text-zinc-500">
          {t("exchangeRate", { currency: c.currency, base: c.base.currency, rate: c.base.rate })}
        </p>
      )}
      {c.metrics.burn != null && (
        <div
          className="mb-4 h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
          role="progressbar"
          aria-label={t("burn")}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(Math.min(1, c.metrics.burn) * 100)}
        >
          <div
            className={c.metrics.overBudget ? "h-full bg-red-500" : "h-full bg-brand-600"}
            style={{ width: `${Math.min(1, c.metrics.burn) * 100}%` }}
          />
        </div>
      )}

      <div className="space-y-2">
        {c.metrics.overBudget && (
          <Notice tone="danger" testId="over-budget-warning">
            <span className="inline-flex items-start gap-1.5">
              <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
              {t("overBudgetNotice", {
                spent: f.money(c.totals.spendMinor),
                budget: f.money(budget),
                over: f.money(subMinor(c.totals.spendMinor, budget)),
              })}
            </span>
          </Notice>
        )}
        {c.needsBudgetApproval && !budgetRequest && (
          <Notice
            tone="warning"
            testId="needs-budget-approval"
            actions={
              may.request && (
                <Button
                  size="sm"
                  onClick={() => void requestBudget()}
                  loading={requestApproval.isPending}
                  data-testid="request-budget-approval"
                >
                  {t("requestBudgetApproval")}
                </Button>
              )
            }
          >
            {t("needsBudgetApproval", {
              planned: f.money(c.totals.plannedMinor),
              approved: f.money(c.totals.approvedMinor),
            })}
          </Notice>
        )}
        {budgetRequest && (
          <Notice
            tone="info"
            testId="budget-pending"
            actions={
              <Link href={`/${org.slug}/approvals/${budgetRequest.id}`} className="font-medium underline">
                {t("openRequest")}
              </Link>
            }
          >
            {t("budgetPendingNotice")}
          </Notice>
        )}
        {c.status === "draft" &&
          c.base.plannedMinor != null &&
          c.base.plannedMinor > c.base.thresholdMinor && (
            <Notice tone="info" testId="two-step-notice">
              {t("aboveThreshold", { threshold: f.money(c.base.thresholdMinor, c.base.currency) })}
            </Notice>
          )}
      </div>

      <h3 className="mb-2 mt-4 text-sm font-semibold">{t("budgetLines")}</h3>
      {editing ? (
        <BudgetEditor c={c} onDone={() => setEditing(false)} />
      ) : c.budgetLines.length === 0 ? (
        <p className="text-sm text-zinc-500">{t("noBudgetLines")}</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full text-sm" data-testid="budget-lines">
            <thead>
              <tr className={thead}>
                <th scope="col" className={th}>
                  {t("channel")}
                </th>
                <th scope="col" className={th}>
                  {t("category")}
                </th>
                <th scope="col" className={`${th} text-right`}>
                  {t("amount")}
                </th>
              </tr>
            </thead>
            <tbody className={tbody}>
              {c.budgetLines.map((l) => (
                <tr key={l.id}>
                  <td className={td}>{f.channel(l.channel)}</td>
                  <td className={td}>{l.category || "—"}</td>
                  <td className={`${td} text-right tabular-nums`}>{f.money(l.amountMinor, l.currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="border-t border-zinc-200 font-medium dark:border-zinc-800">
                <th scope="row" colSpan={2} className={`${td} text-left`}>
                  {t("plannedTotal")}
                </th>
                <td className={`${td} text-right tabular-nums`}>{f.money(c.totals.plannedMinor)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}

      <figure className="mt-6" aria-labelledby="spend-chart-caption">
        <figcaption id="spend-chart-caption" className="mb-2">
          <span className="block text-sm font-semibold">{t("chart.title")}</span>
          <span className="block text-xs text-zinc-500">{summary}</span>
        </figcaption>
        {c.totals.plannedMinor === 0 && c.totals.spendMinor === 0 ? (
          <p className="text-sm text-zinc-500">{t("chart.empty")}</p>
        ) : (
          <>
            <div role="img" aria-label={summary}>
              <SpendChart
                points={points}
                budget={c.totals.approvedMinor != null ? major(c.totals.approvedMinor, c.currency) : null}
                labels={{
                  planned: t("chart.planned"),
                  actual: t("chart.actual"),
                  budget: t("chart.approvedBudget"),
                }}
                locale={f.locale}
                currency={c.currency}
                overBudget={c.metrics.overBudget}
              />
            </div>
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer text-xs text-brand-600 hover:underline">
                {t("chart.showTable")}
              </summary>
              <div className="relative mt-2 overflow-x-auto">
                <table className="w-full text-sm">
                  <caption className="sr-only">{t("chart.title")}</caption>
                  <thead>
                    <tr className={thead}>
                      <th scope="col" className={th}>
                        {t("date")}
                      </th>
                      <th scope="col" className={`${th} text-right`}>
                        {t("chart.planned")}
                      </th>
                      <th scope="col" className={`${th} text-right`}>
                        {t("chart.actual")}
                      </th>
                    </tr>
                  </thead>
                  <tbody className={tbody}>
                    {series.map((p) => (
                      <tr key={p.date}>
                        <th scope="row" className={`${td} text-left font-normal`}>
                          {f.date(p.date)}
                        </th>
                        <td className={`${td} text-right tabular-nums`}>{f.money(p.plannedMinor)}</td>
                        <td className={`${td} text-right tabular-nums`}>
                          {p.date <= actualUntil ? f.money(p.actualMinor) : "—"}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </>
        )}
      </figure>

      <SpendList c={c} may={may} />
    </Section>
  );
}
