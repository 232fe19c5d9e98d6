import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { DependenciesClient } from "./dependencies-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dependencies"))("title") };
}

export default async function DependenciesPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const qc = getQueryClient();
  const [org] = await Promise.all([
    orNavigate((await serverCaller()).org.get({ orgSlug })),
    qc.prefetchQuery(trpc.dependency.list.queryOptions({ orgSlug })),
    qc.prefetchQuery(trpc.department.list.queryOptions({ orgSlug })),
  ]);
  return (
    <HydrateClient>
      <DependenciesClient myDepartmentIds={[...org.me.departmentIds]} />
    </HydrateClient>
  );
}
