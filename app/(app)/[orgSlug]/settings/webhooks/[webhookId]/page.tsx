import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { parseDeliveryStatus } from "../filters";
import { WebhookDetail } from "./webhook-detail";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("webhooks"))("pageTitle") };
}

/** One webhook: its settings and actions, and its delivery log (`?status=` filters it). */
export default async function WebhookPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string; webhookId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug, webhookId } = await params;
  const status = parseDeliveryStatus((await searchParams).status);
  const qc = getQueryClient();
  const hook = await orNavigate((await serverCaller()).webhook.get({ orgSlug, webhookId }));
  qc.setQueryData(trpc.webhook.get.queryKey({ orgSlug, webhookId }), hook);
  await qc.prefetchInfiniteQuery(
    trpc.webhook.deliveries.infiniteQueryOptions({ orgSlug, webhookId, status, limit: 25 }, { getNextPageParam: (l) => l.nextCursor ?? undefined }),
  );
  return (
    <HydrateClient>
      <WebhookDetail webhookId={webhookId} />
    </HydrateClient>
  );
}
