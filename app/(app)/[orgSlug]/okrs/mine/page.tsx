import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, trpc } from "@/app/_trpc/server";
import { MyKrsClient } from "./my-krs-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("myKrs"))("title") };
}

export default async function MyKeyResultsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  await getQueryClient().prefetchQuery(trpc.keyResult.mine.queryOptions({ orgSlug }));
  return (
    <HydrateClient>
      <MyKrsClient />
    </HydrateClient>
  );
}
