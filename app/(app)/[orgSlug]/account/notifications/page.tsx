import type { Metadata } from "next";
import Link from "next/link";
import { ChevronLeft } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, trpc } from "@/app/_trpc/server";
import { PageHeader } from "@/app/_components/ui/card";
import { PreferencesClient } from "./preferences-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notifications.prefs"))("title") };
}

export default async function NotificationPreferencesPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const t = await getTranslations("notifications.prefs");
  await getQueryClient().prefetchQuery(trpc.notification.preferences.queryOptions({ orgSlug }));
  return (
    <>
      <Link
        href={`/${orgSlug}/account`}
        className="mb-2 inline-flex items-center gap-1 text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
      >
        <ChevronLeft className="size-4" aria-hidden /> {t("back")}
      </Link>
      <PageHeader title={t("title")} description={t("description")} />
      <HydrateClient>
        <PreferencesClient />
      </HydrateClient>
    </>
  );
}
