"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { Check, Copy } from "lucide-react";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { CAMPAIGN_METRICS } from "@/server/campaigns/schema";
import { parseAmount } from "@/server/campaigns/money";
import { useTRPC } from "@/app/_trpc/react";
import { Badge, Card } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { CampaignStatusBadge, OverBudgetBadge } from "../campaigns-client";
import { dateOf, formatMoney } from "../filters";

/** The manual transitions of the server's status machine (server/campaigns/service.ts CAMPAIGN_STATUS_TRANSITIONS). */
const TRANSITIONS: Record<string, readonly string[]> = {
  draft: ["cancelled"],
  pending_approval: ["cancelled"],
  approved: ["live", "cancelled"],
  live: ["completed", "cancelled"],
  completed: [],
  cancelled: [],
};

const today = () => new Date().toISOString().slice(0, 10);

function Section({ title, children, actions }: { title: React.ReactNode; children: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <Card className="p-4">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">{title}</h2>
        {actions}
      </div>
      {children}
    </Card>
  );
}

const th = "px-3 py-2 text-left text-xs font-medium text-zinc-500";
const td = "px-3 py-2";

export function CampaignDetail({ campaignId }: { campaignId: string }) {
  const t = useTranslations("campaigns");
  const td_ = useTranslations("campaigns.detail");
  const tc = useTranslations("common");
  const format = useFormatter();
  const locale = useLocale();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { data: c } = useSuspenseQuery(trpc.campaign.get.queryOptions({ orgSlug: org.slug, campaignId }));
  const mayUpdate = useCan("campaign.update");
  const mayRequest = useCan("approval.request");
  const maySpend = useCan("campaign.spend");
  const mayResults = useCan("campaign.results");
  const setStatus = useMutation(trpc.campaign.setStatus.mutationOptions());
  const requestApproval = useMutation(trpc.approval.request.mutationOptions());
  const [confirmCancel, setConfirmCancel] = useState(false);

  const refresh = () => qc.invalidateQueries({ queryKey: trpc.campaign.pathKey() });
  const money = (m: number | null | undefined) => formatMoney(locale, m, c.currency);
  const fmtDate = (d: string) => format.dateTime(dateOf(d), { dateStyle: "medium", timeZone: "UTC" });
  const pct = (x: number | null) => (x == null ? "—" : format.number(x, { style: "percent", maximumFractionDigits: 2 }));
  const channelLabel = (ch: string) => (t.has(`channel.${ch}`) ? t(`channel.${ch}`) : ch);

  const changeStatus = async (status: string) => {
    try {
      await setStatus.mutateAsync({ orgSlug: org.slug, campaignId, status: status as (typeof c)["status"], version: c.version });
      toast.success(td_("statusChanged"));
      setConfirmCancel(false);
      await refresh();
    } catch (e) {
      showServerError(e, { reloadLabel: tc("reload"), onReload: () => void refresh() });
    }
  };
  const submitForApproval = async () => {
    try {
      await requestApproval.mutateAsync({ orgSlug: org.slug, subjectType: "campaign_launch", subjectId: campaignId });
      toast.success(td_("submitted"));
      await refresh();
    } catch (e) {
      showServerError(e);
    }
  };

  const metricCells = [
    { key: "ctr", value: pct(c.metrics.ctr) },
    { key: "conversionRate", value: pct(c.metrics.conversionRate) },
    { key: "costPerLeadMinor", value: money(c.metrics.costPerLeadMinor) },
    { key: "cacMinor", value: money(c.metrics.cacMinor) },
    { key: "roi", value: pct(c.metrics.roi) },
  ] as const;

  return (
    <div className="space-y-4">
      <div>
        <Link href={`/${org.slug}/campaigns`} className="text-sm text-brand-600 hover:underline">
          ← {td_("back")}
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <div className="mb-1 flex flex-wrap items-center gap-1.5">
              <CampaignStatusBadge status={c.status} />
              {c.metrics.overBudget && <OverBudgetBadge title={c.formulas.overBudget} />}
            </div>
            <h1 className="text-2xl font-semibold tracking-tight">{c.name}</h1>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              {format.dateTimeRange(dateOf(c.startsOn), dateOf(c.endsOn), { dateStyle: "medium", timeZone: "UTC" })}
              {" · "}
              {c.departmentName ?? td_("noDepartment")}
              {" · "}
              {td_("ownedBy", { name: c.ownerName })}
            </p>
            <div className="mt-2 flex flex-wrap gap-1">
              {c.channels.map((ch) => (
                <Badge key={ch}>{channelLabel(ch)}</Badge>
              ))}
            </div>
            {c.description && <p className="mt-2 max-w-3xl whitespace-pre-line text-sm">{c.description}</p>}
          </div>
          <div className="flex flex-wrap items-center gap-2">
            {c.status === "draft" && mayRequest && (
              <Button onClick={() => void submitForApproval()} loading={requestApproval.isPending} data-testid="submit-launch">
                {td_("submitForApproval")}
              </Button>
            )}
            {mayUpdate &&
              (TRANSITIONS[c.status] ?? []).map((s) =>
                s === "cancelled" ? (
                  <Button key={s} variant="secondary" onClick={() => setConfirmCancel(true)}>
                    {td_("action.cancelled")}
                  </Button>
                ) : (
                  <Button key={s} variant="secondary" loading={setStatus.isPending && setStatus.variables?.status === s} onClick={() => void changeStatus(s)}>
                    {td_(`action.${s}`)}
                  </Button>
                ),
              )}
          </div>
        </div>
      </div>

      <Section title={td_("budget")}>
        <dl className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-5">
          {[
            { label: td_("planned"), value: money(c.totals.plannedMinor) },
            { label: td_("approved"), value: money(c.totals.approvedMinor) },
            { label: td_("spent"), value: money(c.totals.spendMinor), warn: c.metrics.overBudget },
            { label: td_("remaining"), value: money(c.metrics.remainingMinor), title: c.formulas.remainingMinor, warn: c.metrics.remainingMinor < 0 },
            { label: td_("burn"), value: pct(c.metrics.burn), title: c.formulas.burn, warn: c.metrics.overBudget },
          ].map((s) => (
            <div key={s.label} title={s.title}>
              <dt className="text-xs text-zinc-500">{s.label}</dt>
              <dd className={`text-lg font-semibold tabular-nums ${s.warn ? "text-red-600 dark:text-red-400" : ""}`}>{s.value}</dd>
            </div>
          ))}
        </dl>
        {c.metrics.burn != null && (
          <div
            className="mb-4 h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
            role="progressbar"
            aria-label={td_("burn")}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(Math.min(1, c.metrics.burn) * 100)}
          >
            <div className={c.metrics.overBudget ? "h-full bg-red-500" : "h-full bg-brand-600"} style={{ width: `${Math.min(1, c.metrics.burn) * 100}%` }} />
          </div>
        )}
        {c.budgetLines.length === 0 ? (
          <p className="text-sm text-zinc-500">{td_("noBudgetLines")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead>
                <tr className="border-b border-zinc-200 dark:border-zinc-800">
                  <th scope="col" className={th}>{td_("channel")}</th>
                  <th scope="col" className={th}>{td_("category")}</th>
                  <th scope="col" className={`${th} text-right`}>{td_("amount")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {c.budgetLines.map((l) => (
                  <tr key={l.id}>
                    <td className={td}>{channelLabel(l.channel)}</td>
                    <td className={td}>{l.category || "—"}</td>
                    <td className={`${td} text-right tabular-nums`}>{formatMoney(locale, l.amountMinor, l.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h3 className="mb-2 mt-4 text-sm font-semibold">{td_("spendEntries")}</h3>
        {c.spend.length === 0 ? (
          <p className="text-sm text-zinc-500">{td_("noSpend")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead>
                <tr className="border-b border-zinc-200 dark:border-zinc-800">
                  <th scope="col" className={th}>{td_("date")}</th>
                  <th scope="col" className={th}>{td_("channel")}</th>
                  <th scope="col" className={th}>{td_("vendor")}</th>
                  <th scope="col" className={`${th} text-right`}>{td_("amount")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {c.spend.map((s) => (
                  <tr key={s.id}>
                    <td className={td}>{fmtDate(s.spentOn)}</td>
                    <td className={td}>{channelLabel(s.channel)}</td>
                    <td className={td}>{s.vendor || "—"}</td>
                    <td className={`${td} text-right tabular-nums`}>{formatMoney(locale, s.amountMinor, s.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {maySpend && c.status !== "cancelled" && <SpendForm campaignId={campaignId} currency={c.currency} channels={c.channels} onDone={refresh} />}
      </Section>

      <Section title={td_("metrics")}>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
          {metricCells.map((m) => (
            <div key={m.key} title={c.formulas[m.key]}>
              <dt className="text-xs text-zinc-500">
                {td_(`metric.${m.key}`)} <span className="sr-only">({c.formulas[m.key]})</span>
              </dt>
              <dd className="text-lg font-semibold tabular-nums">{m.value}</dd>
            </div>
          ))}
        </dl>
      </Section>

      <Section title={td_("results")}>
        {c.results.length === 0 ? (
          <p className="text-sm text-zinc-500">{td_("noResults")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead>
                <tr className="border-b border-zinc-200 dark:border-zinc-800">
                  <th scope="col" className={th}>{td_("date")}</th>
                  <th scope="col" className={th}>{td_("metricCol")}</th>
                  <th scope="col" className={`${th} text-right`}>{td_("value")}</th>
                  <th scope="col" className={th}>{td_("note")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {c.results.map((r) => (
                  <tr key={r.id}>
                    <td className={td}>{fmtDate(r.observedOn)}</td>
                    <td className={td}>{r.metric === "custom" ? r.customName : t(`resultMetric.${r.metric}`)}</td>
                    <td className={`${td} text-right tabular-nums`}>{r.metric === "revenue" ? money(r.value) : format.number(r.value)}</td>
                    <td className={td}>{r.note || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {mayResults && c.status !== "cancelled" && <ResultForm campaignId={campaignId} currency={c.currency} onDone={refresh} />}
      </Section>

      <Section title={td_("variants")}>
        {c.variants.length === 0 ? (
          <p className="text-sm text-zinc-500">{td_("noVariants")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead>
                <tr className="border-b border-zinc-200 dark:border-zinc-800">
                  <th scope="col" className={th}>{td_("variantName")}</th>
                  <th scope="col" className={`${th} text-right`}>{td_("exposures")}</th>
                  <th scope="col" className={`${th} text-right`}>{td_("conversions")}</th>
                  <th scope="col" className={`${th} text-right`}>{td_("rate")}</th>
                  <th scope="col" className={`${th} text-right`}>{td_("difference")}</th>
                  <th scope="col" className={`${th} text-right`}>{td_("pValue")}</th>
                  <th scope="col" className={th}>{td_("verdictCol")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {c.variants.map((v) => (
                  <tr key={v.id}>
                    <td className={td}>
                      {v.name} {v.isControl && <Badge>{td_("control")}</Badge>}
                    </td>
                    <td className={`${td} text-right tabular-nums`}>{format.number(v.exposures)}</td>
                    <td className={`${td} text-right tabular-nums`}>{format.number(v.conversions)}</td>
                    <td className={`${td} text-right tabular-nums`}>{pct(v.rate)}</td>
                    <td className={`${td} text-right tabular-nums`}>
                      {v.test?.difference == null ? "—" : format.number(v.test.difference, { style: "percent", maximumFractionDigits: 2, signDisplay: "exceptZero" })}
                    </td>
                    <td className={`${td} text-right tabular-nums`}>{v.test?.pValue == null ? "—" : format.number(v.test.pValue, { maximumFractionDigits: 4 })}</td>
                    <td className={td}>{v.test ? td_(`verdict.${v.test.verdict}`) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section title={td_("utmLinks")}>
        {c.utmLinks.length === 0 ? (
          <p className="text-sm text-zinc-500">{td_("noUtmLinks")}</p>
        ) : (
          <ul className="space-y-2">
            {c.utmLinks.map((l) => (
              <li key={l.id} className="flex items-center gap-2 text-sm">
                <code className="min-w-0 flex-1 truncate rounded bg-zinc-100 px-2 py-1 text-xs dark:bg-zinc-800" title={l.url}>
                  {l.url}
                </code>
                <CopyButton text={l.url} />
              </li>
            ))}
          </ul>
        )}
        {mayUpdate && c.status !== "cancelled" && <UtmForm campaignId={campaignId} channels={c.channels} onDone={refresh} />}
      </Section>

      <ConfirmDialog
        open={confirmCancel}
        onOpenChange={setConfirmCancel}
        title={td_("cancelTitle")}
        description={td_("cancelBody")}
        confirmLabel={td_("action.cancelled")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        loading={setStatus.isPending}
        onConfirm={() => changeStatus("cancelled")}
      />
    </div>
  );
}

function CopyButton({ text }: { text: string }) {
  const t = useTranslations("campaigns.detail");
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      aria-label={t("copy")}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          toast.success(t("copied"));
          setTimeout(() => setCopied(false), 2000);
        } catch {
          toast.error(t("copyFailed"));
        }
      }}
    >
      {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
    </Button>
  );
}

function SpendForm({ campaignId, currency, channels, onDone }: { campaignId: string; currency: string; channels: string[]; onDone: () => Promise<void> }) {
  const t = useTranslations("campaigns.detail");
  const tcamp = useTranslations("campaigns");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const record = useMutation(trpc.campaign.recordSpend.mutationOptions());
  const [spentOn, setSpentOn] = useState(today);
  const [channel, setChannel] = useState(channels[0] ?? "");
  const [amount, setAmount] = useState("");
  const [vendor, setVendor] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const minor = parseAmount(amount, currency);
    if (minor == null || minor < 0) return setErrors({ amountMinor: t("invalidAmount") });
    setErrors({});
    try {
      await record.mutateAsync({ orgSlug: org.slug, campaignId, spentOn, channel, amountMinor: minor, vendor });
      toast.success(t("spendRecorded"));
      setAmount("");
      setVendor("");
      await onDone();
    } catch (x) {
      showServerError<Record<string, string>>(x, {
        setError: (f, v) => setErrors((s) => ({ ...s, [f]: v.message ?? "" })),
        fields: ["spentOn", "channel", "amountMinor", "vendor"],
      });
    }
  };
  return (
    <form onSubmit={submit} noValidate className="mt-4 grid items-start gap-3 border-t border-zinc-100 pt-4 sm:grid-cols-5 dark:border-zinc-800">
      <h3 className="text-sm font-semibold sm:col-span-5">{t("recordSpend")}</h3>
      <Field label={t("date")} error={err(errors.spentOn)}>
        {(p) => <Input {...p} type="date" value={spentOn} onChange={(e) => setSpentOn(e.target.value)} />}
      </Field>
      <Field label={t("channel")} error={err(errors.channel)}>
        {(p) => (
          <Select {...p} value={channel} onChange={(e) => setChannel(e.target.value)}>
            {channels.map((ch) => (
              <option key={ch} value={ch}>{tcamp.has(`channel.${ch}`) ? tcamp(`channel.${ch}`) : ch}</option>
            ))}
          </Select>
        )}
      </Field>
      <Field label={t("amountIn", { currency })} error={err(errors.amountMinor)}>
        {(p) => <Input {...p} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="0.00" />}
      </Field>
      <Field label={t("vendor")} error={err(errors.vendor)}>
        {(p) => <Input {...p} value={vendor} onChange={(e) => setVendor(e.target.value)} />}
      </Field>
      <div className="sm:pt-6">
        <Button type="submit" loading={record.isPending}>{t("recordSpend")}</Button>
      </div>
    </form>
  );
}

function ResultForm({ campaignId, currency, onDone }: { campaignId: string; currency: string; onDone: () => Promise<void> }) {
  const t = useTranslations("campaigns.detail");
  const tcamp = useTranslations("campaigns");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const record = useMutation(trpc.campaign.recordResult.mutationOptions());
  const [metric, setMetric] = useState<(typeof CAMPAIGN_METRICS)[number]>("impressions");
  const [customName, setCustomName] = useState("");
  const [observedOn, setObservedOn] = useState(today);
  const [value, setValue] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const n = metric === "revenue" ? parseAmount(value, currency) : /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
    if (n == null || n < 0 || !Number.isSafeInteger(n)) return setErrors({ value: metric === "revenue" ? t("invalidAmount") : t("invalidCount") });
    setErrors({});
    try {
      await record.mutateAsync({ orgSlug: org.slug, campaignId, metric, customName, observedOn, value: n });
      toast.success(t("resultRecorded"));
      setValue("");
      await onDone();
    } catch (x) {
      showServerError<Record<string, string>>(x, {
        setError: (f, v) => setErrors((s) => ({ ...s, [f]: v.message ?? "" })),
        fields: ["metric", "customName", "observedOn", "value"],
      });
    }
  };
  return (
    <form onSubmit={submit} noValidate className="mt-4 grid items-start gap-3 border-t border-zinc-100 pt-4 sm:grid-cols-5 dark:border-zinc-800">
      <h3 className="text-sm font-semibold sm:col-span-5">{t("recordResult")}</h3>
      <Field label={t("metricCol")} error={err(errors.metric)}>
        {(p) => (
          <Select {...p} value={metric} onChange={(e) => setMetric(e.target.value as typeof metric)}>
            {CAMPAIGN_METRICS.map((m) => (
              <option key={m} value={m}>{tcamp(`resultMetric.${m}`)}</option>
            ))}
          </Select>
        )}
      </Field>
      {metric === "custom" ? (
        <Field label={t("customName")} error={err(errors.customName)}>
          {(p) => <Input {...p} value={customName} onChange={(e) => setCustomName(e.target.value)} />}
        </Field>
      ) : (
        <div className="hidden sm:block" />
      )}
      <Field label={t("date")} error={err(errors.observedOn)}>
        {(p) => <Input {...p} type="date" value={observedOn} onChange={(e) => setObservedOn(e.target.value)} />}
      </Field>
      <Field label={metric === "revenue" ? t("amountIn", { currency }) : t("value")} error={err(errors.value)}>
        {(p) => <Input {...p} inputMode={metric === "revenue" ? "decimal" : "numeric"} value={value} onChange={(e) => setValue(e.target.value)} />}
      </Field>
      <div className="sm:pt-6">
        <Button type="submit" loading={record.isPending}>{t("recordResult")}</Button>
      </div>
    </form>
  );
}

function UtmForm({ campaignId, channels, onDone }: { campaignId: string; channels: string[]; onDone: () => Promise<void> }) {
  const t = useTranslations("campaigns.detail");
  const tcamp = useTranslations("campaigns");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const create = useMutation(trpc.campaign.createUtmLink.mutationOptions());
  const [v, setV] = useState({ landingUrl: "", channel: channels[0] ?? "", source: "", medium: "", campaign: "", content: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setV((s) => ({ ...s, [k]: e.target.value }));
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      await create.mutateAsync({
        orgSlug: org.slug,
        campaignId,
        landingUrl: v.landingUrl,
        channel: v.channel || null,
        source: v.source.trim() || undefined,
        medium: v.medium.trim() || undefined,
        campaign: v.campaign.trim() || undefined,
        content: v.content,
      });
      toast.success(t("utmCreated"));
      setV((s) => ({ ...s, landingUrl: "", content: "" }));
      await onDone();
    } catch (x) {
      showServerError<Record<string, string>>(x, {
        setError: (f, m) => setErrors((s) => ({ ...s, [f]: m.message ?? "" })),
        fields: ["landingUrl", "channel", "source", "medium", "campaign", "content"],
      });
    }
  };
  return (
    <form onSubmit={submit} noValidate className="mt-4 grid items-start gap-3 border-t border-zinc-100 pt-4 sm:grid-cols-3 dark:border-zinc-800">
      <h3 className="text-sm font-semibold sm:col-span-3">{t("utmBuilder")}</h3>
      <Field label={t("landingUrl")} error={err(errors.landingUrl)} className="sm:col-span-2">
        {(p) => <Input {...p} type="url" placeholder="https://" value={v.landingUrl} onChange={set("landingUrl")} />}
      </Field>
      <Field label={t("channel")} error={err(errors.channel)}>
        {(p) => (
          <Select {...p} value={v.channel} onChange={set("channel")}>
            <option value="">{t("noChannel")}</option>
            {channels.map((ch) => (
              <option key={ch} value={ch}>{tcamp.has(`channel.${ch}`) ? tcamp(`channel.${ch}`) : ch}</option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="utm_source" error={err(errors.source)} hint={t("optional")}>
        {(p) => <Input {...p} value={v.source} onChange={set("source")} />}
      </Field>
      <Field label="utm_medium" error={err(errors.medium)} hint={t("optional")}>
        {(p) => <Input {...p} value={v.medium} onChange={set("medium")} />}
      </Field>
      <Field label="utm_campaign" error={err(errors.campaign)} hint={t("optional")}>
        {(p) => <Input {...p} value={v.campaign} onChange={set("campaign")} />}
      </Field>
      <Field label="utm_content" error={err(errors.content)} hint={t("optional")}>
        {(p) => <Input {...p} value={v.content} onChange={set("content")} />}
      </Field>
      <div className="sm:col-span-2 sm:pt-6">
        <Button type="submit" loading={create.isPending}>{t("createUtm")}</Button>
      </div>
    </form>
  );
}
