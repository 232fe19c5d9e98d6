import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { boardInput } from "./board-input";
import { ProductsBoard } from "./board";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("products") };
}

export default async function ProductsPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug } = await params;
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) if (typeof v === "string") sp.set(k, v);
  const caller = await serverCaller();
  const org = await orNavigate(caller.org.get({ orgSlug }));
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchQuery(trpc.product.stages.queryOptions({ orgSlug })),
    qc.prefetchQuery(trpc.product.list.queryOptions({ orgSlug, ...boardInput(sp) })),
    qc.prefetchQuery(trpc.department.list.queryOptions({ orgSlug })),
    qc.prefetchQuery(trpc.member.list.queryOptions({ orgSlug, limit: 100 })),
  ]);
  return (
    <HydrateClient>
      <ProductsBoard myUserId={org.me.userId} myDepartmentId={org.me.managedDepartmentIds[0] ?? org.me.departmentIds[0]} />
    </HydrateClient>
  );
}
