import { getTranslations } from "next-intl/server";
import { Card, Skeleton } from "@/app/_components/ui/card";

/** Settings cards while the risk settings load (the settings header and tabs stay). */
export default async function Loading() {
  const t = await getTranslations("risks");
  return (
    <div aria-busy="true" className="max-w-4xl space-y-4">
      <p className="sr-only" role="status">
        {t("settings.loading")}
      </p>
      <Skeleton className="h-4 w-full max-w-2xl" />
      {[40, 24, 64, 56].map((h, i) => (
        <Card key={i} className="space-y-3 p-4" aria-hidden>
          <Skeleton className="h-6 w-48" />
          <div style={{ height: `${h * 4}px` }}>
            <Skeleton className="h-full w-full" />
          </div>
        </Card>
      ))}
    </div>
  );
}
