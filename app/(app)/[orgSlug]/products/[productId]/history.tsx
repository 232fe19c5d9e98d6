"use client";

import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useOrg } from "@/app/_components/app/org-context";
import { useStageLabel } from "../shared";
import { Section } from "./product-detail";
import type { ProductView } from "./types";

/** Every stay in a stage: when it began and ended, how (created, approved gate, override, moved back) and why. */
export function StageHistory({ product: p }: { product: ProductView }) {
  const t = useTranslations("products.history");
  const format = useFormatter();
  const org = useOrg();
  const stageLabel = useStageLabel();
  const date = (d: Date | string) => format.dateTime(new Date(d), { dateStyle: "medium" });
  return (
    <Section title={t("title")}>
      <ol className="relative space-y-3 border-l border-zinc-200 pl-4 dark:border-zinc-800" data-testid="stage-history">
        {p.history.map((v) => (
          <li key={v.id} className="text-sm">
            <span className="absolute -left-1.5 mt-1.5 size-3 rounded-full border-2 border-white bg-brand-500 dark:border-zinc-900" aria-hidden />
            <div className="font-medium">{stageLabel({ key: v.stageKey, name: v.stageName })}</div>
            <div className="text-xs text-zinc-500">
              {t(`kind.${v.kind}`)} · {v.leftAt ? t("range", { from: date(v.enteredAt), to: date(v.leftAt) }) : t("since", { from: date(v.enteredAt) })} ·{" "}
              {t("days", { days: v.days })}
            </div>
            {v.actorName && <div className="text-xs text-zinc-500">{t("by", { name: v.actorName })}</div>}
            {v.reason && <p className="mt-0.5 text-xs italic text-zinc-600 dark:text-zinc-400">“{v.reason}”</p>}
            {v.approvalRequestId && (
              <Link href={`/${org.slug}/approvals/${v.approvalRequestId}`} className="text-xs text-brand-600 hover:underline">
                {t("approval")}
              </Link>
            )}
          </li>
        ))}
      </ol>
    </Section>
  );
}

/** The product's stage-gate requests and their decisions. */
export function GateHistory({ product: p }: { product: ProductView }) {
  const t = useTranslations("products.gates");
  const format = useFormatter();
  const org = useOrg();
  const stageLabel = useStageLabel();
  return (
    <Section title={t("title")}>
      {p.gates.length === 0 ? (
        <p className="text-sm text-zinc-500">{t("empty")}</p>
      ) : (
        <ul className="space-y-3 text-sm">
          {p.gates.map((g) => {
            const snap = g.snapshot as { toStage: { key: string | null; name: string }; override: { reason: string } | null };
            return (
              <li key={g.id}>
                <Link href={`/${org.slug}/approvals/${g.id}`} className="font-medium text-brand-600 hover:underline">
                  {t("to", { stage: stageLabel(snap.toStage) })}
                </Link>{" "}
                <span className="text-xs text-zinc-500">· {t(`status.${g.status}`)}</span>
                <div className="text-xs text-zinc-500">
                  {t("requested", { name: g.requesterName ?? "—", when: format.dateTime(new Date(g.createdAt), { dateStyle: "medium" }) })}
                </div>
                {snap.override && <div className="text-xs text-amber-700 dark:text-amber-400">{t("override", { reason: snap.override.reason })}</div>}
                {g.decisions.map((d, i) => (
                  <div key={i} className="text-xs text-zinc-600 dark:text-zinc-400">
                    {t(`decision.${d.decision}`, { name: d.deciderName ?? "—" })}
                    {d.comment && `: “${d.comment}”`}
                  </div>
                ))}
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}
