import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { getQueryClient, HydrateClient, orNavigate, trpc } from "@/app/_trpc/server";
import { RequestDetail } from "./request-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("approvals"))("detail.pageTitle") };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ApprovalRequestPage({ params }: { params: Promise<{ orgSlug: string; requestId: string }> }) {
  const { orgSlug, requestId } = await params;
  if (!UUID.test(requestId)) notFound();
  await orNavigate(getQueryClient().fetchQuery(trpc.approval.get.queryOptions({ orgSlug, requestId })));
  return (
    <HydrateClient>
      <RequestDetail requestId={requestId} />
    </HydrateClient>
  );
}
