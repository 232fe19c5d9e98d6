"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";

/** A stage's name: the organisation's own, or the translated default while it keeps a default key. */
export function useStageLabel() {
  const t = useTranslations("products.stage");
  return (s: { key: string | null; name: string } | null | undefined) => {
    if (!s) return "—";
    if (s.name) return s.name;
    return s.key && t.has(s.key) ? t(s.key) : (s.key ?? "—");
  };
}

/** A criterion's label, likewise. */
export function useCriterionLabel() {
  const t = useTranslations("products.criterion");
  return (c: { key: string | null; label: string }) => {
    if (c.label) return c.label;
    return c.key && t.has(c.key) ? t(c.key) : (c.key ?? "");
  };
}

/** Checklist completeness as a small bar with "3/4" text. */
export function ChecklistMeter({ done, total, className }: { done: number; total: number; className?: string }) {
  const t = useTranslations("products");
  const pct = total ? Math.round((done / total) * 100) : 100;
  return (
    <div className={cn("flex items-center gap-2", className)} title={t("checklistProgress", { done, total })}>
      <div
        className="h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-label={t("checklistProgress", { done, total })}
      >
        <div className={cn("h-full rounded-full", done === total ? "bg-emerald-500" : "bg-brand-500")} style={{ width: `${pct}%` }} />
      </div>
      <span className="text-xs tabular-nums text-zinc-500">
        {done}/{total}
      </span>
    </div>
  );
}

export function PendingGateBadge() {
  const t = useTranslations("products");
  return <Badge className="bg-amber-50 text-amber-700 dark:bg-amber-900/30 dark:text-amber-300">{t("pendingGate")}</Badge>;
}
