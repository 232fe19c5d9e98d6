import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, trpc } from "@/app/_trpc/server";
import { DepartmentsClient } from "./departments-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("departments") };
}

export default async function DepartmentsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  await getQueryClient().prefetchQuery(trpc.department.list.queryOptions({ orgSlug }));
  return (
    <HydrateClient>
      <DepartmentsClient />
    </HydrateClient>
  );
}
