import { getTranslations } from "next-intl/server";
import { Card, Skeleton } from "@/app/_components/ui/card";

/** Stage cards while the lifecycle loads (the settings header and tabs stay). */
export default async function Loading() {
  const t = await getTranslations("productSettings");
  return (
    <div aria-busy="true" className="space-y-4">
      <p className="sr-only" role="status">
        {t("loading")}
      </p>
      <Skeleton className="h-4 w-full max-w-2xl" />
      <Skeleton className="h-14 w-full max-w-3xl" />
      {Array.from({ length: 4 }, (_, i) => (
        <Card key={i} className="max-w-3xl space-y-3 p-4" aria-hidden>
          <div className="flex items-center justify-between gap-3">
            <Skeleton className="h-6 w-48" />
            <Skeleton className="h-8 w-40" />
          </div>
          <Skeleton className="h-4 w-3/4" />
          <Skeleton className="h-4 w-1/2" />
        </Card>
      ))}
    </div>
  );
}
