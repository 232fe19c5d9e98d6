import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { RiskSettingsClient } from "./risk-settings-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("risks"))("settings.pageTitle") };
}

/** Everyone may read the risk settings; only admins and owners change them (the server decides). */
export default async function RiskSettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  await Promise.all([
    orNavigate((await serverCaller()).org.get({ orgSlug })),
    getQueryClient().prefetchQuery(trpc.risk.settings.queryOptions({ orgSlug })),
  ]);
  return (
    <HydrateClient>
      <RiskSettingsClient />
    </HydrateClient>
  );
}
