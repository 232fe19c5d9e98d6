import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { LifecycleSettings } from "./lifecycle-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("lifecycle") };
}

/** Everyone may look at the lifecycle; only admins and owners change it (the server decides). */
export default async function LifecyclePage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  await Promise.all([
    orNavigate((await serverCaller()).org.get({ orgSlug })),
    getQueryClient().prefetchQuery(trpc.product.stages.queryOptions({ orgSlug })),
  ]);
  return (
    <HydrateClient>
      <LifecycleSettings />
    </HydrateClient>
  );
}
