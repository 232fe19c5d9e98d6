import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { redirect } from "next/navigation";
import { orNavigate, serverCaller } from "@/app/_trpc/server";
import { EmptyState, PageHeader } from "@/app/_components/ui/card";
import { pickPeriod } from "@/server/okrs/period-param";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("review"))("navLabel") };
}

/** The review of the current period (or of `?period=`): each period's review has its own URL. */
export default async function ReviewIndex({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug } = await params;
  const sp = await searchParams;
  const caller = await serverCaller();
  const periods = await orNavigate(caller.period.list({ orgSlug }));
  const period = pickPeriod(periods, sp.period);
  if (period) redirect(`/${orgSlug}/review/${period.id}`);
  const t = await getTranslations("review");
  return (
    <>
      <PageHeader title={t("navLabel")} description={t("description")} />
      <EmptyState
        title={t("noPeriods")}
        action={
          <Link href={`/${orgSlug}/okrs/periods`} className="text-sm text-brand-600 hover:underline">
            {t("periodsLink")}
          </Link>
        }
      />
    </>
  );
}
