import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/_i18n/client-messages";
import { PageHeader } from "@/app/_components/ui/card";
import { OkrTabs } from "./okr-tabs";

export default async function OkrLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const t = await getTranslations("okrs");
  return (
    <ClientMessages part="okrs">
      <PageHeader title={t("title")} description={t("description")} />
      <OkrTabs orgSlug={orgSlug} />
      <div className="mt-6">{children}</div>
    </ClientMessages>
  );
}
