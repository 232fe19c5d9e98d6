"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useTRPC } from "@/app/_trpc/react";
import { Card } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { useOrg } from "@/app/_components/app/org-context";
import { useStageLabel } from "@/app/(app)/[orgSlug]/products/shared";
import { stageColor } from "./stage-colors";

export interface FunnelStage {
  id: string;
  key: string | null;
  name: string;
  products: number;
  medianDays: number | null;
  visits: number;
}

/**
 * The lifecycle funnel: how many products sit in each stage and the median days they spend there
 * (finished stays and current ones). Presentational, so a server component (the dashboard) can pass
 * the result of `product.funnel` itself; `ProductFunnel` below fetches it.
 */
export function FunnelSummary({
  stages,
  className,
  headingLevel = 2,
  href,
}: {
  stages: FunnelStage[];
  className?: string;
  headingLevel?: 2 | 3;
  /** Where the title links to (e.g. the board); no link when omitted. */
  href?: string;
}) {
  const t = useTranslations("productRoadmap.funnel");
  const stageLabel = useStageLabel();
  const total = stages.reduce((n, s) => n + s.products, 0);
  const max = Math.max(1, ...stages.map((s) => s.products));
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <Card className={cn("p-4", className)} data-testid="product-funnel">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <H className="font-semibold">{href ? <Link href={href} className="hover:underline">{t("title")}</Link> : t("title")}</H>
        <p className="text-xs text-zinc-500">{t("subtitle", { count: total })}</p>
      </div>
      {stages.length === 0 ? (
        <p className="text-sm text-zinc-500">{t("noStages")}</p>
      ) : (
        <ol className="grid gap-1 sm:grid-cols-4 sm:gap-2 lg:grid-flow-col lg:grid-cols-none lg:auto-cols-fr">
          {stages.map((s, i) => {
            const label = stageLabel(s);
            const median = s.medianDays == null ? t("noMedian") : t("medianDays", { days: s.medianDays < 10 ? s.medianDays : Math.round(s.medianDays) });
            return (
              // A compact row per stage on a phone (name, bar, count; median below), a tile from `sm` up.
              <li
                key={s.id}
                className="grid grid-cols-[minmax(0,7.5rem)_1fr_2rem] items-center gap-x-3 py-0.5 sm:block sm:rounded-md sm:border sm:border-zinc-200 sm:p-2.5 sm:dark:border-zinc-800"
                aria-label={t("stageSummary", { stage: label, count: s.products, median })}
                data-testid="funnel-stage"
              >
                <div className="order-1 flex min-w-0 items-center gap-1.5 text-xs font-medium text-zinc-600 dark:text-zinc-400">
                  <span className="size-2 shrink-0 rounded-full" style={{ backgroundColor: stageColor(i) }} aria-hidden />
                  <span className="truncate" title={label}>{label}</span>
                </div>
                <div className="order-3 text-right text-sm font-semibold tabular-nums sm:mt-1 sm:text-left sm:text-2xl" aria-hidden>{s.products}</div>
                <div className="order-2 h-1.5 overflow-hidden rounded-full bg-zinc-100 sm:mt-1 dark:bg-zinc-800" aria-hidden>
                  <div className="h-full rounded-full" style={{ width: `${(s.products / max) * 100}%`, backgroundColor: stageColor(i) }} />
                </div>
                <div className="order-4 col-span-2 col-start-2 text-xs text-zinc-500 sm:mt-1.5" aria-hidden>{median}</div>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}

/** The funnel, fetched on the client (prefetch `product.funnel` on the server to avoid a spinner). */
export function ProductFunnel(props: Omit<Parameters<typeof FunnelSummary>[0], "stages">) {
  const trpc = useTRPC();
  const org = useOrg();
  const { data } = useSuspenseQuery(trpc.product.funnel.queryOptions({ orgSlug: org.slug }));
  return <FunnelSummary stages={data} {...props} />;
}
