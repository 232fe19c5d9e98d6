"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ArrowDownRight, ArrowUpRight, Sparkles } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useId } from "react";
import { useTRPC } from "@/app/_trpc/react";
import { Card } from "@/app/_components/ui/card";
import { Input } from "@/app/_components/ui/field";
import { cn } from "@/app/_components/ui/cn";
import { useOrg } from "@/app/_components/app/org-context";
import { LEVEL_CELL, useRiskLabels, type RiskLevel } from "@/app/_components/risks/risk-ui";
import { parseMovementRange } from "./filters";

const DIRECTION = {
  up: { icon: ArrowUpRight, className: "text-red-600 dark:text-red-400" },
  down: { icon: ArrowDownRight, className: "text-emerald-600 dark:text-emerald-400" },
  new: { icon: Sparkles, className: "text-sky-600 dark:text-sky-400" },
} as const;

/**
 * How risks moved between two dates (by default the last 90 days): each risk's latest residual score
 * on or before each date, listed as up, down or new. The dates live in the URL (`?from=&to=`).
 */
export function Movement({ today, sp, set }: { today: string; sp: URLSearchParams; set: (patch: Record<string, string | null>) => void }) {
  const t = useTranslations("risks.movement");
  const org = useOrg();
  const trpc = useTRPC();
  const labels = useRiskLabels();
  const range = parseMovementRange(sp, today);
  const fromId = useId();
  const toId = useId();
  const q = useQuery(trpc.risk.movement.queryOptions({ orgSlug: org.slug, ...range }, { placeholderData: keepPreviousData }));
  const setDate = (key: "from" | "to", v: string) => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) set({ [key]: v });
  };
  const moves = q.data?.moves ?? [];
  const changed = moves.filter((m) => m.direction !== "same");
  const count = (d: string) => moves.filter((m) => m.direction === d).length;

  return (
    <Card className="flex min-h-0 flex-col p-4" aria-labelledby="movement-title">
      <div className="mb-3 flex flex-wrap items-end justify-between gap-2">
        <h2 id="movement-title" className="font-semibold">
          {t("title")}
        </h2>
        <div className="flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor={fromId} className="block text-xs text-zinc-500">
              {t("from")}
            </label>
            <Input id={fromId} type="date" className="h-8 w-auto! py-1" value={range.from} max={range.to} onChange={(e) => setDate("from", e.target.value)} data-testid="movement-from" />
          </div>
          <div>
            <label htmlFor={toId} className="block text-xs text-zinc-500">
              {t("to")}
            </label>
            <Input id={toId} type="date" className="h-8 w-auto! py-1" value={range.to} min={range.from} onChange={(e) => setDate("to", e.target.value)} data-testid="movement-to" />
          </div>
        </div>
      </div>
      <p className="mb-2 flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
        <span className={DIRECTION.up.className}>{t("upCount", { count: count("up") })}</span>
        <span className={DIRECTION.down.className}>{t("downCount", { count: count("down") })}</span>
        <span className={DIRECTION.new.className}>{t("newCount", { count: count("new") })}</span>
        <span>{t("sameCount", { count: count("same") })}</span>
      </p>
      {q.isError ? (
        <p className="text-sm text-red-600">{q.error.message}</p>
      ) : changed.length === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-300 p-4 text-center text-sm text-zinc-500 dark:border-zinc-700">{q.data ? t("empty") : t("loading")}</p>
      ) : (
        <ul className={cn("max-h-96 divide-y divide-zinc-100 overflow-y-auto dark:divide-zinc-800", q.isPlaceholderData && "opacity-60")} data-testid="movement-list">
          {changed.map((m) => {
            const d = DIRECTION[m.direction as keyof typeof DIRECTION];
            const Icon = d.icon;
            return (
              <li key={m.riskId} className="flex items-center gap-2 py-2 text-sm" data-direction={m.direction}>
                <Icon className={cn("size-4 shrink-0", d.className)} aria-label={t(`direction.${m.direction}`)} />
                <Link href={`/${org.slug}/risks/${m.riskId}`} className="min-w-0 flex-1 truncate hover:text-brand-700 hover:underline dark:hover:text-brand-100">
                  {m.title}
                </Link>
                <span className="flex shrink-0 items-center gap-1 text-xs tabular-nums">
                  {m.from && (
                    <>
                      <Chip level={m.from.level} score={m.from.score} label={labels.level(m.from.level)} />
                      <span aria-hidden>→</span>
                    </>
                  )}
                  <Chip level={m.to.level} score={m.to.score} label={labels.level(m.to.level)} />
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

function Chip({ level, score, label }: { level: RiskLevel; score: number; label: string }) {
  return (
    <span className={cn("inline-flex min-w-7 justify-center rounded px-1.5 py-0.5 font-semibold", LEVEL_CELL[level])} title={label}>
      {score}
      <span className="sr-only"> ({label})</span>
    </span>
  );
}
