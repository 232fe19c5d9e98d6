"use client";

import { AlertTriangle, CalendarClock, Hourglass, TrendingUp } from "lucide-react";
import { useTranslations } from "next-intl";
import type { RISK_LEVEL_VALUES } from "@/server/risks/constants";
import { Badge } from "../ui/card";
import { cn } from "../ui/cn";

export type RiskLevel = (typeof RISK_LEVEL_VALUES)[number];
export interface ScaleLevel {
  label: string;
  description: string;
}

/** Default category ids (db/schema/risks.ts): these have translated labels; an organisation's own ids show as typed. */
export const DEFAULT_CATEGORY_IDS = ["strategic", "financial", "operational", "market", "compliance", "technology", "reputational", "people"] as const;

/** Heat-map and matrix cells: one fill per level, readable on light and dark themes. */
export const LEVEL_CELL: Record<RiskLevel, string> = {
  low: "bg-emerald-100 text-emerald-950 dark:bg-emerald-900/60 dark:text-emerald-50",
  medium: "bg-amber-100 text-amber-950 dark:bg-yellow-600/45 dark:text-yellow-50",
  high: "bg-orange-300 text-orange-950 dark:bg-orange-600/85 dark:text-orange-50",
  critical: "bg-red-500 text-white dark:bg-red-700",
};

const LEVEL_BADGE: Record<RiskLevel, string> = {
  low: "bg-emerald-50 text-emerald-800 dark:bg-emerald-900/30 dark:text-emerald-300",
  medium: "bg-amber-50 text-amber-800 dark:bg-amber-900/30 dark:text-amber-300",
  high: "bg-orange-100 text-orange-800 dark:bg-orange-900/40 dark:text-orange-300",
  critical: "bg-red-600 text-white dark:bg-red-700",
};

const STATUS_BADGE: Record<string, string> = {
  identified: "",
  assessed: "bg-sky-50 text-sky-700 dark:bg-sky-900/30 dark:text-sky-300",
  treating: "bg-violet-50 text-violet-700 dark:bg-violet-900/30 dark:text-violet-300",
  monitoring: "bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300",
  accepted: "bg-amber-50 text-amber-800 dark:bg-amber-900/30 dark:text-amber-300",
  closed: "bg-zinc-200 text-zinc-600 dark:bg-zinc-700 dark:text-zinc-300",
};

/** Labels of categories, scales, levels, statuses and strategies, with the organisation's own wording where it has any. */
export function useRiskLabels(scales?: { likelihood: ScaleLevel[]; impact: ScaleLevel[] }) {
  const t = useTranslations("risks");
  const category = (c: string) => {
    if (t.has(`category.${c}`)) return t(`category.${c}`);
    const words = c.replace(/_/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
  };
  const scale = (kind: "likelihood" | "impact", n: number) => {
    const own = scales?.[kind][n - 1];
    return {
      label: own?.label || t(`scale.${kind}.${n}.label`),
      description: own?.description || t(`scale.${kind}.${n}.description`),
    };
  };
  return {
    category,
    likelihood: (n: number) => scale("likelihood", n).label,
    impact: (n: number) => scale("impact", n).label,
    scale,
    level: (l: string) => (t.has(`level.${l}`) ? t(`level.${l}`) : l),
    status: (s: string) => (t.has(`status.${s}`) ? t(`status.${s}`) : s),
    strategy: (s: string) => (t.has(`strategy.${s}`) ? t(`strategy.${s}`) : s),
  };
}

export function LevelBadge({
  level,
  score,
  className,
  testId = "risk-level",
}: {
  level: RiskLevel | null;
  score?: number | null;
  className?: string;
  /** null for secondary badges, so the risk's own level stays the one "risk-level" on a page. */
  testId?: string | null;
}) {
  const t = useTranslations("risks");
  if (!level) {
    return (
      <Badge className={cn("whitespace-nowrap", className)} data-testid={testId ?? undefined} data-level="">
        {t("notAssessed")}
      </Badge>
    );
  }
  return (
    <Badge className={cn("gap-1 whitespace-nowrap", LEVEL_BADGE[level], className)} data-testid={testId ?? undefined} data-level={level}>
      {t(`level.${level}`)}
      {score != null && <span className="tabular-nums opacity-80">· {score}</span>}
    </Badge>
  );
}

export function RiskStatusBadge({ status, className }: { status: string; className?: string }) {
  const t = useTranslations("risks");
  return (
    <Badge className={cn("whitespace-nowrap", STATUS_BADGE[status], className)} data-testid="risk-status" data-status={status}>
      {t.has(`status.${status}`) ? t(`status.${status}`) : status}
    </Badge>
  );
}

/** The flags of a risk as small badges: early warning, review overdue, above appetite, acceptance pending. */
export function RiskFlags({
  warning,
  reviewOverdue,
  aboveAppetite,
  acceptancePending,
}: {
  warning: boolean;
  reviewOverdue: boolean;
  aboveAppetite: boolean;
  acceptancePending: boolean;
}) {
  const t = useTranslations("risks.flag");
  if (!warning && !reviewOverdue && !aboveAppetite && !acceptancePending) return null;
  return (
    <span className="flex flex-wrap gap-1">
      {warning && (
        <Badge className="gap-1 bg-red-50 text-red-700 dark:bg-red-900/30 dark:text-red-300" data-testid="risk-warning" title={t("warningHint")}>
          <AlertTriangle className="size-3" aria-hidden /> {t("warning")}
        </Badge>
      )}
      {reviewOverdue && (
        <Badge className="gap-1 bg-amber-50 text-amber-800 dark:bg-amber-900/30 dark:text-amber-300" data-testid="risk-overdue" title={t("overdueHint")}>
          <CalendarClock className="size-3" aria-hidden /> {t("overdue")}
        </Badge>
      )}
      {aboveAppetite && (
        <Badge className="gap-1 bg-orange-50 text-orange-800 dark:bg-orange-900/30 dark:text-orange-300" data-testid="risk-above-appetite" title={t("aboveAppetiteHint")}>
          <TrendingUp className="size-3" aria-hidden /> {t("aboveAppetite")}
        </Badge>
      )}
      {acceptancePending && (
        <Badge className="gap-1 bg-sky-50 text-sky-700 dark:bg-sky-900/30 dark:text-sky-300" data-testid="risk-acceptance-pending">
          <Hourglass className="size-3" aria-hidden /> {t("acceptancePending")}
        </Badge>
      )}
    </span>
  );
}

/** A calendar date ("2026-03-01") as a Date at UTC midnight, for useFormatter with timeZone "UTC". */
export const dateOf = (d: string) => new Date(`${d}T00:00:00Z`);

/** Today as YYYY-MM-DD (UTC, as the server computes review dates). */
export const todayIso = (now = new Date()) => now.toISOString().slice(0, 10);

export function addDaysIso(iso: string, days: number) {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The level of a likelihood/impact pair in the organisation's matrix (matrix[L-1][I-1]). */
export function levelIn(matrix: RiskLevel[][], likelihood: number, impact: number): RiskLevel {
  const own = matrix[likelihood - 1]?.[impact - 1];
  if (own) return own;
  const s = likelihood * impact;
  return s >= 16 ? "critical" : s >= 10 ? "high" : s >= 5 ? "medium" : "low";
}
