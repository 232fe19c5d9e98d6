import { getTranslations } from "next-intl/server";
import { Card, Skeleton } from "@/app/_components/ui/card";

/** The calendar's shape while it loads: title, toolbar, legend and a month of week rows. */
export default async function Loading() {
  const t = await getTranslations("campaignCalendar");
  return (
    <div aria-busy="true" className="space-y-4">
      <p className="sr-only" role="status">
        {t("loading")}
      </p>
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-4 w-full max-w-2xl" />
      <div className="flex flex-wrap justify-between gap-3">
        <Skeleton className="h-9 w-56" />
        <Skeleton className="h-9 w-96 max-w-full" />
      </div>
      <div className="flex flex-wrap justify-between gap-3">
        <Skeleton className="h-8 w-72" />
        <Skeleton className="h-5 w-96 max-w-full" />
      </div>
      <Card className="overflow-hidden p-0" aria-hidden>
        <div className="grid grid-cols-7 gap-px border-b border-zinc-200 p-2 dark:border-zinc-800">
          {Array.from({ length: 7 }, (_, i) => (
            <Skeleton key={i} className="h-4 w-10" />
          ))}
        </div>
        {Array.from({ length: 5 }, (_, w) => (
          <div
            key={w}
            className="space-y-1.5 border-b border-zinc-200 p-2 last:border-b-0 dark:border-zinc-800"
          >
            <Skeleton className="h-4 w-6" />
            <div style={{ width: `${40 + ((w * 23) % 55)}%`, marginLeft: `${(w * 17) % 40}%` }}>
              <Skeleton className="h-5" />
            </div>
            <div style={{ width: `${25 + ((w * 31) % 50)}%`, marginLeft: `${(w * 29) % 50}%` }}>
              <Skeleton className="h-5" />
            </div>
          </div>
        ))}
      </Card>
    </div>
  );
}
