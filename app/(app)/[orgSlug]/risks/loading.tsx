import { getTranslations } from "next-intl/server";
import { Card, Skeleton } from "@/app/_components/ui/card";

/** The register's shape while it loads: header, heat map and movement, filters and table rows. */
export default async function Loading() {
  const t = await getTranslations("risks");
  return (
    <div aria-busy="true" className="space-y-4">
      <p className="sr-only" role="status">
        {t("loading")}
      </p>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-2">
          <Skeleton className="h-8 w-48" />
          <Skeleton className="h-4 w-80 max-w-full" />
        </div>
        <Skeleton className="h-10 w-72 max-w-full" />
      </div>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)]">
        <Card className="space-y-3 p-4" aria-hidden>
          <Skeleton className="h-6 w-32" />
          <div className="grid grid-cols-5 gap-1 pl-16">
            {Array.from({ length: 25 }, (_, i) => (
              <Skeleton key={i} className="aspect-square" />
            ))}
          </div>
        </Card>
        <Card className="space-y-3 p-4" aria-hidden>
          <Skeleton className="h-6 w-40" />
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="h-6 w-full" />
          ))}
        </Card>
      </div>
      <div className="flex flex-wrap gap-2">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-10 w-32" />
        ))}
      </div>
      <Card className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-hidden>
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="flex gap-4 px-4 py-3">
            <Skeleton className="h-5 flex-1" />
            <Skeleton className="h-5 w-20" />
            <Skeleton className="h-5 w-16" />
            <Skeleton className="h-5 w-24" />
          </div>
        ))}
      </Card>
    </div>
  );
}
