import { getTranslations } from "next-intl/server";
import { Card, Skeleton } from "@/app/_components/ui/card";

/** The key table while it loads (the settings header and tabs stay). */
export default async function Loading() {
  const t = await getTranslations("apiKeys");
  return (
    <div aria-busy="true" className="space-y-4">
      <p className="sr-only" role="status">
        {t("loading")}
      </p>
      <Skeleton className="h-4 w-full max-w-2xl" />
      <Card className="space-y-3 p-4" aria-hidden>
        {Array.from({ length: 3 }, (_, i) => (
          <Skeleton key={i} className="h-6 w-full" />
        ))}
      </Card>
    </div>
  );
}
