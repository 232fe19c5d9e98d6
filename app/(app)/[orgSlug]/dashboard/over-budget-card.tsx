import { AlertTriangle, ChevronRight } from "lucide-react";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { subMinor } from "@/server/campaigns/money";
import { Card } from "@/app/_components/ui/card";
import { formatMoney } from "../campaigns/filters";

type CampaignList = inferRouterOutputs<AppRouter>["campaign"]["list"];

/** The approved budget as a percentage of the spend (0–100), for the bar. */
const approvedShare = (approved: number, spent: number) => (spent > 0 ? Math.max(0, Math.min(100, (approved / spent) * 100)) : 100);

/**
 * Campaigns whose spend went past their approved budget (campaign.list with overBudget: true). Not
 * rendered when there are none: a dashboard warning that says "nothing to worry about" is noise.
 */
export async function OverBudgetCard({ orgSlug, list }: { orgSlug: string; list: CampaignList }) {
  if (!list.items.length) return null;
  const t = await getTranslations("dashboard.overBudget");
  const locale = await getLocale();
  const format = await getFormatter();
  const pct = (x: number | null) => (x == null ? "—" : format.number(x, { style: "percent", maximumFractionDigits: 0 }));
  return (
    <Card className="mt-6 border-red-200 dark:border-red-900/60" data-testid="over-budget-card">
      <section aria-labelledby="over-budget-heading">
        <div className="flex flex-wrap items-start justify-between gap-2 border-b border-red-100 px-5 py-4 dark:border-red-900/40">
          <div>
            <h2 id="over-budget-heading" className="flex items-center gap-2 font-semibold text-red-800 dark:text-red-300">
              <AlertTriangle className="size-4" aria-hidden /> {t("title")}
            </h2>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("body")}</p>
          </div>
          <Link href={`/${orgSlug}/campaigns`} className="text-sm text-brand-600 hover:underline">
            {list.nextCursor ? t("seeAll") : t("allCampaigns")}
          </Link>
        </div>
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {list.items.map((c) => {
            const approved = c.totals.approvedMinor ?? c.metrics.budgetMinor;
            const over = subMinor(c.totals.spendMinor, approved);
            const burn = c.metrics.burn;
            return (
              <li key={c.id}>
                <Link
                  href={`/${orgSlug}/campaigns/${c.id}`}
                  className="flex items-center gap-4 px-5 py-3 hover:bg-zinc-50 focus-visible:bg-zinc-50 dark:hover:bg-zinc-800/50 dark:focus-visible:bg-zinc-800/50"
                  data-testid={`over-budget-${c.id}`}
                >
                  <div className="min-w-0 flex-1">
                    <p className="truncate font-medium">{c.name}</p>
                    <p className="truncate text-xs text-zinc-600 dark:text-zinc-400">
                      {c.ownerName}
                      {c.departmentName ? ` · ${c.departmentName}` : ""}
                    </p>
                    {/* The whole bar is the spend: the approved part, then the overspend in red. */}
                    <div
                      className="mt-2 flex h-1.5 w-full max-w-xs overflow-hidden rounded-full bg-red-500"
                      role="img"
                      aria-label={t("burnLabel", { burn: pct(burn) })}
                    >
                      <div className="h-full bg-zinc-300 dark:bg-zinc-600" style={{ width: `${approvedShare(approved, c.totals.spendMinor)}%` }} />
                    </div>
                  </div>
                  <div className="shrink-0 text-right text-sm">
                    <p className="tabular-nums">
                      {t("spentOf", { spent: formatMoney(locale, c.totals.spendMinor, c.currency), approved: formatMoney(locale, approved, c.currency) })}
                    </p>
                    <p className="text-xs font-medium text-red-700 tabular-nums dark:text-red-300">
                      {t("burn", { burn: pct(burn), over: formatMoney(locale, over, c.currency) })}
                    </p>
                  </div>
                  <ChevronRight className="size-4 shrink-0 text-zinc-400" aria-hidden />
                </Link>
              </li>
            );
          })}
        </ul>
      </section>
    </Card>
  );
}
