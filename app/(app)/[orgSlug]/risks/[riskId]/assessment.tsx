"use client";

import { useFormatter, useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { cn } from "@/app/_components/ui/cn";
import { dateOf, LevelBadge, useRiskLabels, type RiskLevel } from "@/app/_components/risks/risk-ui";
import { Section } from "./shared";
import type { RiskView } from "./types";

// recharts loads only with this chart.
const HistoryChart = dynamic(() => import("./history-chart"), {
  ssr: false,
  loading: () => <div className="h-60 animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-800" aria-hidden />,
});

/** The latest assessment (inherent, residual, target after treatment), review dates, and the history as a chart or a table. */
export function Assessment({ risk: r, mayUpdate, onAssess }: { risk: RiskView; mayUpdate: boolean; onAssess: () => void }) {
  const t = useTranslations("risks.assessment");
  const format = useFormatter();
  const locale = useLocale();
  const [asTable, setAsTable] = useState(false);
  const day = (d: string) => format.dateTime(dateOf(d), { dateStyle: "medium", timeZone: "UTC" });

  return (
    <Section
      id="assessment"
      title={t("title")}
      description={
        r.lastAssessedAt
          ? t("lastAssessed", { when: format.dateTime(new Date(r.lastAssessedAt), { dateStyle: "medium" }) })
          : t("never")
      }
      actions={
        r.nextReviewOn && (
          <p className={cn("text-sm", r.reviewOverdue ? "font-medium text-amber-700 dark:text-amber-400" : "text-zinc-600 dark:text-zinc-400")}>
            {t("nextReview", { date: day(r.nextReviewOn) })}
          </p>
        )
      }
    >
      {r.inherentScore === null ? (
        <div className="rounded-md border border-dashed border-zinc-300 p-4 text-center text-sm dark:border-zinc-700">
          <p>{t("notAssessed")}</p>
          {mayUpdate && (
            <Button className="mt-3" onClick={onAssess}>
              {t("assessNow")}
            </Button>
          )}
        </div>
      ) : (
        <>
          <div className="grid gap-3 sm:grid-cols-3">
            <Score label={t("inherent")} l={r.inherentLikelihood} i={r.inherentImpact} score={r.inherentScore} level={r.inherentLevel} testId="score-inherent" scales={r.scales} />
            <Score label={t("residual")} l={r.residualLikelihood} i={r.residualImpact} score={r.residualScore} level={r.residualLevel} testId="score-residual" scales={r.scales} />
            <Score label={t("target")} l={r.targetLikelihood} i={r.targetImpact} score={r.targetScore} level={r.targetLevel} testId="score-target" scales={r.scales} />
          </div>
          <p className="mt-2 text-xs text-zinc-500">{t("appetiteLine", { appetite: r.appetite })}</p>

          <div className="mt-4">
            <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
              <h3 className="text-sm font-medium">{t("history")}</h3>
              <Button size="sm" variant="ghost" onClick={() => setAsTable((v) => !v)} aria-pressed={asTable}>
                {asTable ? t("showChart") : t("showTable")}
              </Button>
            </div>
            {asTable || r.assessments.length < 2 ? (
              <>
                {!asTable && <p className="mb-2 text-xs text-zinc-500">{t("chartNeedsTwo")}</p>}
                <HistoryTable risk={r} />
              </>
            ) : (
              <figure>
                <HistoryChart
                  locale={locale}
                  appetite={r.appetite}
                  points={r.assessments.map((a) => ({ t: new Date(a.createdAt).getTime(), inherent: a.inherentScore, residual: a.residualScore }))}
                  labels={{ inherent: t("inherent"), residual: t("residual"), appetite: t("appetite") }}
                />
                <figcaption className="sr-only">{t("chartCaption")}</figcaption>
              </figure>
            )}
          </div>
        </>
      )}
    </Section>
  );
}

function Score({
  label,
  l,
  i,
  score,
  level,
  testId,
  scales,
}: {
  label: string;
  l: number | null;
  i: number | null;
  score: number | null;
  level: RiskLevel | null;
  testId: string;
  scales: RiskView["scales"];
}) {
  const t = useTranslations("risks.assessment");
  const labels = useRiskLabels(scales);
  return (
    <div className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-testid={testId}>
      <p className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</p>
      {score === null || l === null || i === null ? (
        <p className="mt-1 text-sm text-zinc-500">—</p>
      ) : (
        <>
          <p className="mt-1 flex items-center gap-2">
            <span className="text-2xl font-semibold tabular-nums">{score}</span>
            <LevelBadge level={level} testId={null} />
          </p>
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            {t("lxi", { likelihood: l, likelihoodLabel: labels.likelihood(l), impact: i, impactLabel: labels.impact(i) })}
          </p>
        </>
      )}
    </div>
  );
}

function HistoryTable({ risk: r }: { risk: RiskView }) {
  const t = useTranslations("risks.assessment");
  const format = useFormatter();
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-sm" data-testid="assessment-history">
        <caption className="sr-only">{t("history")}</caption>
        <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:border-zinc-800">
          <tr>
            <th scope="col" className="py-1.5 pr-3 font-medium">{t("when")}</th>
            <th scope="col" className="py-1.5 pr-3 font-medium">{t("inherent")}</th>
            <th scope="col" className="py-1.5 pr-3 font-medium">{t("residual")}</th>
            <th scope="col" className="py-1.5 pr-3 font-medium">{t("by")}</th>
            <th scope="col" className="py-1.5 font-medium">{t("rationale")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {[...r.assessments].reverse().map((a) => (
            <tr key={a.id}>
              <td className="whitespace-nowrap py-1.5 pr-3">{format.dateTime(new Date(a.createdAt), { dateStyle: "medium", timeStyle: "short" })}</td>
              <td className="whitespace-nowrap py-1.5 pr-3 tabular-nums">
                <span className="font-semibold">{a.inherentScore}</span> <span className="text-xs text-zinc-500">({a.inherentLikelihood}×{a.inherentImpact})</span>
              </td>
              <td className="whitespace-nowrap py-1.5 pr-3 tabular-nums">
                <span className="font-semibold">{a.residualScore}</span> <span className="text-xs text-zinc-500">({a.residualLikelihood}×{a.residualImpact})</span>
              </td>
              <td className="whitespace-nowrap py-1.5 pr-3">{a.assessorName ?? "—"}</td>
              <td className="py-1.5 text-zinc-600 dark:text-zinc-400">{a.rationale || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
