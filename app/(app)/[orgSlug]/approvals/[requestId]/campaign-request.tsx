"use client";

import { ArrowRight, ExternalLink, Layers, Scale, Target } from "lucide-react";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import type { BudgetSnapshot } from "@/server/campaigns/approval";
import { isCurrency, subMinor } from "@/server/campaigns/money";
import { dateOf, formatMoney } from "../../campaigns/filters";
import { Badge, Card } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { useOrg } from "@/app/_components/app/org-context";

/**
 * The frozen plan of a "campaign_launch" or "campaign_budget" request (server/campaigns/approval.ts
 * describeBudget()). Requests made before a field was added lack it, so names, audience, description
 * and key results are optional here.
 */
export type CampaignSnapshot = Omit<BudgetSnapshot, "campaign" | "keyResults"> & {
  campaign: Pick<BudgetSnapshot["campaign"], "id" | "name" | "status" | "startsOn" | "endsOn" | "channels" | "departmentId" | "ownerId"> &
    Partial<Pick<BudgetSnapshot["campaign"], "departmentName" | "ownerName" | "description" | "audience" | "audienceTags">>;
  keyResults?: BudgetSnapshot["keyResults"];
};

export const CAMPAIGN_SUBJECTS = ["campaign_launch", "campaign_budget"] as const;

export function isCampaignSnapshot(snapshot: unknown): snapshot is CampaignSnapshot {
  const s = snapshot as Partial<CampaignSnapshot> | null;
  return (
    !!s &&
    (CAMPAIGN_SUBJECTS as readonly string[]).includes(s.kind ?? "") &&
    !!s.campaign &&
    Array.isArray(s.lines) &&
    typeof s.requestedMinor === "number" &&
    typeof s.currency === "string" &&
    isCurrency(s.currency) &&
    isCurrency(s.baseCurrency ?? "")
  );
}

const DAY = 86_400_000;

/** Money formatting and labels shared by the view and the decision dialog. */
export function useCampaignFormat() {
  const locale = useLocale();
  const format = useFormatter();
  const tc = useTranslations("campaigns");
  return {
    money: (minor: number | null | undefined, currency: string) => formatMoney(locale, minor, currency),
    // Two dates rather than dateTimeRange: range spacing differs between ICU versions (server vs browser).
    date: (d: string) => format.dateTime(dateOf(d), { dateStyle: "medium", timeZone: "UTC" }),
    channel: (ch: string) => (tc.has(`channel.${ch}`) ? tc(`channel.${ch}`) : ch),
    metric: (m: string, custom: string) => (m === "custom" && custom ? custom : tc.has(`resultMetric.${m}`) ? tc(`resultMetric.${m}`) : m),
  };
}

type Step = { rule: { kind: string } };

/**
 * Why the request has the steps it has: the planned budget in the base currency against the org's
 * threshold, and whether the department had another manager to decide (server/campaigns/approval.ts
 * budgetSteps()).
 */
function routeReason(s: CampaignSnapshot, steps: Step[]): "within" | "withinAdmins" | "above" | "aboveAdminsOnly" {
  const firstIsManagers = steps[0]?.rule.kind === "department_managers";
  if (!s.twoStep) return firstIsManagers ? "within" : "withinAdmins";
  return firstIsManagers && steps.length > 1 ? "above" : "aboveAdminsOnly";
}

