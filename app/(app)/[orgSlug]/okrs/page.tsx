import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { pickPeriod } from "@/server/okrs/period-param";
import { ObjectivesClient } from "./objectives-client";
import { parseObjectiveFilters } from "./filters";
import { NoPeriods } from "./_components/no-periods";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("okrs"))("title") };
}

export default async function OkrListPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug } = await params;
  const sp = await searchParams;
  const caller = await serverCaller();
  const [periods, org] = await Promise.all([orNavigate(caller.period.list({ orgSlug })), orNavigate(caller.org.get({ orgSlug }))]);
  const period = pickPeriod(periods, sp.period);
  if (!period) return <NoPeriods />;
  const filters = parseObjectiveFilters(sp);
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchQuery(trpc.objective.list.queryOptions({ orgSlug, periodId: period.id, ...filters })),
    qc.prefetchQuery(trpc.department.list.queryOptions({ orgSlug })),
    qc.prefetchQuery(trpc.member.list.queryOptions({ orgSlug, limit: 100 })),
    qc.prefetchQuery(trpc.objective.approvalState.queryOptions({ orgSlug, periodId: period.id })),
  ]);
  return (
    <HydrateClient>
      <ObjectivesClient
        periods={periods.map((p) => ({ id: p.id, name: p.name, status: p.status }))}
        period={{ id: period.id, name: period.name, status: period.status }}
        myUserId={org.me.userId}
        myDepartmentId={org.me.managedDepartmentIds[0] ?? org.me.departmentIds[0]}
        myDepartmentIds={org.me.departmentIds}
      />
    </HydrateClient>
  );
}
