import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, trpc } from "@/app/_trpc/server";
import { EmptyState } from "@/app/_components/ui/card";
import { pickPeriod } from "@/server/okrs/period-param";
import { AlignmentClient } from "./alignment-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("alignment"))("title") };
}

export default async function AlignmentPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug } = await params;
  const sp = await searchParams;
  const qc = getQueryClient();
  const periods = await qc.fetchQuery(trpc.period.list.queryOptions({ orgSlug }));
  const period = pickPeriod(periods, sp.period);
  if (!period) {
    const t = await getTranslations("alignment");
    return (
      <EmptyState
        title={t("noPeriodsTitle")}
        description={t("noPeriodsBody")}
        action={
          <Link href={`/${orgSlug}/okrs/periods`} className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-100">
            {t("goToPeriods")}
          </Link>
        }
      />
    );
  }
  await Promise.all([
    qc.prefetchQuery(trpc.objective.tree.queryOptions({ orgSlug, periodId: period.id })),
    qc.prefetchQuery(trpc.period.rollup.queryOptions({ orgSlug, periodId: period.id })),
  ]);
  return (
    <HydrateClient>
      <AlignmentClient key={period.id} periodId={period.id} />
    </HydrateClient>
  );
}
