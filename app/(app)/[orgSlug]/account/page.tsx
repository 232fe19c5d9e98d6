import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, trpc } from "@/app/_trpc/server";
import { PageHeader } from "@/app/_components/ui/card";
import { AccountClient } from "./account-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

export default async function AccountPage() {
  const t = await getTranslations("account");
  const qc = getQueryClient();
  await Promise.all([qc.prefetchQuery(trpc.auth.me.queryOptions()), qc.prefetchQuery(trpc.auth.sessions.queryOptions())]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <HydrateClient>
        <AccountClient />
      </HydrateClient>
    </>
  );
}
