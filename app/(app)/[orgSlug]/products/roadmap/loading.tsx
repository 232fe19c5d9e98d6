import { getTranslations } from "next-intl/server";
import { Card, Skeleton } from "@/app/_components/ui/card";

/** The roadmap's shape while it loads: header, funnel tiles, legend and a few timeline rows. */
export default async function Loading() {
  const t = await getTranslations("productRoadmap");
  return (
    <div aria-busy="true" className="space-y-4">
      <p className="sr-only" role="status">
        {t("loading")}
      </p>
      <div className="flex flex-wrap justify-between gap-3">
        <div className="space-y-2">
          <Skeleton className="h-8 w-56" />
          <Skeleton className="h-4 w-96 max-w-full" />
        </div>
        <Skeleton className="h-10 w-64" />
      </div>
      <Card className="p-4">
        <Skeleton className="mb-3 h-5 w-24" />
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-4 xl:grid-cols-8">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="h-24" />
          ))}
        </div>
      </Card>
      <Skeleton className="h-4 w-full max-w-3xl" />
      <Card className="overflow-hidden p-0" aria-hidden>
        <div className="flex border-b border-zinc-200 p-2 dark:border-zinc-800">
          <Skeleton className="h-5 w-32" />
        </div>
        {Array.from({ length: 6 }, (_, r) => (
          <div key={r} className="flex items-center gap-4 border-b border-zinc-100 px-3 py-3 last:border-b-0 dark:border-zinc-800">
            <Skeleton className="h-4 w-28 shrink-0 sm:w-44" />
            <div className="relative h-6 flex-1">
              <div className="absolute inset-y-0" style={{ left: `${(r * 13) % 45}%`, width: `${20 + ((r * 29) % 40)}%` }}>
                <Skeleton className="h-full" />
              </div>
            </div>
          </div>
        ))}
      </Card>
    </div>
  );
}
