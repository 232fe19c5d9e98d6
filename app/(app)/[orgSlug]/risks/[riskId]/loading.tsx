import { getTranslations } from "next-intl/server";
import { Card, Skeleton } from "@/app/_components/ui/card";

/** The risk page's shape while it loads: header, assessment and treatment on the left, side cards on the right. */
export default async function Loading() {
  const t = await getTranslations("risks");
  return (
    <div aria-busy="true" className="space-y-4">
      <p className="sr-only" role="status">
        {t("detail.loading")}
      </p>
      <Skeleton className="h-4 w-32" />
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-2">
          <div className="flex gap-1.5">
            <Skeleton className="h-5 w-20" />
            <Skeleton className="h-5 w-16" />
          </div>
          <Skeleton className="h-8 w-96 max-w-full" />
          <Skeleton className="h-4 w-64" />
        </div>
        <Skeleton className="h-10 w-64 max-w-full" />
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          {[56, 40, 32].map((h, i) => (
            <Card key={i} className="space-y-3 p-4" aria-hidden>
              <Skeleton className="h-6 w-40" />
              <div style={{ height: `${h * 4}px` }}>
                <Skeleton className="h-full w-full" />
              </div>
            </Card>
          ))}
        </div>
        <div className="space-y-4">
          {[0, 1, 2].map((i) => (
            <Card key={i} className="space-y-2 p-4" aria-hidden>
              <Skeleton className="h-6 w-32" />
              <Skeleton className="h-4 w-full" />
              <Skeleton className="h-4 w-3/4" />
            </Card>
          ))}
        </div>
      </div>
    </div>
  );
}
