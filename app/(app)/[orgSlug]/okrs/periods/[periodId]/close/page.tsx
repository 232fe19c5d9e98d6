import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, trpc } from "@/app/_trpc/server";
import { CloseClient } from "./close-client";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function generateMetadata({ params }: { params: Promise<{ orgSlug: string; periodId: string }> }): Promise<Metadata> {
  const { orgSlug, periodId } = await params;
  const t = await getTranslations("periods");
  if (!UUID.test(periodId)) return { title: t("close.title") };
  const periods = await getQueryClient().fetchQuery(trpc.period.list.queryOptions({ orgSlug }));
  const period = periods.find((p) => p.id === periodId);
  return { title: period ? t("close.titleFor", { name: period.name }) : t("close.title") };
}

export default async function ClosePeriodPage({ params }: { params: Promise<{ orgSlug: string; periodId: string }> }) {
  const { orgSlug, periodId } = await params;
  if (!UUID.test(periodId)) notFound();
  const qc = getQueryClient();
  const periods = await qc.fetchQuery(trpc.period.list.queryOptions({ orgSlug }));
  if (!periods.some((p) => p.id === periodId)) notFound();
  await qc.prefetchQuery(trpc.objective.list.queryOptions({ orgSlug, periodId }));
  return (
    <HydrateClient>
      <CloseClient periodId={periodId} />
    </HydrateClient>
  );
}
