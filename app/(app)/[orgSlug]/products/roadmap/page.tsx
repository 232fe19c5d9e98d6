import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { RoadmapClient } from "./roadmap-client";
import { roadmapYear } from "./year-param";

export async function generateMetadata({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }): Promise<Metadata> {
  const year = roadmapYear((await searchParams).year);
  return { title: (await getTranslations("productRoadmap"))("titleYear", { year: String(year) }) };
}

export default async function RoadmapPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug } = await params;
  const year = roadmapYear((await searchParams).year);
  const caller = await serverCaller();
  const qc = getQueryClient();
  await Promise.all([
    orNavigate(caller.org.get({ orgSlug })),
    qc.prefetchQuery(trpc.product.roadmap.queryOptions({ orgSlug, year })),
    qc.prefetchQuery(trpc.product.funnel.queryOptions({ orgSlug })),
  ]);
  return (
    <HydrateClient>
      <RoadmapClient year={year} currentYear={new Date().getUTCFullYear()} />
    </HydrateClient>
  );
}
