import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { RiskDetail } from "./risk-detail";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("risks"))("detail.pageTitle") };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function RiskPage({ params }: { params: Promise<{ orgSlug: string; riskId: string }> }) {
  const { orgSlug, riskId } = await params;
  if (!UUID.test(riskId)) notFound();
  const caller = await serverCaller();
  const qc = getQueryClient();
  const [org] = await Promise.all([
    orNavigate(caller.org.get({ orgSlug })),
    orNavigate(qc.fetchQuery(trpc.risk.get.queryOptions({ orgSlug, riskId }))),
    qc.prefetchQuery(trpc.risk.settings.queryOptions({ orgSlug })),
    qc.prefetchQuery(trpc.department.list.queryOptions({ orgSlug })),
    qc.prefetchQuery(trpc.member.list.queryOptions({ orgSlug, limit: 100 })),
  ]);
  return (
    <HydrateClient>
      <RiskDetail
        riskId={riskId}
        me={{
          userId: org.me.userId,
          departmentIds: [...org.me.departmentIds],
          managedDepartmentIds: [...org.me.managedDepartmentIds],
        }}
      />
    </HydrateClient>
  );
}
