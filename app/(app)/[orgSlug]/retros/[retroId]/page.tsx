import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { RetroBoard } from "./retro-board";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("retros") };
}

export default async function RetroPage({ params }: { params: Promise<{ orgSlug: string; retroId: string }> }) {
  const { orgSlug, retroId } = await params;
  const caller = await serverCaller();
  // Unknown or foreign retro ids become a 404 here rather than an error on the client.
  const state = await orNavigate(caller.retro.get({ orgSlug, retroId }), `/${orgSlug}/retros/${retroId}`);
  const qc = getQueryClient();
  qc.setQueryData(trpc.retro.get.queryKey({ orgSlug, retroId }), state);
  await qc.prefetchQuery(trpc.member.list.queryOptions({ orgSlug, limit: 100 }));
  return (
    <HydrateClient>
      <RetroBoard retroId={retroId} />
    </HydrateClient>
  );
}
