import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/_components/ui/card";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { can } from "@/server/rbac/permissions";
import { ApprovalsInbox } from "./inbox-client";
import { INBOX_PAGE_SIZE, parseInboxParams } from "./filters";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("approvals"))("title") };
}

export default async function ApprovalsPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug } = await params;
  const sp = await searchParams;
  const t = await getTranslations("approvals");
  const org = await orNavigate((await serverCaller()).org.get({ orgSlug }));
  const role = org.me.role;
  const filters = parseInboxParams(sp, role);
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchInfiniteQuery(
      trpc.approval.inbox.infiniteQueryOptions(
        { orgSlug, limit: INBOX_PAGE_SIZE, ...filters },
        { getNextPageParam: (l) => l.nextCursor ?? undefined },
      ),
    ),
    can(role, "approval.delegate") ? qc.prefetchQuery(trpc.approval.delegations.queryOptions({ orgSlug })) : null,
    can(role, "approval.settings") ? qc.prefetchQuery(trpc.approval.settings.queryOptions({ orgSlug })) : null,
  ]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <HydrateClient>
        <ApprovalsInbox myUserId={org.me.userId} />
      </HydrateClient>
    </>
  );
}
