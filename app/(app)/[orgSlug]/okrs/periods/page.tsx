import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, trpc } from "@/app/_trpc/server";
import { PeriodsClient } from "./periods-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("periods"))("title") };
}

export default async function PeriodsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  await getQueryClient().prefetchQuery(trpc.period.list.queryOptions({ orgSlug }));
  return (
    <HydrateClient>
      <PeriodsClient />
    </HydrateClient>
  );
}
