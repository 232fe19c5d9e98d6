import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { parseMovementRange, parseRiskFilters } from "./filters";
import { RegisterClient } from "./register-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("risks") };
}

export default async function RisksPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug } = await params;
  const sp = await searchParams;
  const filters = parseRiskFilters(sp);
  const today = new Date().toISOString().slice(0, 10);
  const range = parseMovementRange(sp, today);
  const caller = await serverCaller();
  const org = await orNavigate(caller.org.get({ orgSlug }));
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchQuery(trpc.risk.list.queryOptions({ orgSlug, ...filters })),
    qc.prefetchQuery(trpc.risk.heatMap.queryOptions({ orgSlug })),
    qc.prefetchQuery(trpc.risk.settings.queryOptions({ orgSlug })),
    qc.prefetchQuery(trpc.risk.movement.queryOptions({ orgSlug, ...range })),
    qc.prefetchQuery(trpc.department.list.queryOptions({ orgSlug })),
    qc.prefetchQuery(trpc.member.list.queryOptions({ orgSlug, limit: 100 })),
  ]);
  return (
    <HydrateClient>
      <RegisterClient
        today={today}
        me={{
          userId: org.me.userId,
          departmentIds: [...org.me.departmentIds],
          managedDepartmentIds: [...org.me.managedDepartmentIds],
        }}
      />
    </HydrateClient>
  );
}
