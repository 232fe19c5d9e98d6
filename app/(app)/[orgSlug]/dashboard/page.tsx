import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { Activity, Building2, CheckSquare, ShieldAlert, Target, Users } from "lucide-react";
import { orNavigate, serverCaller } from "@/app/_trpc/server";
import { Card, PageHeader } from "@/app/_components/ui/card";
import { pickPeriod } from "@/server/okrs/period-param";
import { minorDigits } from "@/server/campaigns/money";
import { can } from "@/server/rbac/permissions";
import { DashboardFilters } from "./_components/dashboard-filters";
import { DashboardView } from "./_components/dashboard-view";
import { OverBudgetCard } from "./over-budget-card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("dashboard") };
}

/**
 * The organisation's dashboard for a period (`?period=`), optionally narrowed to one department
 * (`?department=`): the analytics (each chart drills down to its list), then what needs someone now.
 */
export default async function DashboardPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug } = await params;
  const sp = await searchParams;
  const t = await getTranslations("dashboard");
  const td = await getTranslations("orgDashboard");
  const caller = await serverCaller();
  const [org, members, departments, periods, mine, approvals, overBudget, riskList] = await Promise.all([
    orNavigate(caller.org.get({ orgSlug })),
    orNavigate(caller.member.list({ orgSlug, limit: 100 })),
    orNavigate(caller.department.list({ orgSlug })),
    orNavigate(caller.period.list({ orgSlug })),
    orNavigate(caller.keyResult.mine({ orgSlug })),
    orNavigate(caller.approval.counts({ orgSlug })),
    // Up to five campaigns whose spend is past their approved budget (every role may read campaigns).
    orNavigate(caller.campaign.list({ orgSlug, overBudget: true, limit: 5 })),
    orNavigate(caller.risk.list({ orgSlug })),
  ]);
  // Unknown ids in the URL fall back to the defaults rather than failing the page.
  const period = pickPeriod(periods, sp.period);
  const department = departments.find((d) => d.id === sp.department);
  const data = await orNavigate(caller.dashboard.org({ orgSlug, periodId: period?.id, departmentId: department?.id }));
  // Risks that need someone now: an early warning, a missed review, or above appetite without an acceptance.
  const attention = riskList.items.filter((r) => (!department || r.departmentId === department.id) && (r.warningAt || r.reviewOverdue || (r.aboveAppetite && r.status !== "accepted")));
  const due = mine.filter((k) => k.due).length;
  const memberCount = members.items.length + (members.nextCursor ? "+" : "");
  const cards = [
    { icon: Target, label: t("checkInsDue"), value: due, href: `/${orgSlug}/okrs/mine` },
    { icon: CheckSquare, label: t("approvalsWaiting"), value: approvals.waiting, href: `/${orgSlug}/approvals` },
    { icon: Users, label: t("members"), value: memberCount, href: `/${orgSlug}/settings/members` },
    { icon: Building2, label: t("departments"), value: departments.length, href: `/${orgSlug}/settings/departments` },
  ];
  return (
    <>
      <PageHeader
        title={department ? td("departmentTitle", { department: department.name }) : t("welcome", { org: org.name })}
        description={period ? td("description", { period: period.name }) : td("noPeriod")}
      />
      <DashboardFilters
        periods={periods.map((p) => ({ id: p.id, name: p.name }))}
        periodId={period?.id ?? null}
        departments={departments.map((d) => ({ id: d.id, name: d.name }))}
        departmentId={department?.id ?? null}
      />
      <div className="no-print mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        {cards.map(({ icon: Icon, label, value, href }) => (
          <Link key={href} href={href}>
            <Card className="px-4 py-3 transition-colors hover:border-brand-500">
              <div className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
                <Icon className="size-4" aria-hidden /> {label}
              </div>
              <div className="mt-1 text-2xl font-semibold tabular-nums">{value}</div>
            </Card>
          </Link>
        ))}
        {can(org.me.role, "audit.read") && (
          <Link href={`/${orgSlug}/activity`}>
            <Card className="h-full px-4 py-3 transition-colors hover:border-brand-500">
              <div className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
                <Activity className="size-4" aria-hidden /> {t("activity")}
              </div>
              <div className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{t("activityHint")}</div>
            </Card>
          </Link>
        )}
      </div>
      <DashboardView data={data} currencyDigits={minorDigits(data.campaigns.baseCurrency)} />
      <OverBudgetCard orgSlug={orgSlug} list={overBudget} />
      {attention.length > 0 && (
        <Card className="mt-6 p-5 break-inside-avoid" data-testid="dashboard-risks">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 className="flex items-center gap-2 font-semibold">
              <ShieldAlert className="size-4 text-red-600" aria-hidden /> {t("risks.title", { count: attention.length })}
            </h2>
            <Link href={`/${orgSlug}/risks`} className="text-sm text-brand-600 hover:underline">
              {t("risks.register")}
            </Link>
          </div>
          <ul className="mt-3 divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
            {attention.slice(0, 6).map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <Link href={`/${orgSlug}/risks/${r.id}`} className="font-medium hover:underline">
                  {r.title}
                </Link>
                <span className="flex flex-wrap gap-1.5 text-xs">
                  {r.warningAt && <span className="rounded bg-red-50 px-1.5 py-0.5 text-red-700 dark:bg-red-900/30 dark:text-red-300">{t("risks.warning")}</span>}
                  {r.reviewOverdue && <span className="rounded bg-amber-50 px-1.5 py-0.5 text-amber-700 dark:bg-amber-900/30 dark:text-amber-300">{t("risks.overdue")}</span>}
                  {r.aboveAppetite && r.status !== "accepted" && (
                    <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">{t("risks.aboveAppetite", { score: r.score ?? 0, appetite: r.appetite })}</span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
