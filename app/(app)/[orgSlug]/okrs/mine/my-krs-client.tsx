"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import type { AppRouter } from "@/server/api/root";
import { confidenceBand } from "@/server/okrs/progress";
import { useTRPC } from "@/app/_trpc/react";
import { Badge, Card, EmptyState } from "@/app/_components/ui/card";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import { ConfidenceBadge } from "@/app/_components/okrs/confidence-badge";
import { formatKrValue } from "@/app/_components/okrs/format";
import { ProgressBar } from "@/app/_components/okrs/progress-bar";
import { CheckInForm } from "./check-in-form";

export type MyKr = inferRouterOutputs<AppRouter>["keyResult"]["mine"][number];

export function MyKrsClient() {
  const t = useTranslations("myKrs");
  const org = useOrg();
  const trpc = useTRPC();
  const { data: krs } = useSuspenseQuery(trpc.keyResult.mine.queryOptions({ orgSlug: org.slug }));
  const mayCheckIn = useCan("checkIn.create");
  // Due ones first, in the order of the first load: a row does not jump away right after its check-in.
  const [order] = useState(() => [...krs].sort((a, b) => Number(b.due) - Number(a.due)).map((k) => k.id));
  const rank = (id: string) => {
    const i = order.indexOf(id);
    return i < 0 ? order.length : i;
  };
  const rows = [...krs].sort((a, b) => rank(a.id) - rank(b.id) || Number(b.due) - Number(a.due));
  const due = krs.filter((k) => k.due).length;

  if (krs.length === 0) {
    return (
      <EmptyState
        title={t("emptyTitle")}
        description={t("emptyBody")}
        action={
          <Link
            href={`/${org.slug}/okrs`}
            className="inline-flex h-10 items-center justify-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700"
          >
            {t("browseObjectives")}
          </Link>
        }
      />
    );
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
        {due > 0 ? t("summaryDue", { due, total: krs.length }) : t("summaryAllDone", { total: krs.length })}
      </p>
      <ul className="space-y-4" aria-label={t("title")}>
        {rows.map((kr) => (
          <li key={kr.id}>
            <KrRow kr={kr} mayCheckIn={mayCheckIn} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function KrRow({ kr, mayCheckIn }: { kr: MyKr; mayCheckIn: boolean }) {
  const t = useTranslations("myKrs");
  const org = useOrg();
  const locale = useLocale();
  const format = useFormatter();
  const labels = { done: t("done"), notDone: t("notDone") };
  const fmt = (v: number | null) => formatKrValue(v, kr, locale, labels);
  const current = fmt(kr.currentValue ?? (kr.type === "milestone" ? 0 : kr.startValue));
  const target =
    kr.direction === "band" && kr.bandMin != null && kr.bandMax != null
      ? `${fmt(kr.bandMin)} – ${fmt(kr.bandMax)}`
      : fmt(kr.targetValue);

  return (
    <Card
      className={kr.due ? "border-l-4 border-l-amber-500" : undefined}
      data-testid={`my-kr-${kr.title}`}
      data-due={kr.due ? "true" : "false"}
    >
      <div className="space-y-3 p-4">
        <div className="flex flex-wrap items-center gap-2 text-xs">
          <Link
            href={`/${org.slug}/okrs/o/${kr.objectiveId}`}
            className="font-medium text-brand-700 hover:underline focus-visible:underline dark:text-brand-100"
          >
            {kr.objectiveTitle}
          </Link>
          <Badge>{kr.periodName}</Badge>
          {kr.due && (
            <Badge
              className="bg-amber-50 text-amber-700 dark:bg-amber-900/30 dark:text-amber-300"
              data-testid="kr-due"
            >
              {t("due")}
            </Badge>
          )}
        </div>
        <h2 className="font-semibold">{kr.title}</h2>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
          <span className="tabular-nums">
            {kr.type === "milestone" ? (
              <strong className="font-semibold">{current}</strong>
            ) : (
              t.rich("currentOfTarget", {
                current,
                target,
                strong: (chunks) => <strong className="font-semibold">{chunks}</strong>,
              })
            )}
          </span>
          <ConfidenceBadge confidence={kr.confidence} />
          <span className="text-xs text-zinc-500">
            {kr.lastCheckInAt
              ? t("lastCheckIn", { date: format.dateTime(kr.lastCheckInAt, { dateStyle: "medium" }) })
              : t("neverCheckedIn")}
          </span>
        </div>
        <ProgressBar
          value={kr.progress}
          band={confidenceBand(kr.confidence)}
          label={t("progressFor", { title: kr.title })}
        />
      </div>
      {mayCheckIn && (
        <div className="border-t border-zinc-100 bg-zinc-50/60 p-4 dark:border-zinc-800 dark:bg-zinc-950/30">
          <CheckInForm kr={kr} />
        </div>
      )}
    </Card>
  );
}
