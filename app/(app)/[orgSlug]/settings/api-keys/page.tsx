import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { can } from "@/server/rbac/permissions";
import { ApiKeysClient } from "./api-keys-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("apiKeys"))("title") };
}

/** Keys of the public REST API: owners and admins only (others get the same 404 as a missing page). */
export default async function ApiKeysPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const org = await orNavigate((await serverCaller()).org.get({ orgSlug }));
  if (!can(org.me.role, "apikey.manage")) notFound();
  await getQueryClient().prefetchQuery(trpc.apiKey.list.queryOptions({ orgSlug }));
  return (
    <HydrateClient>
      <ApiKeysClient />
    </HydrateClient>
  );
}
