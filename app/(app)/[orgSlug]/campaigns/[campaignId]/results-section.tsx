"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { CAMPAIGN_METRICS } from "@/server/campaigns/schema";
import { parseAmount } from "@/server/campaigns/money";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { cn } from "@/app/_components/ui/cn";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import {
  formGrid,
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

const FUNNEL = ["impressions", "clicks", "leads", "signups", "conversions"] as const;

/** Results: ROI and the derived metrics, the funnel, goals against actuals, and the dated values. */
export function ResultsSection({ c, may }: { c: CampaignData; may: CampaignPermissions }) {
  const t = useTranslations("campaigns.detail");
  const f = useCampaignFormat(c.currency);
  const roiTone =
    c.metrics.roi == null
      ? ""
      : c.metrics.roi < 0
        ? "text-red-600 dark:text-red-400"
        : "text-emerald-700 dark:text-emerald-400";
  const metricCells = [
    { key: "ctr", value: f.pct(c.metrics.ctr) },
    { key: "conversionRate", value: f.pct(c.metrics.conversionRate) },
    { key: "costPerLeadMinor", value: f.money(c.metrics.costPerLeadMinor) },
    { key: "cacMinor", value: f.money(c.metrics.cacMinor) },
  ] as const;

  return (
    <Section id="results" title={t("results")}>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,16rem)_1fr]">
        <div
          className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
          title={f.formula("roi", c.formulas.roi)}
        >
          <p className="text-xs text-zinc-500">
            {t("metric.roi")} <span className="sr-only">({f.formula("roi", c.formulas.roi)})</span>
          </p>
          <p className={cn("text-3xl font-semibold tabular-nums", roiTone)} data-testid="roi-value">
            {c.metrics.roi == null ? "—" : f.pct(c.metrics.roi, 1)}
          </p>
          <p className="mt-1 text-xs text-zinc-500">{f.formula("roi", c.formulas.roi)}</p>
          <dl className="mt-2 grid grid-cols-2 gap-1 text-xs">
            <dt className="text-zinc-500">{t("revenue")}</dt>
            <dd className="text-right tabular-nums">{f.money(c.totals.revenueMinor)}</dd>
            <dt className="text-zinc-500">{t("spent")}</dt>
            <dd className="text-right tabular-nums">{f.money(c.totals.spendMinor)}</dd>
          </dl>
          {c.metrics.roi == null && <p className="mt-2 text-xs text-zinc-500">{t("roiUndefined")}</p>}
        </div>
        <dl className="grid grid-cols-2 content-start gap-3 sm:grid-cols-4">
          {metricCells.map((m) => (
            <div
              key={m.key}
              title={f.formula(m.key, c.formulas[m.key])}
              className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
            >
              <dt className="text-xs text-zinc-500">
                {t(`metric.${m.key}`)}{" "}
                <span className="sr-only">({f.formula(m.key, c.formulas[m.key])})</span>
              </dt>
              <dd className="text-lg font-semibold tabular-nums" data-testid={`metric-${m.key}`}>
                {m.value}
              </dd>
              <dd className="text-[11px] text-zinc-500">{f.formula(m.key, c.formulas[m.key])}</dd>
            </div>
          ))}
        </dl>
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Funnel c={c} />
        <Goals c={c} />
      </div>

      <h3 className="mb-2 mt-6 text-sm font-semibold">{t("resultEntries")}</h3>
      {c.results.length === 0 ? (
        <p className="text-sm text-zinc-500">{t("noResults")}</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full text-sm" data-testid="result-entries">
            <thead>
              <tr className={thead}>
                <th scope="col" className={th}>
                  {t("date")}
                </th>
                <th scope="col" className={th}>
                  {t("metricCol")}
                </th>
                <th scope="col" className={`${th} text-right`}>
                  {t("value")}
                </th>
                <th scope="col" className={th}>
                  {t("note")}
                </th>
              </tr>
            </thead>
            <tbody className={tbody}>
              {c.results.map((r) => (
                <tr key={r.id}>
                  <td className={`${td} whitespace-nowrap`}>{f.date(r.observedOn)}</td>
                  <td className={td}>{f.metric(r.metric, r.customName)}</td>
                  <td className={`${td} text-right tabular-nums`}>
                    {r.metric === "revenue" ? f.money(r.value) : f.num(r.value)}
                  </td>
                  <td className={td}>{r.note || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {may.results && <ResultForm c={c} />}
    </Section>
  );
}

/** Impressions → clicks → leads → sign-ups → conversions as bars relative to the widest step. */
function Funnel({ c }: { c: CampaignData }) {
  const t = useTranslations("campaigns.detail");
  const f = useCampaignFormat(c.currency);
  const values = FUNNEL.map((m) => c.resultTotals[m]);
  const max = Math.max(...values, 0);
  return (
    <div>
      <h3 className="mb-2 text-sm font-semibold">{t("funnel.title")}</h3>
      {max === 0 ? (
        <p className="text-sm text-zinc-500">{t("funnel.empty")}</p>
      ) : (
        <ol className="space-y-1.5" aria-label={t("funnel.title")} data-testid="funnel">
          {FUNNEL.map((m, i) => {
            const v = values[i]!;
            const prev = i > 0 ? values[i - 1]! : null;
            const stepRate = prev ? v / prev : null;
            const width = max ? (v / max) * 100 : 0;
            return (
              <li key={m}>
                <div className="flex items-baseline justify-between gap-2 text-xs">
                  <span className="font-medium">{f.metric(m)}</span>
                  <span className="tabular-nums">
                    {f.num(v)}
                    {i > 0 && stepRate != null && (
                      <span className="ml-2 text-zinc-500">
                        {t("funnel.ofPrevious", {
                          rate: f.pct(stepRate, 1),
                          previous: f.metric(FUNNEL[i - 1]!),
                        })}
                      </span>
                    )}
                  </span>
                </div>
                <div className="mt-0.5 h-5 overflow-hidden rounded bg-zinc-100 dark:bg-zinc-800" aria-hidden>
                  <div
                    className="h-full min-w-0.5 rounded bg-brand-500"
                    style={{ width: `${width}%`, opacity: 1 - i * 0.12, display: v > 0 ? undefined : "none" }}
                  />
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

function Goals({ c }: { c: CampaignData }) {
  const t = useTranslations("campaigns.detail");
  const f = useCampaignFormat(c.currency);
  const show = (metric: string, v: number) => (metric === "revenue" ? f.money(v) : f.num(v));
  return (
    <div>
      <h3 className="mb-2 text-sm font-semibold">{t("goals.title")}</h3>
      {c.goals.length === 0 ? (
        <p className="text-sm text-zinc-500">{t("goals.empty")}</p>
      ) : (
        <ul className="space-y-3" data-testid="goals">
          {c.goals.map((g, i) => {
            const ratio = g.target > 0 ? g.actual / g.target : null;
            const pct = ratio == null ? 0 : Math.min(100, Math.round(ratio * 100));
            const label = f.metric(g.metric, g.customName);
            return (
              <li key={`${g.metric}-${g.customName}-${i}`}>
                <div className="flex items-baseline justify-between gap-2 text-sm">
                  <span className="font-medium">{label}</span>
                  <span className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
                    {t("goals.actualOfTarget", {
                      actual: show(g.metric, g.actual),
                      target: show(g.metric, g.target),
                    })}
                  </span>
                </div>
                <div className="mt-1 flex items-center gap-2">
                  <div
                    className="h-2 flex-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
                    role="progressbar"
                    aria-label={t("goals.progressLabel", { metric: label })}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={pct}
                  >
                    <div
                      className={cn(
                        "h-full rounded-full",
                        ratio != null && ratio >= 1 ? "bg-emerald-500" : "bg-brand-500",
                      )}
                      style={{ width: `${pct}%` }}
                    />
                  </div>
                  <span className="w-12 text-right text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
                    {ratio == null ? "—" : f.pct(ratio, 0)}
                  </span>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function ResultForm({ c }: { c: CampaignData }) {
  const t = useTranslations("campaigns.detail");
  const f = useCampaignFormat(c.currency);
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const refresh = useRefreshCampaign();
  const record = useMutation(trpc.campaign.recordResult.mutationOptions());
  const [metric, setMetric] = useState<(typeof CAMPAIGN_METRICS)[number]>("impressions");
  const [customName, setCustomName] = useState("");
  const [observedOn, setObservedOn] = useState(todayIso);
  const [value, setValue] = useState("");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const n =
      metric === "revenue"
        ? parseAmount(value, c.currency)
        : /^\d+$/.test(value.trim())
          ? Number(value.trim())
          : null;
    if (n == null || n < 0 || !Number.isSafeInteger(n))
      return setErrors({ value: metric === "revenue" ? t("invalidAmount") : t("invalidCount") });
    setErrors({});
    try {
      const res = await record.mutateAsync({
        orgSlug: org.slug,
        campaignId: c.id,
        metric,
        customName,
        observedOn,
        value: n,
        note,
      });
      toast.success(
        res.fedKeyResults.length
          ? t("resultRecordedFed", { count: res.fedKeyResults.length })
          : t("resultRecorded"),
      );
      // Cleared only if not retyped meanwhile.
      setValue((x) => (x === value ? "" : x));
      setNote((x) => (x === note ? "" : x));
      await refresh();
    } catch (x) {
      showServerError<Record<string, string>>(x, {
        setError: (field, v) => setErrors((s) => ({ ...s, [field]: v.message ?? "" })),
        fields: ["metric", "customName", "observedOn", "value", "note"],
      });
    }
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      className={`${formGrid} sm:grid-cols-2 lg:grid-cols-6`}
      aria-label={t("recordResult")}
    >
      <h3 className="text-sm font-semibold sm:col-span-2 lg:col-span-6">{t("recordResult")}</h3>
      <Field label={t("metricCol")} error={err(errors.metric)}>
        {(p) => (
          <Select {...p} value={metric} onChange={(e) => setMetric(e.target.value as typeof metric)}>
            {CAMPAIGN_METRICS.map((m) => (
              <option key={m} value={m}>
                {f.metric(m)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {metric === "custom" && (
        <Field label={t("customName")} error={err(errors.customName)}>
          {(p) => (
            <Input {...p} value={customName} maxLength={60} onChange={(e) => setCustomName(e.target.value)} />
          )}
        </Field>
      )}
      <Field label={t("date")} error={err(errors.observedOn)}>
        {(p) => (
          <Input {...p} type="date" value={observedOn} onChange={(e) => setObservedOn(e.target.value)} />
        )}
      </Field>
      <Field
        label={metric === "revenue" ? t("amountIn", { currency: c.currency }) : t("value")}
        error={err(errors.value)}
      >
        {(p) => (
          <Input
            {...p}
            inputMode={metric === "revenue" ? "decimal" : "numeric"}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        )}
      </Field>
      <Field
        label={t("note")}
        error={err(errors.note)}
        className={metric === "custom" ? "" : "lg:col-span-2"}
      >
        {(p) => <Input {...p} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <div className="lg:pt-6">
        <Button
          type="submit"
          loading={record.isPending}
          data-testid="result-add"
          className="w-full lg:w-auto"
        >
          {t("recordResult")}
        </Button>
      </div>
    </form>
  );
}
