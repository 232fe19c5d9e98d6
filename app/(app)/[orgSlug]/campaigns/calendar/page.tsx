import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getQueryClient, HydrateClient, orNavigate, serverCaller, trpc } from "@/app/_trpc/server";
import { PageHeader } from "@/app/_components/ui/card";
import { CalendarClient } from "./calendar-client";
import { parseCalendarParams, todayUtc, viewRange } from "./calendar-params";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("campaignCalendar"))("title") };
}

export default async function CampaignCalendarPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug } = await params;
  const today = todayUtc();
  const p = parseCalendarParams(await searchParams, today);
  const { from, to } = viewRange(p.view, p.date);
  const t = await getTranslations("campaignCalendar");
  const caller = await serverCaller();
  const qc = getQueryClient();
  const [org] = await Promise.all([
    orNavigate(caller.org.get({ orgSlug })),
    qc.prefetchQuery(
      trpc.campaign.calendar.queryOptions({
        orgSlug,
        from,
        to,
        channel: p.channel,
        departmentId: p.departmentId,
      }),
    ),
    qc.prefetchQuery(trpc.campaign.settings.queryOptions({ orgSlug })),
    qc.prefetchQuery(trpc.department.list.queryOptions({ orgSlug })),
  ]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <HydrateClient>
        <CalendarClient params={p} today={today} me={org.me} />
      </HydrateClient>
    </>
  );
}
