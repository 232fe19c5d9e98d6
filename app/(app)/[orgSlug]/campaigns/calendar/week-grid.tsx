"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useRef } from "react";
import { Card } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { Bar, DATE_OPTS } from "./calendar-bar";
import type { Item } from "./calendar-move";
import { addDays, dayNumber, toDate, weeksOf } from "./calendar-params";

interface Segment {
  item: Item;
  startCol: number;
  endCol: number;
  lane: number;
}

/** Places the week's campaigns in lanes (first fit), each as a segment from column startCol to endCol (0–6). */
function weekSegments(items: Item[], week: string): Segment[] {
  const weekEnd = addDays(week, 6);
  const base = dayNumber(week);
  const laneEnds: number[] = [];
  const out: Segment[] = [];
  for (const item of items) {
    if (item.startsOn > weekEnd || item.endsOn < week) continue;
    const startCol = Math.max(0, dayNumber(item.startsOn) - base);
    const endCol = Math.min(6, dayNumber(item.endsOn) - base);
    let lane = laneEnds.findIndex((end) => end < startCol);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = endCol;
    out.push({ item, startCol, endCol, lane });
  }
  return out;
}

/**
 * A calendar of week rows (Monday first): the month view (the month's weeks) and the quarter view
 * (the quarter's 13–14 weeks, compact). Days outside the period are shaded; the first day of each
 * month is labelled with the month. Bars span the days a campaign runs, in lanes.
 */
export function WeekGrid({
  items,
  start,
  end,
  from,
  to,
  today,
  compact = false,
}: {
  /** In calendar order (see sortForCalendar), kept while a bar is dragged so it does not jump lanes. */
  items: Item[];
  /** The period shown (month or quarter)… */
  start: string;
  end: string;
  /** …and the full weeks drawn around it. */
  from: string;
  to: string;
  today: string;
  compact?: boolean;
}) {
  const t = useTranslations("campaignCalendar");
  const format = useFormatter();
  const grid = useRef<HTMLDivElement>(null);
  const weeks = weeksOf(from, to);
  // The day cell under the pointer (the bars above it do not hide it from elementsFromPoint).
  const dayAt = useCallback((x: number, y: number) => {
    for (const el of document.elementsFromPoint(x, y)) {
      if (el instanceof HTMLElement && el.dataset.day && grid.current?.contains(el)) return el.dataset.day;
    }
    return null;
  }, []);

  return (
    <Card className="overflow-x-auto p-0" data-testid={compact ? "calendar-quarter" : "calendar-month"}>
      <div className="min-w-[42rem]" ref={grid}>
        <div
          className="grid grid-cols-7 border-b border-zinc-200 text-xs font-medium text-zinc-500 dark:border-zinc-800 dark:text-zinc-400"
          aria-hidden
        >
          {Array.from({ length: 7 }, (_, i) => (
            <div key={i} className="px-2 py-1.5">
              {format.dateTime(toDate(addDays(weeks[0]!, i)), { weekday: "short", timeZone: "UTC" })}
            </div>
          ))}
        </div>
        <ol aria-labelledby="calendar-title">
          {weeks.map((w, wi) => {
            const segs = weekSegments(items, w);
            const lanes = segs.reduce((n, s) => Math.max(n, s.lane + 1), 0);
            return (
              <li
                key={w}
                className="border-b border-zinc-200 last:border-b-0 dark:border-zinc-800"
                aria-label={t("weekOf", { date: format.dateTime(toDate(w), DATE_OPTS) })}
              >
                <div
                  className={cn("relative grid grid-cols-7", compact ? "min-h-14" : "min-h-24")}
                  style={{ gridTemplateRows: `auto repeat(${lanes}, minmax(0, auto)) 1fr` }}
                >
                  {Array.from({ length: 7 }, (_, i) => {
                    const day = addDays(w, i);
                    const inPeriod = day >= start && day <= end;
                    return (
                      <div
                        key={day}
                        data-day={day}
                        className={cn(
                          "border-l border-zinc-100 first:border-l-0 dark:border-zinc-800",
                          !inPeriod && "bg-zinc-50 dark:bg-zinc-950/40",
                          day.endsWith("-01") &&
                            wi > 0 &&
                            "border-l-2 border-l-zinc-300 dark:border-l-zinc-600",
                        )}
                        style={{ gridColumn: i + 1, gridRow: "1 / -1" }}
                        aria-hidden
                      />
                    );
                  })}
                  {Array.from({ length: 7 }, (_, i) => {
                    const day = addDays(w, i);
                    const isToday = day === today;
                    const inPeriod = day >= start && day <= end;
                    const withMonth = day.endsWith("-01") || (wi === 0 && i === 0);
                    return (
                      <div
                        key={`n${day}`}
                        className={cn("pointer-events-none px-1.5 text-xs", compact ? "pt-0.5" : "pt-1")}
                        style={{ gridColumn: i + 1, gridRow: 1 }}
                      >
                        <time
                          dateTime={day}
                          aria-current={isToday ? "date" : undefined}
                          className={cn(
                            "inline-flex h-6 min-w-6 items-center justify-center rounded-full px-1",
                            inPeriod
                              ? "text-zinc-700 dark:text-zinc-300"
                              : "text-zinc-400 dark:text-zinc-600",
                            withMonth && "font-semibold",
                            isToday && "bg-brand-600 font-semibold text-white dark:text-white",
                          )}
                        >
                          {format.dateTime(
                            toDate(day),
                            withMonth
                              ? { month: "short", day: "numeric", timeZone: "UTC" }
                              : { day: "numeric", timeZone: "UTC" },
                          )}
                        </time>
                      </div>
                    );
                  })}
                  {segs.map((s) => (
                    <div
                      key={s.item.id}
                      className="min-w-0 px-0.5 py-0.5"
                      style={{ gridColumn: `${s.startCol + 1} / ${s.endCol + 2}`, gridRow: s.lane + 2 }}
                    >
                      <Bar
                        item={s.item}
                        barKey={s.item.id}
                        dayAt={dayAt}
                        verticalWeeks
                        className={cn(
                          s.item.startsOn < w && "rounded-l-none border-l-0",
                          s.item.endsOn > addDays(w, 6) && "rounded-r-none border-r-0",
                        )}
                      />
                    </div>
                  ))}
                </div>
              </li>
            );
          })}
        </ol>
      </div>
    </Card>
  );
}
