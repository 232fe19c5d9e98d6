"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { AlertTriangle, ChevronLeft, ChevronRight, LayoutGrid } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { useTRPC } from "@/app/_trpc/react";
import { Badge, Card, EmptyState, PageHeader } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { useOrg } from "@/app/_components/app/org-context";
import { ProductFunnel } from "@/app/_components/products/funnel";
import { stageColor } from "@/app/_components/products/stage-colors";
import { useStageLabel } from "../shared";
import { actualBar, dayOf, daysInYear, months, overrun, pct, plannedBar, type Actual, type Planned, type Span } from "./timeline";
import { MAX_YEAR, MIN_YEAR } from "./year-param";

const NAME_COL = "sticky left-0 z-10 w-36 shrink-0 border-r border-zinc-200 bg-white sm:w-56 dark:border-zinc-800 dark:bg-zinc-900";
const LINK_BTN =
  "inline-flex h-10 items-center gap-1.5 rounded-md border border-zinc-300 px-3 text-sm hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-brand-500 dark:border-zinc-700 dark:hover:bg-zinc-800";
const REMOVED_COLOR = "#a1a1aa";
/** Red stripes: the days a stage ran past its planned end. */
const LATE_STRIPES = "repeating-linear-gradient(135deg, #dc2626 0 3px, rgba(220,38,38,0.25) 3px 6px)";

type Stage = { id: string; key: string | null; name: string };
type Row = { id: string; name: string; stageId: string; ownerName: string; planned: Planned[]; actual: Actual[] };

const at = (year: number, s: Span) => ({ left: `${pct(year, s.start)}%`, width: `max(${pct(year, s.end - s.start)}%, 4px)` });

/**
 * The year's roadmap: a row per product with, for every stage, a thin outlined bar for its plan and a
 * solid bar for when it really was there (open stays run to today). Stages that ran past their plan
 * are striped red and named in the row. Year in the URL (?year=2026).
 */
export function RoadmapClient({ year, currentYear }: { year: number; currentYear: number }) {
  const t = useTranslations("productRoadmap");
  const org = useOrg();
  const trpc = useTRPC();
  const stageLabel = useStageLabel();
  const { data } = useSuspenseQuery(trpc.product.roadmap.queryOptions({ orgSlug: org.slug, year }));
  const base = `/${org.slug}/products/roadmap`;
  const yearHref = (y: number) => (y === currentYear ? base : `${base}?year=${y}`);

  const index = new Map(data.stages.map((s, i) => [s.id, i]));
  const color = (stageId: string) => (index.has(stageId) ? stageColor(index.get(stageId)!) : REMOVED_COLOR);
  const label = (stageId: string) => {
    const s = data.stages.find((x) => x.id === stageId);
    return s ? stageLabel(s) : t("removedStage");
  };
  const anyPlans = data.products.some((p) => p.planned.length > 0);
  const lateCount = data.products.reduce((n, p) => n + p.planned.filter((x) => x.late).length, 0);

  return (
    <div>
      <PageHeader
        title={t("titleYear", { year: String(year) })}
        description={t("description")}
        actions={
          <div className="flex flex-wrap gap-2">
            <Link href={`/${org.slug}/products`} className={LINK_BTN}>
              <LayoutGrid className="size-4" aria-hidden /> {t("backToBoard")}
            </Link>
            <nav aria-label={t("yearNav")} className="flex items-center gap-1">
              <YearLink href={yearHref(year - 1)} disabled={year <= MIN_YEAR} label={t("prevYear", { year: String(year - 1) })} testId="roadmap-prev">
                <ChevronLeft className="size-4" aria-hidden />
              </YearLink>
              <span className="min-w-14 text-center text-sm font-semibold tabular-nums" aria-current="page">
                {year}
              </span>
              <YearLink href={yearHref(year + 1)} disabled={year >= MAX_YEAR} label={t("nextYear", { year: String(year + 1) })} testId="roadmap-next">
                <ChevronRight className="size-4" aria-hidden />
              </YearLink>
              {year !== currentYear && (
                <Link href={base} className={cn(LINK_BTN, "ml-1")}>
                  {t("thisYear")}
                </Link>
              )}
            </nav>
          </div>
        }
      />

      <ProductFunnel className="mb-6" href={`/${org.slug}/products`} />

      {data.products.length === 0 ? (
        <EmptyState
          title={t("emptyTitle")}
          description={t("emptyBody")}
          action={
            <Link href={`/${org.slug}/products`} className={LINK_BTN}>
              {t("openBoard")}
            </Link>
          }
        />
      ) : (
        <>
          {!anyPlans && (
            <div className="mb-4 rounded-md border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950/40 dark:text-sky-100" data-testid="roadmap-no-plans">
              <p className="font-medium">{t("noPlansTitle", { year: String(year) })}</p>
              <p className="mt-1">{t("noPlansBody")}</p>
            </div>
          )}
          <Legend stages={data.stages} lateCount={lateCount} showToday={data.today.startsWith(`${year}-`)} />
          <Timeline year={year} today={data.today} rows={data.products} stages={data.stages} color={color} label={label} />
        </>
      )}
    </div>
  );
}

