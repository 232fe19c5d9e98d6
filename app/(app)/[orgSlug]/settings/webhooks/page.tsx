import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { WebhooksClient } from "./webhooks-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("webhooks"))("pageTitle") };
}

/** Outgoing webhooks: admins and owners only (anyone else gets a 404, as the server decides). */
export default async function WebhooksPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const qc = getQueryClient();
  const list = await orNavigate((await serverCaller()).webhook.list({ orgSlug }));
  qc.setQueryData(trpc.webhook.list.queryKey({ orgSlug }), list);
  return (
    <HydrateClient>
      <WebhooksClient />
    </HydrateClient>
  );
}
