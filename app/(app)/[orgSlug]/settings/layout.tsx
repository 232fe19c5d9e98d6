import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/_i18n/client-messages";
import { PageHeader } from "@/app/_components/ui/card";
import { SettingsTabs } from "./settings-tabs";

export default async function SettingsLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const t = await getTranslations("settings");
  return (
    <ClientMessages part="settings">
      <PageHeader title={t("title")} description={t("description")} />
      <SettingsTabs orgSlug={orgSlug} />
      <div className="mt-6">{children}</div>
    </ClientMessages>
  );
}