function YearLink({ href, disabled, label, testId, children }: { href: string; disabled: boolean; label: string; testId: string; children: React.ReactNode }) {
  const cls = "inline-flex size-10 items-center justify-center rounded-md border border-zinc-300 dark:border-zinc-700";
  if (disabled)
    return (
      <span className={cn(cls, "opacity-40")} aria-disabled="true" aria-label={label} role="link">
        {children}
      </span>
    );
  return (
    <Link href={href} className={cn(cls, "hover:bg-zinc-50 dark:hover:bg-zinc-800")} aria-label={label} title={label} data-testid={testId}>
      {children}
    </Link>
  );
}

function Legend({ stages, lateCount, showToday }: { stages: Stage[]; lateCount: number; showToday: boolean }) {
  const t = useTranslations("productRoadmap.legend");
  const tr = useTranslations("productRoadmap");
  const stageLabel = useStageLabel();
  return (
    <div className="mb-3 space-y-1.5 text-xs text-zinc-600 dark:text-zinc-400" aria-label={t("title")} role="group">
      <ul className="flex flex-wrap items-center gap-x-3 gap-y-1.5">
        {stages.map((s, i) => (
          <li key={s.id} className="inline-flex items-center gap-1.5">
            <span className="size-2.5 rounded-sm" style={{ backgroundColor: stageColor(i) }} aria-hidden />
            {stageLabel(s)}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <ul className="flex flex-wrap items-center gap-x-3 gap-y-1.5">
          <li className="inline-flex items-center gap-1.5">
            <span className="h-2 w-5 rounded-sm border-2 border-zinc-500 bg-zinc-500/15" aria-hidden />
            {t("planned")}
          </li>
          <li className="inline-flex items-center gap-1.5">
            <span className="h-3 w-5 rounded-sm bg-zinc-500" aria-hidden />
            {t("actual")}
          </li>
          <li className="inline-flex items-center gap-1.5">
            <span className="h-3 w-5 rounded-sm" style={{ background: LATE_STRIPES }} aria-hidden />
            {t("late")}
          </li>
          {showToday && (
            <li className="inline-flex items-center gap-1.5">
              <span className="h-3.5 w-0.5 bg-zinc-900 dark:bg-zinc-100" aria-hidden />
              {t("today")}
            </li>
          )}
        </ul>
        {lateCount > 0 && (
          <Badge className="gap-1 bg-red-50 text-red-700 dark:bg-red-900/30 dark:text-red-300" data-testid="roadmap-late-count">
            <AlertTriangle className="size-3.5" aria-hidden /> {tr("lateCount", { count: lateCount })}
          </Badge>
        )}
      </div>
    </div>
  );
}

function Timeline({
  year,
  today,
  rows,
  stages,
  color,
  label,
}: {
  year: number;
  today: string;
  rows: Row[];
  stages: Stage[];
  color: (stageId: string) => string;
  label: (stageId: string) => string;
}) {
  const t = useTranslations("productRoadmap");
  const format = useFormatter();
  const scroller = useRef<HTMLDivElement>(null);
  const todayDay = dayOf(year, today);
  const todayIn = todayDay >= 0 && todayDay < daysInYear(year);
  const todayLeft = `${pct(year, todayDay + 0.5)}%`;

  // On a narrow screen, start with today in view rather than January.
  useEffect(() => {
    const el = scroller.current;
    if (!el || !todayIn || el.scrollWidth <= el.clientWidth) return;
    const line = el.querySelector<HTMLElement>("[data-today-marker]");
    if (line) el.scrollLeft += line.getBoundingClientRect().left - el.getBoundingClientRect().left - el.clientWidth / 2;
  }, [todayIn, year]);

  const grid = (
    <>
      {months(year).map((m) =>
        m.month === 0 ? null : (
          <div key={m.month} className="absolute inset-y-0 border-l border-zinc-100 dark:border-zinc-800" style={{ left: `${pct(year, m.start)}%` }} aria-hidden />
        ),
      )}
      {todayIn && <div className="absolute inset-y-0 z-[1] w-0.5 -translate-x-1/2 bg-zinc-900/80 dark:bg-zinc-100/80" style={{ left: todayLeft }} aria-hidden />}
    </>
  );

  return (
    <Card className="overflow-hidden p-0">
      <div ref={scroller} className="overflow-x-auto" role="region" aria-label={t("timeline", { year: String(year) })} tabIndex={0}>
        <div className="min-w-[52rem]" data-testid="roadmap-timeline">
          <div className="flex border-b border-zinc-200 text-xs font-medium text-zinc-500 dark:border-zinc-800" aria-hidden>
            <div className={cn(NAME_COL, "px-3 py-2")}>{t("product")}</div>
            <div className="relative h-9 flex-1">
              {months(year).map((m) => (
                <div
                  key={m.month}
                  className={cn("absolute inset-y-0 flex items-center px-1.5", m.month > 0 && "border-l border-zinc-200 dark:border-zinc-800")}
                  style={{ left: `${pct(year, m.start)}%`, width: `${pct(year, m.days)}%` }}
                >
                  {format.dateTime(new Date(Date.UTC(year, m.month, 1)), { month: "short" })}
                </div>
              ))}
              {todayIn && (
                <div className="absolute bottom-0 z-[1] -translate-x-1/2" style={{ left: todayLeft }} data-today-marker>
                  <span className="block rounded bg-zinc-900 px-1.5 py-0.5 text-[10px] font-semibold leading-none text-white dark:bg-zinc-100 dark:text-zinc-900">{t("today")}</span>
                </div>
              )}
            </div>
          </div>
          <ul>
            {rows.map((p) => (
              <ProductRow key={p.id} year={year} today={today} product={p} stages={stages} color={color} label={label} grid={grid} />
            ))}
          </ul>
        </div>
      </div>
    </Card>
  );
}

function ProductRow({
  year,
  today,
  product: p,
  stages,
  color,
  label,
  grid,
}: {
  year: number;
  today: string;
  product: Row;
  stages: Stage[];
  color: (stageId: string) => string;
  label: (stageId: string) => string;
  grid: React.ReactNode;
}) {
  const t = useTranslations("productRoadmap");
  const format = useFormatter();
  const org = useOrg();
  const date = (iso: string) => format.dateTime(new Date(`${iso.slice(0, 10)}T00:00:00Z`), { dateStyle: "medium" });
  const planned = p.planned.map((x) => ({ plan: x, bar: plannedBar(year, x), late: overrun(year, x, p.actual, today) }));
  const actual = p.actual.map((a) => actualBar(year, a, today)).filter((b) => b !== null);
  const late = p.planned.filter((x) => x.late);

  const plannedText = (x: Planned) =>
    x.from && x.to
      ? t("planned", { from: date(x.from), to: date(x.to) })
      : x.from
        ? t("plannedFrom", { from: date(x.from) })
        : t("plannedUntil", { to: date(x.to!) });
  const actualText = (a: Actual) => (a.to ? t("actual", { from: date(a.from), to: date(a.to) }) : t("actualSince", { from: date(a.from) }));

  // In stage order, then stages since removed: what the bars show, as text.
  const order = [...stages.map((s) => s.id), ...new Set([...p.planned, ...p.actual].map((x) => x.stageId))];
  const summary = [...new Set(order)]
    .map((stageId) => {
      const parts = [
        ...p.planned.filter((x) => x.stageId === stageId).map(plannedText),
        ...p.actual.filter((a) => a.stageId === stageId).map(actualText),
        ...(late.some((x) => x.stageId === stageId) ? [t("late")] : []),
      ];
      return parts.length ? t("stageLine", { stage: label(stageId), parts: parts.join(t("partSeparator")) }) : null;
    })
    .filter((x) => x !== null);
  const empty = planned.every((x) => !x.bar) && actual.length === 0;

  return (
    <li className="flex border-b border-zinc-100 last:border-b-0 dark:border-zinc-800" data-testid="roadmap-row" data-product-id={p.id}>
      <div className={cn(NAME_COL, "min-w-0 px-3 py-1.5")}>
        <Link href={`/${org.slug}/products/${p.id}`} className="block truncate text-sm font-medium hover:underline" title={p.name}>
          {p.name}
        </Link>
        <div className="flex min-w-0 items-center gap-1.5 text-xs text-zinc-500">
          <span className="size-2 shrink-0 rounded-full" style={{ backgroundColor: color(p.stageId) }} aria-hidden />
          <span className="truncate">{label(p.stageId)}</span>
          {late.length > 0 && (
            <span className="inline-flex shrink-0 items-center gap-0.5 font-medium text-red-600 dark:text-red-400" aria-hidden>
              <AlertTriangle className="size-3" /> {t("lateShort")}
            </span>
          )}
        </div>
        <p className="sr-only" data-testid="roadmap-row-summary">
          {t("rowSummary", { stage: label(p.stageId) })} {summary.length ? `${summary.join(t("stageSeparator"))}.` : t("nothingThisYear", { year: String(year) })}
        </p>
      </div>
      <div className="relative h-12 flex-1" aria-hidden>
        {grid}
        {empty && (
          <div className="absolute inset-0 z-[2] flex items-center px-3">
            <span className="rounded bg-white px-1 text-xs text-zinc-400 dark:bg-zinc-900">{t("nothingThisYear", { year: String(year) })}</span>
          </div>
        )}
        {planned.map(({ plan, bar }, i) =>
          bar ? (
            <div
              key={`p${i}`}
              className={cn(
                "absolute top-2 h-2.5 border-2",
                bar.cutStart ? "rounded-l-none border-l-0" : "rounded-l-sm",
                bar.cutEnd ? "rounded-r-none border-r-0" : "rounded-r-sm",
                plan.late && "outline-2 outline-offset-1 outline-red-600",
              )}
              style={{ ...at(year, bar), borderColor: color(plan.stageId), backgroundColor: `${color(plan.stageId)}26` }}
              title={`${label(plan.stageId)}: ${plannedText(plan)}${plan.late ? ` (${t("late")})` : ""}`}
              data-testid={plan.late ? "roadmap-planned-late" : "roadmap-planned"}
            />
          ) : null,
        )}
        {actual.map((bar, i) => (
          <div
            key={`a${i}`}
            className={cn("absolute top-6 h-4", bar.cutStart ? "rounded-l-none" : "rounded-l-sm", bar.cutEnd || !bar.to ? "rounded-r-none" : "rounded-r-sm")}
            style={{ ...at(year, bar), backgroundColor: color(bar.stageId) }}
            title={`${label(bar.stageId)}: ${actualText(bar)}`}
            data-testid="roadmap-actual"
          />
        ))}
        {planned.flatMap(({ plan, late: over }, i) =>
          over.map((span, j) => (
            <div
              key={`l${i}-${j}`}
              className="absolute top-6 h-4 rounded-sm"
              style={{ ...at(year, span), background: LATE_STRIPES }}
              title={t("lateBar", { stage: label(plan.stageId), to: date(plan.to!) })}
              data-testid="roadmap-overrun"
            />
          )),
        )}
      </div>
    </li>
  );
}
