"use client";

import { useTranslations } from "next-intl";
import { confidenceBand } from "@/server/okrs/progress";
import { cn } from "../ui/cn";

const STYLES = {
  on_track: "bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300",
  at_risk: "bg-amber-50 text-amber-700 dark:bg-amber-900/30 dark:text-amber-300",
  off_track: "bg-red-50 text-red-700 dark:bg-red-900/30 dark:text-red-300",
} as const;

/** Confidence 0–10 shown as on track / at risk / off track, with the number. */
export function ConfidenceBadge({ confidence }: { confidence: number | null | undefined }) {
  const t = useTranslations("okrs.confidence");
  const band = confidenceBand(confidence);
  if (!band) return <span className="text-xs text-zinc-500">{t("none")}</span>;
  return (
    <span className={cn("inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium", STYLES[band])} data-band={band}>
      {t(band)} · {confidence}/10
    </span>
  );
}
