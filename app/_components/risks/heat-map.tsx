"use client";

import { AlertTriangle } from "lucide-react";
import { useTranslations } from "next-intl";
import { cn } from "../ui/cn";
import { LEVEL_CELL, levelIn, useRiskLabels, type RiskLevel, type ScaleLevel } from "./risk-ui";

const ONE_TO_FIVE = [1, 2, 3, 4, 5] as const;

/**
 * The 5×5 heat map: likelihood up the side (5 at the top), impact along the bottom, each cell filled
 * with its level from the organisation's matrix and showing how many risks sit there. Every cell is a
 * button (its label says likelihood, impact, count and level); pressing the selected cell again clears it.
 */
export function HeatMap({
  counts,
  warnings,
  matrix,
  scales,
  selected,
  onSelect,
  testIdPrefix = "heat-cell",
}: {
  /** counts[likelihood - 1][impact - 1] */
  counts: number[][];
  /** Per cell, how many of its risks carry an early warning (marked on the cell). */
  warnings?: number[][];
  matrix: RiskLevel[][];
  scales: { likelihood: ScaleLevel[]; impact: ScaleLevel[] };
  selected: { likelihood: number; impact: number } | null;
  onSelect: (cell: { likelihood: number; impact: number } | null) => void;
  testIdPrefix?: string;
}) {
  const t = useTranslations("risks.heat");
  const labels = useRiskLabels(scales);
  return (
    <div className="flex gap-2">
      <div className="flex w-5 shrink-0 items-center justify-center">
        <span className="-rotate-90 whitespace-nowrap text-xs font-medium text-zinc-500">{t("likelihood")}</span>
      </div>
      <div className="min-w-0 flex-1">
        <div
          className="grid grid-cols-[minmax(3.5rem,auto)_repeat(5,minmax(0,1fr))] gap-1"
          role="group"
          aria-label={t("gridLabel")}
        >
          {[...ONE_TO_FIVE].reverse().map((l) => (
            <Row key={l}>
              <div className="flex min-w-0 flex-col justify-center pr-1 text-right text-xs leading-tight text-zinc-600 dark:text-zinc-400" title={labels.scale("likelihood", l).description}>
                <span className="font-semibold tabular-nums">{l}</span>
                <span className="truncate text-[10px]">{labels.likelihood(l)}</span>
              </div>
              {ONE_TO_FIVE.map((i) => {
                const level = levelIn(matrix, l, i);
                const count = counts[l - 1]?.[i - 1] ?? 0;
                const warned = warnings?.[l - 1]?.[i - 1] ?? 0;
                const label = t("cellLabel", { likelihood: l, impact: i, count, level: labels.level(level) }) + (warned ? ` — ${t("cellWarnings", { count: warned })}` : "");
                const isSelected = selected?.likelihood === l && selected?.impact === i;
                return (
                  <button
                    key={i}
                    type="button"
                    data-testid={`${testIdPrefix}-${l}-${i}`}
                    data-count={count}
                    data-warnings={warned}
                    data-level={level}
                    aria-pressed={isSelected}
                    aria-label={label}
                    title={label}
                    onClick={() => onSelect(isSelected ? null : { likelihood: l, impact: i })}
                    className={cn(
                      "relative flex aspect-square min-h-10 items-center justify-center rounded-md text-base font-semibold tabular-nums transition-[box-shadow,opacity] hover:opacity-90 sm:text-lg",
                      LEVEL_CELL[level],
                      count === 0 && "font-normal opacity-60",
                      isSelected && "ring-3 ring-brand-600 ring-offset-2 ring-offset-white dark:ring-brand-500 dark:ring-offset-zinc-900",
                    )}
                  >
                    {count > 0 ? count : <span aria-hidden className="text-xs opacity-60">·</span>}
                    {warned > 0 && (
                      <AlertTriangle className="absolute right-1 top-1 size-3.5 fill-white text-red-600 dark:fill-zinc-900" aria-hidden />
                    )}
                  </button>
                );
              })}
            </Row>
          ))}
          <div />
          {ONE_TO_FIVE.map((i) => (
            <div key={i} className="min-w-0 text-center text-xs leading-tight text-zinc-600 dark:text-zinc-400" title={labels.scale("impact", i).description}>
              <span className="block font-semibold tabular-nums">{i}</span>
              <span className="block truncate text-[10px]">{labels.impact(i)}</span>
            </div>
          ))}
        </div>
        <p className="mt-1 text-center text-xs font-medium text-zinc-500">{t("impact")}</p>
      </div>
    </div>
  );
}

/** A grid row without a wrapper element (the grid places the six children). */
function Row({ children }: { children: React.ReactNode }) {
  return <>{children}</>;
}

/** The level colours with their names. */
export function LevelLegend({ className }: { className?: string }) {
  const t = useTranslations("risks.level");
  return (
    <ul className={cn("flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400", className)}>
      {(["low", "medium", "high", "critical"] as const).map((l) => (
        <li key={l} className="flex items-center gap-1.5">
          <span className={cn("inline-block size-3 rounded-sm", LEVEL_CELL[l])} aria-hidden />
          {t(l)}
        </li>
      ))}
    </ul>
  );
}