export function CampaignRequestView({ snapshot: s, steps, departmentName }: { snapshot: CampaignSnapshot; steps: Step[]; departmentName: string | null }) {
  const t = useTranslations("approvals.campaign");
  const f = useCampaignFormat();
  const format = useFormatter();
  const org = useOrg();
  const c = s.campaign;
  const days = Math.round((dateOf(c.endsOn).getTime() - dateOf(c.startsOn).getTime()) / DAY) + 1;
  const foreign = s.currency !== s.baseCurrency;
  const isBudget = s.kind === "campaign_budget";
  const krs = s.keyResults ?? [];
  const reason = routeReason(s, steps);
  const money = (m: number | null | undefined) => f.money(m, s.currency);
  const base = (m: number) => f.money(m, s.baseCurrency);
  const increase = isBudget && s.approvedMinor != null ? subMinor(s.requestedMinor, s.approvedMinor) : null;

  return (
    <section aria-labelledby="snapshot-heading" className="space-y-4" data-testid="campaign-snapshot">
      <div>
        <h2 id="snapshot-heading" className="text-lg font-semibold">
          {t("heading")}
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{isBudget ? t("summaryBudget") : t("summaryLaunch")}</p>
      </div>

      <Card className="p-4">
        <h3 className="text-base font-semibold">
          <Link href={`/${org.slug}/campaigns/${c.id}`} className="inline-flex items-center gap-1 hover:text-brand-700 hover:underline" data-testid="campaign-link">
            {c.name}
            <ExternalLink className="size-3.5 text-zinc-400" aria-hidden />
          </Link>
        </h3>
        {c.description && <p className="mt-1 line-clamp-4 whitespace-pre-line text-sm text-zinc-700 dark:text-zinc-300">{c.description}</p>}
        <dl className="mt-3 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
          <Item label={t("dates")}>
            <time dateTime={c.startsOn}>{f.date(c.startsOn)}</time> – <time dateTime={c.endsOn}>{f.date(c.endsOn)}</time>
            <span className="text-zinc-500"> · {t("days", { count: days })}</span>
          </Item>
          <Item label={t("department")}>{c.departmentName ?? departmentName ?? (c.departmentId ? "—" : t("noDepartment"))}</Item>
          <Item label={t("owner")}>{c.ownerName ?? "—"}</Item>
          <Item label={t("channels")}>
            <span className="flex flex-wrap gap-1">
              {c.channels.map((ch) => (
                <Badge key={ch}>{f.channel(ch)}</Badge>
              ))}
            </span>
          </Item>
          {(c.audience || (c.audienceTags?.length ?? 0) > 0) && (
            <Item label={t("audience")} wide>
              {c.audience}
              {(c.audienceTags?.length ?? 0) > 0 && (
                <span className={cn("flex flex-wrap gap-1", c.audience && "mt-1")}>
                  {c.audienceTags!.map((tag) => (
                    <Badge key={tag} className="bg-sky-50 text-sky-700 dark:bg-sky-900/30 dark:text-sky-300">
                      {tag}
                    </Badge>
                  ))}
                </span>
              )}
            </Item>
          )}
        </dl>
      </Card>

      <Card className="overflow-hidden" data-testid="campaign-budget">
        <div className="flex flex-wrap items-baseline justify-between gap-2 p-4 pb-3">
          <h3 className="flex items-center gap-2 font-semibold">
            <Layers className="size-4 text-zinc-500" aria-hidden /> {t("plannedBudget")}
          </h3>
          <span className="text-xs text-zinc-500">{t("currency", { currency: s.currency })}</span>
        </div>
        {isBudget && (
          <div className="mx-4 mb-3 grid gap-3 rounded-md bg-zinc-50 p-3 text-sm sm:grid-cols-3 dark:bg-zinc-800/50" data-testid="budget-change">
            <div>
              <div className="text-xs text-zinc-500">{t("approvedBefore")}</div>
              <div className="mt-0.5 font-medium tabular-nums">{money(s.approvedMinor)}</div>
            </div>
            <div>
              <div className="text-xs text-zinc-500">{t("approvedAfter")}</div>
              <div className="mt-0.5 inline-flex items-center gap-1 font-semibold tabular-nums">
                <ArrowRight className="size-3.5 text-zinc-400" aria-hidden />
                {money(s.requestedMinor)}
              </div>
            </div>
            {increase != null && (
              <div>
                <div className="text-xs text-zinc-500">{t("increase")}</div>
                <div className="mt-0.5 font-medium text-amber-700 tabular-nums dark:text-amber-300">
                  +{money(increase)}
                  {s.approvedMinor ? (
                    <span className="text-zinc-500"> ({format.number(increase / s.approvedMinor, { style: "percent", maximumFractionDigits: 1 })})</span>
                  ) : null}
                </div>
              </div>
            )}
          </div>
        )}
        {s.lines.length === 0 ? (
          <p className="border-t border-zinc-100 px-4 py-3 text-sm text-zinc-500 dark:border-zinc-800">{t("noLines")}</p>
        ) : (
          <div className="overflow-x-auto border-t border-zinc-100 dark:border-zinc-800">
            <table className="w-full text-sm">
              <caption className="sr-only">{t("linesCaption", { name: c.name })}</caption>
              <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">{t("channel")}</th>
                  <th scope="col" className="px-4 py-2 font-medium">{t("category")}</th>
                  <th scope="col" className="px-4 py-2 text-right font-medium">{t("amount")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {s.lines.map((l, i) => (
                  <tr key={i}>
                    <td className="px-4 py-2">{f.channel(l.channel)}</td>
                    <td className="px-4 py-2 text-zinc-600 dark:text-zinc-400">{l.category || "—"}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{money(l.amountMinor)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot className="border-t border-zinc-200 dark:border-zinc-700">
                <tr>
                  <th scope="row" colSpan={2} className="px-4 py-2 text-left font-semibold">
                    {isBudget ? t("totalRequested") : t("total")}
                  </th>
                  <td className="px-4 py-2 text-right font-semibold tabular-nums" data-testid="budget-total">
                    {money(s.requestedMinor)}
                  </td>
                </tr>
                {foreign && (
                  <tr>
                    <td colSpan={2} className="px-4 pb-2 text-xs text-zinc-500">
                      {s.rate ? t("rate", { currency: s.currency, rate: s.rate, base: s.baseCurrency }) : t("noRate")}
                    </td>
                    <td className="px-4 pb-2 text-right text-sm tabular-nums text-zinc-600 dark:text-zinc-400" data-testid="budget-total-base">
                      ≈ {base(s.requestedBaseMinor)}
                    </td>
                  </tr>
                )}
              </tfoot>
            </table>
          </div>
        )}
      </Card>

      <Card className={cn("p-4 text-sm", s.twoStep && "border-violet-200 dark:border-violet-800")} data-testid="approval-route">
        <h3 className="flex items-center gap-2 font-semibold">
          <Scale className="size-4 text-zinc-500" aria-hidden /> {t("routeHeading")}
        </h3>
        <dl className="mt-2 grid gap-x-6 gap-y-2 sm:grid-cols-2">
          <Item label={t("threshold")}>{base(s.thresholdMinor)}</Item>
          <Item label={foreign ? t("requestedInBase", { base: s.baseCurrency }) : t("requested")}>
            <span className={cn("font-medium tabular-nums", s.twoStep && "text-violet-700 dark:text-violet-300")}>{base(s.requestedBaseMinor)}</span>
          </Item>
        </dl>
        <p className="mt-3 text-zinc-700 dark:text-zinc-300">
          {t(`route.${reason}`, { amount: base(s.requestedBaseMinor), threshold: base(s.thresholdMinor) })}
        </p>
        {!isBudget && <p className="mt-1 text-zinc-600 dark:text-zinc-400">{t("lockOnApproval", { amount: money(s.requestedMinor) })}</p>}
      </Card>

      <Card className="p-4 text-sm" data-testid="campaign-krs">
        <h3 className="flex items-center gap-2 font-semibold">
          <Target className="size-4 text-zinc-500" aria-hidden /> {t("keyResults")}
        </h3>
        {krs.length === 0 ? (
          <p className="mt-1 text-zinc-500">{s.keyResults ? t("noKeyResults") : t("keyResultsUnknown")}</p>
        ) : (
          <ul className="mt-2 divide-y divide-zinc-100 dark:divide-zinc-800">
            {krs.map((k) => (
              <li key={k.id} className="flex flex-wrap items-start justify-between gap-2 py-2">
                <div className="min-w-0">
                  <Link href={`/${org.slug}/okrs/o/${k.objectiveId}`} className="font-medium hover:text-brand-700 hover:underline">
                    {k.title}
                  </Link>
                  <p className="text-xs text-zinc-500">{t("objective", { title: k.objectiveTitle })}</p>
                </div>
                {k.feedMetric ? (
                  <Badge className="bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300">
                    {t("feeds", { metric: f.metric(k.feedMetric, k.feedCustomName) })}
                  </Badge>
                ) : (
                  <Badge>{t("linkedOnly")}</Badge>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </section>
  );
}

function Item({ label, children, wide }: { label: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <div className={cn(wide && "sm:col-span-2")}>
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}
