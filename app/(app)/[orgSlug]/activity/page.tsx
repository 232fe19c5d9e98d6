import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { PageHeader } from "@/app/_components/ui/card";
import { can } from "@/server/rbac/permissions";
import { notFound } from "next/navigation";
import { ActivityClient } from "./activity-client";
import { parseActivityFilters } from "./filters";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("activity") };
}

export default async function ActivityPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug } = await params;
  const filters = parseActivityFilters(new URLSearchParams(Object.entries(await searchParams).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : []))));
  const org = await orNavigate((await serverCaller()).org.get({ orgSlug }));
  if (!can(org.me.role, "audit.read")) notFound();
  const t = await getTranslations("activity");
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchInfiniteQuery(
      trpc.activity.list.infiniteQueryOptions({ orgSlug, limit: 50, ...filters }, { getNextPageParam: (l) => l.nextCursor ?? undefined }),
    ),
    qc.prefetchQuery(trpc.member.list.queryOptions({ orgSlug, limit: 100 })),
  ]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <HydrateClient>
        <ActivityClient />
      </HydrateClient>
    </>
  );
}
