import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, trpc } from "@/app/_trpc/server";
import { BackupSettings } from "./backup-settings";
import { GeneralSettings } from "./general-settings";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

export default async function SettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  await getQueryClient().prefetchQuery(trpc.org.get.queryOptions({ orgSlug }));
  return (
    <HydrateClient>
      <div className="space-y-6">
        <GeneralSettings />
        <BackupSettings />
      </div>
    </HydrateClient>
  );
}
