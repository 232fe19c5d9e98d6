import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { CampaignDetail } from "./campaign-detail";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("campaigns"))("detail.pageTitle") };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function CampaignPage({
  params,
}: {
  params: Promise<{ orgSlug: string; campaignId: string }>;
}) {
  const { orgSlug, campaignId } = await params;
  if (!UUID.test(campaignId)) notFound();
  const caller = await serverCaller();
  const [org] = await Promise.all([
    orNavigate(caller.org.get({ orgSlug })),
    orNavigate(getQueryClient().fetchQuery(trpc.campaign.get.queryOptions({ orgSlug, campaignId }))),
  ]);
  return (
    <HydrateClient>
      <CampaignDetail
        campaignId={campaignId}
        me={{
          userId: org.me.userId,
          departmentIds: [...org.me.departmentIds],
          managedDepartmentIds: [...org.me.managedDepartmentIds],
        }}
      />
    </HydrateClient>
  );
}
