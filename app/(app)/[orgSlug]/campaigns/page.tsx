import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { CampaignsClient } from "./campaigns-client";
import { PAGE_SIZE, parseCampaignFilters } from "./filters";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("campaigns") };
}

export default async function CampaignListPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug } = await params;
  const filters = parseCampaignFilters(await searchParams);
  const caller = await serverCaller();
  const org = await orNavigate(caller.org.get({ orgSlug }));
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchInfiniteQuery(
      trpc.campaign.list.infiniteQueryOptions(
        { orgSlug, ...filters, limit: PAGE_SIZE },
        { getNextPageParam: (last) => last.nextCursor ?? undefined },
      ),
    ),
    qc.prefetchQuery(trpc.campaign.settings.queryOptions({ orgSlug })),
    qc.prefetchQuery(trpc.department.list.queryOptions({ orgSlug })),
    qc.prefetchQuery(trpc.member.list.queryOptions({ orgSlug, limit: 100 })),
  ]);
  return (
    <HydrateClient>
      <CampaignsClient myUserId={org.me.userId} myDepartmentId={org.me.managedDepartmentIds[0] ?? org.me.departmentIds[0]} />
    </HydrateClient>
  );
}
