import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { can } from "@/server/rbac/permissions";
import { MembersClient } from "./members-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("members") };
}

export default async function MembersPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug } = await params;
  const sp = await searchParams;
  const search = typeof sp.q === "string" ? sp.q.slice(0, 100) : "";
  const dept = typeof sp.dept === "string" ? sp.dept : "";
  const org = await orNavigate((await serverCaller()).org.get({ orgSlug }));
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchInfiniteQuery(
      trpc.member.list.infiniteQueryOptions(
        { orgSlug, limit: 50, search: search || undefined, departmentId: /^[0-9a-f-]{36}$/.test(dept) ? dept : undefined },
        { getNextPageParam: (l) => l.nextCursor ?? undefined },
      ),
    ),
    qc.prefetchQuery(trpc.department.list.queryOptions({ orgSlug })),
    can(org.me.role, "member.invite") ? qc.prefetchQuery(trpc.invitation.list.queryOptions({ orgSlug })) : null,
  ]);
  return (
    <HydrateClient>
      <MembersClient initialSearch={search} initialDept={dept} myUserId={org.me.userId} />
    </HydrateClient>
  );
}
