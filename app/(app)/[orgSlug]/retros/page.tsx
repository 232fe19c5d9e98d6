import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { RetroList } from "./retro-list";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("retros") };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** List filters from the URL (`?period=&dept=`, e.g. a dashboard's drill-down); invalid values are ignored. */
function parseRetroFilters(sp: Record<string, string | string[] | undefined>) {
  const one = (k: string) => (typeof sp[k] === "string" && UUID.test(sp[k]) ? sp[k] : undefined);
  return { periodId: one("period"), departmentId: one("dept") };
}

export default async function RetrosPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug } = await params;
  const filters = parseRetroFilters(await searchParams);
  const caller = await serverCaller();
  const org = await orNavigate(caller.org.get({ orgSlug }));
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchQuery(trpc.retro.list.queryOptions({ orgSlug, ...filters })),
    // What the "New retro" dialog needs, so it opens filled in.
    qc.prefetchQuery(trpc.period.list.queryOptions({ orgSlug })),
    qc.prefetchQuery(trpc.department.list.queryOptions({ orgSlug })),
    qc.prefetchQuery(trpc.member.list.queryOptions({ orgSlug, limit: 100 })),
    qc.prefetchQuery(trpc.retro.templates.queryOptions({ orgSlug })),
  ]);
  return (
    <HydrateClient>
      <RetroList myUserId={org.me.userId} filters={filters} />
    </HydrateClient>
  );
}
