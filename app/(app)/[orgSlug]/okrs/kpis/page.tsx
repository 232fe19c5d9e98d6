import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, trpc } from "@/app/_trpc/server";
import { KpisClient } from "./kpis-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("kpis"))("title") };
}

export default async function KpisPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchQuery(trpc.kpi.list.queryOptions({ orgSlug })),
    qc.prefetchQuery(trpc.department.list.queryOptions({ orgSlug })),
  ]);
  return (
    <HydrateClient>
      <KpisClient />
    </HydrateClient>
  );
}
