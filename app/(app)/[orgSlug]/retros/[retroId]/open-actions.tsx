"use client";

import { useQuery } from "@tanstack/react-query";
import { Link2 } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useTRPC } from "@/app/_trpc/react";
import { Badge, Card } from "@/app/_components/ui/card";
import { useOrg } from "@/app/_components/app/org-context";
import { useRetroLabels } from "@/app/_components/retros/retro-ui";
import type { RetroAction, RetroState } from "./live";

/** Where a converted action went. */
export function ConvertedLink({ to }: { to: NonNullable<RetroAction["convertedTo"]> }) {
  const t = useTranslations("retros.board");
  const org = useOrg();
  const href = to.type === "objective" ? `/${org.slug}/okrs/o/${to.id}` : to.type === "risk" ? `/${org.slug}/risks/${to.id}` : to.type === "kpi" ? `/${org.slug}/okrs/kpis` : to.objectiveId ? `/${org.slug}/okrs/o/${to.objectiveId}` : `/${org.slug}/okrs`;
  return (
    <Link href={href} className="inline-flex items-center gap-1 text-xs font-medium text-brand-700 hover:underline dark:text-brand-300" data-testid="action-converted">
      <Link2 className="size-3.5" aria-hidden /> {t(`convertedTo.${to.type}`)}
    </Link>
  );
}

/** Open actions of earlier retros of the same departments: reviewed while preparing. */
export function OpenActions({ retro: r }: { retro: RetroState }) {
  const t = useTranslations("retros.board");
  const labels = useRetroLabels();
  const format = useFormatter();
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Card className="p-4">
      <h2 className="mb-2 font-semibold">{t("openActionsTitle")}</h2>
      {r.openActions.length === 0 ? (
        <p className="text-sm text-zinc-500">{t("openActionsEmpty")}</p>
      ) : (
        <ul className="space-y-2" data-testid="open-actions">
          {r.openActions.map((a) => (
            <li key={a.id} className="rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-800">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <span className="min-w-0 break-words font-medium">{a.title}</span>
                <Badge>{labels.status(a.status)}</Badge>
              </div>
              <p className="mt-1 flex flex-wrap gap-x-3 text-xs text-zinc-600 dark:text-zinc-400">
                <span>{t("fromRetro", { title: a.retroTitle })}</span>
                <span>
                  {t("owner")}: {a.ownerName ?? t("noOwner")}
                </span>
                {a.convertedTo && <ConvertedLink to={a.convertedTo} />}
                {a.dueOn && (
                  <span className={a.dueOn < today ? "font-medium text-red-600 dark:text-red-400" : undefined}>
                    {t("due")}: {format.dateTime(new Date(`${a.dueOn}T00:00:00`), { dateStyle: "medium" })}
                  </span>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** The period's facts to discuss: objective grades, campaigns over budget, risks that went up, overdue actions. */
export function PeriodInputs({ retroId }: { retroId: string }) {
  const t = useTranslations("retros.board");
  const org = useOrg();
  const trpc = useTRPC();
  const inputs = useQuery(trpc.retro.inputs.queryOptions({ orgSlug: org.slug, retroId }));
  const d = inputs.data;
  const empty = d && !d.grades.length && !d.overBudget.length && !d.risksUp.length && !d.overdueActions.length;
  const list = (title: string, items: { id: string; text: string; extra?: string; href?: string }[]) =>
    items.length > 0 && (
      <div>
        <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">{title}</h3>
        <ul className="mt-1 space-y-0.5 text-sm">
          {items.map((i) => (
            <li key={i.id} className="flex justify-between gap-2">
              {i.href ? (
                <Link href={i.href} className="min-w-0 break-words hover:underline">
                  {i.text}
                </Link>
              ) : (
                <span className="min-w-0 break-words">{i.text}</span>
              )}
              {i.extra && <span className="shrink-0 tabular-nums text-zinc-600 dark:text-zinc-400">{i.extra}</span>}
            </li>
          ))}
        </ul>
      </div>
    );
  return (
    <Card className="space-y-3 p-4" data-testid="retro-inputs">
      <h2 className="font-semibold">
        {t("inputsTitle")}
        {d?.period ? ` · ${d.period.name}` : ""}
      </h2>
      {inputs.isLoading && <p className="text-sm text-zinc-500">{t("inputsLoading")}</p>}
      {inputs.isError && <p className="text-sm text-red-600 dark:text-red-400">{t("inputsError")}</p>}
      {empty && <p className="text-sm text-zinc-500">{t("inputsEmpty")}</p>}
      {d && (
        <>
          {list(
            t("inputsGrades"),
            d.grades.map((g) => ({ id: g.id, text: g.title, extra: g.score === null ? t("noScore") : Number(g.score).toFixed(1), href: `/${org.slug}/okrs/o/${g.id}` })),
          )}
          {list(
            t("inputsOverBudget"),
            d.overBudget.map((c) => ({ id: c.id, text: c.name, href: `/${org.slug}/campaigns/${c.id}` })),
          )}
          {list(
            t("inputsRisksUp"),
            d.risksUp.map((x) => ({ id: x.id, text: x.title, extra: t("riskMove", { from: String(x.from), to: String(x.residualScore) }), href: `/${org.slug}/risks/${x.id}` })),
          )}
          {list(
            t("inputsOverdue"),
            d.overdueActions.map((a) => ({ id: a.id, text: a.title, extra: a.dueOn ?? undefined })),
          )}
        </>
      )}
    </Card>
  );
}
