import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { EmptyState } from "@/app/_components/ui/card";

export async function NoPeriods() {
  const t = await getTranslations("okrs.list");
  return (
    <EmptyState
      title={t("noPeriodsTitle")}
      description={t("noPeriodsBody")}
      action={
        <Link href="periods" className="text-sm font-medium text-brand-600 hover:underline">
          {t("goToPeriods")}
        </Link>
      }
    />
  );
}
