import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { RetroList } from "./retro-list";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("retros") };
}

export default async function RetrosPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const caller = await serverCaller();
  const org = await orNavigate(caller.org.get({ orgSlug }));
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchQuery(trpc.retro.list.queryOptions({ orgSlug })),
    // What the "New retro" dialog needs, so it opens filled in.
    qc.prefetchQuery(trpc.period.list.queryOptions({ orgSlug })),
    qc.prefetchQuery(trpc.department.list.queryOptions({ orgSlug })),
    qc.prefetchQuery(trpc.member.list.queryOptions({ orgSlug, limit: 100 })),
    qc.prefetchQuery(trpc.retro.templates.queryOptions({ orgSlug })),
  ]);
  return (
    <HydrateClient>
      <RetroList myUserId={org.me.userId} />
    </HydrateClient>
  );
}
