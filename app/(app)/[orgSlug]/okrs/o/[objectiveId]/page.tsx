import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { ObjectiveDetail } from "./objective-detail";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("okrs");
  return { title: t("detail.pageTitle") };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ObjectivePage({ params }: { params: Promise<{ orgSlug: string; objectiveId: string }> }) {
  const { orgSlug, objectiveId } = await params;
  const caller = await serverCaller();
  if (!UUID.test(objectiveId)) notFound();
  const [org] = await Promise.all([
    orNavigate(caller.org.get({ orgSlug })),
    orNavigate(getQueryClient().fetchQuery(trpc.objective.get.queryOptions({ orgSlug, objectiveId }))),
  ]);
  return (
    <HydrateClient>
      <ObjectiveDetail objectiveId={objectiveId} me={{ userId: org.me.userId, managedDepartmentIds: org.me.managedDepartmentIds }} />
    </HydrateClient>
  );
}
