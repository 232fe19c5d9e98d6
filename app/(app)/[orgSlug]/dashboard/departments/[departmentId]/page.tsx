import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { orNavigate, serverCaller } from "@/app/_trpc/server";
import { PageHeader } from "@/app/_components/ui/card";
import { minorDigits } from "@/server/campaigns/money";
import { pickPeriod } from "@/server/okrs/period-param";
import { CheckInCompliance } from "../../_components/compliance";
import { DashboardFilters } from "../../_components/dashboard-filters";
import { DashboardView } from "../../_components/dashboard-view";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("dashboard") };
}

/** One department's dashboard: the org dashboard narrowed to it, plus its members' check-ins this week. */
export default async function DepartmentDashboardPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string; departmentId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug, departmentId } = await params;
  const sp = await searchParams;
  const t = await getTranslations("orgDashboard");
  const caller = await serverCaller();
  const [departments, periods] = await Promise.all([orNavigate(caller.department.list({ orgSlug })), orNavigate(caller.period.list({ orgSlug }))]);
  const department = departments.find((d) => d.id === departmentId);
  if (!department) notFound();
  const period = pickPeriod(periods, sp.period);
  const [data, compliance] = await Promise.all([
    orNavigate(caller.dashboard.org({ orgSlug, periodId: period?.id, departmentId: department.id })),
    orNavigate(caller.dashboard.checkIns({ orgSlug, periodId: period?.id, departmentId: department.id })),
  ]);
  return (
    <>
      <PageHeader title={t("departmentTitle", { department: department.name })} description={period ? t("description", { period: period.name }) : t("noPeriod")} />
      <DashboardFilters
        periods={periods.map((p) => ({ id: p.id, name: p.name }))}
        periodId={period?.id ?? null}
        departments={departments.map((d) => ({ id: d.id, name: d.name }))}
        departmentId={department.id}
        fixedDepartment
      />
      <DashboardView data={data} currencyDigits={minorDigits(data.campaigns.baseCurrency)} compliance={<CheckInCompliance data={compliance} orgSlug={orgSlug} />} />
    </>
  );
}
