"use client";

import { ArrowRight, CheckCircle2, Circle, CircleAlert, Link2 } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import type { GateSnapshot } from "@/server/products/approval";
import { Badge, Card } from "@/app/_components/ui/card";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { useCriterionLabel, useStageLabel } from "../../products/shared";

export function isGateSnapshot(snapshot: unknown): snapshot is GateSnapshot {
  const s = snapshot as Partial<GateSnapshot> | null;
  return !!s && !!s.product && !!s.fromStage && !!s.toStage && Array.isArray(s.checklist);
}

/** A "stage_gate" request: where the product is, where it would go, the checklist as it stood, any override. */
export function StageGateRequestView({ snapshot: s }: { snapshot: GateSnapshot }) {
  const t = useTranslations("products.approval");
  const org = useOrg();
  const err = useErrorText();
  const stageLabel = useStageLabel();
  const criterionLabel = useCriterionLabel();
  const open = s.checklist.filter((i) => !i.passed).length;
  return (
    <Card className="space-y-4 p-4" data-testid="stage-gate-request">
      <div>
        <Link href={`/${org.slug}/products/${s.product.id}`} className="text-lg font-semibold text-brand-700 hover:underline dark:text-brand-300">
          {s.product.name}
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
          <Badge>{stageLabel(s.fromStage)}</Badge>
          <ArrowRight className="size-4 text-zinc-400" aria-label={t("to")} />
          <Badge className="bg-brand-50 text-brand-700 dark:bg-brand-900/30 dark:text-brand-300">{stageLabel(s.toStage)}</Badge>
        </div>
        {s.skipped.length > 0 && <p className="mt-2 text-sm text-amber-700 dark:text-amber-400">{t("skips", { stages: s.skipped.map((x) => stageLabel(x)).join(", ") })}</p>}
      </div>
      {s.override && (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950/30">
          <p className="font-medium">{t("override")}</p>
          <p className="mt-0.5 whitespace-pre-line">“{s.override.reason}”</p>
        </div>
      )}
      <div>
        <h3 className="mb-1 text-sm font-semibold">
          {t("checklist", { stage: stageLabel(s.fromStage) })}{" "}
          <span className="font-normal text-zinc-500">{open ? t("openItems", { count: open }) : t("allPassed")}</span>
        </h3>
        {s.checklist.length === 0 ? (
          <p className="text-sm text-zinc-500">{t("noCriteria")}</p>
        ) : (
          <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
            {s.checklist.map((i, n) => (
              <li key={n} className="flex items-start gap-2 px-3 py-2">
                {i.passed ? (
                  <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-emerald-600" aria-label={t("passed")} />
                ) : i.kind === "manual" ? (
                  <Circle className="mt-0.5 size-4 shrink-0 text-zinc-400" aria-label={t("notDone")} />
                ) : (
                  <CircleAlert className="mt-0.5 size-4 shrink-0 text-red-600" aria-label={t("failed")} />
                )}
                <div className="min-w-0">
                  <div>{criterionLabel(i)}</div>
                  {i.reason && <div className="text-xs text-zinc-500">{err(i.reason)}</div>}
                  {i.evidenceUrl && (
                    <a href={i.evidenceUrl} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 text-xs text-brand-600 hover:underline">
                      <Link2 className="size-3" aria-hidden /> {i.evidenceUrl}
                    </a>
                  )}
                  {i.evidenceNote && <p className="whitespace-pre-line text-xs text-zinc-600 dark:text-zinc-400">{i.evidenceNote}</p>}
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
