import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { ProductDetail } from "./product-detail";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("products") };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ProductPage({ params }: { params: Promise<{ orgSlug: string; productId: string }> }) {
  const { orgSlug, productId } = await params;
  if (!UUID.test(productId)) notFound();
  const caller = await serverCaller();
  const [org] = await Promise.all([
    orNavigate(caller.org.get({ orgSlug })),
    orNavigate(getQueryClient().fetchQuery(trpc.product.get.queryOptions({ orgSlug, productId }))),
  ]);
  return (
    <HydrateClient>
      <ProductDetail productId={productId} me={{ userId: org.me.userId, departmentIds: org.me.departmentIds, managedDepartmentIds: org.me.managedDepartmentIds }} />
    </HydrateClient>
  );
}
