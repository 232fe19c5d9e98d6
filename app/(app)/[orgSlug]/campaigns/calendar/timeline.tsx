"use client";

import { ChevronsLeftRight } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { Card } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { LazyMenu } from "@/app/_components/ui/lazy-menu";
import { Bar, DATE_OPTS, FOCUS_STYLE, LIST_OPTS } from "./calendar-bar";
import { useCalendarMove, type Item } from "./calendar-move";
import { addDays, addMonths, dayNumber, toDate, weeksOf, type TimelineGroup } from "./calendar-params";
import type { Group } from "./timeline-groups";

type Overlap = { campaignIds: [string, string] | string[]; channels: string[]; from: string; to: string };

/** The name column stays in view while the chart scrolls sideways (narrow screens). */
const NAME_COL = "sticky left-0 z-10 w-40 shrink-0 bg-white sm:w-60 dark:bg-zinc-900";

/**
 * The quarter as a Gantt chart: a row per campaign, grouped by channel or department; bars coloured by
 * status; week ticks, month boundaries and a line for today; the days two campaigns compete for the same
 * audience on the same channel underlined in orange. Drafts move by dragging, with Alt+←/→ or from
 * the row's move menu.
 */
export function Timeline({
  overlaps,
  start,
  end,
  today,
  groups,
  group,
}: {
  overlaps: Overlap[];
  start: string;
  end: string;
  today: string;
  groups: Group[];
  group: TimelineGroup;
}) {
  const t = useTranslations("campaignCalendar");
  const format = useFormatter();
  const move = useCalendarMove();
  const base = dayNumber(start);
  const total = dayNumber(end) - base + 1;
  const pct = (d: string) => ((dayNumber(d) - base) / total) * 100;
  const clamp = (d: string) => (d < start ? start : d > end ? end : d);
  const mondays = weeksOf(start, end).filter((w) => w >= start);
  const months = [0, 1, 2].map((i) => addMonths(start, i));
  const showToday = today >= start && today <= end;
  const todayLeft = `${pct(today) + 50 / total}%`;
  const header = useRef<HTMLDivElement>(null);

  // On a narrow screen the chart scrolls sideways: start with today in view.
  useEffect(() => {
    const axis = header.current;
    const box = axis?.closest<HTMLElement>("[data-testid=calendar-timeline]");
    if (!box || !axis || !showToday || box.scrollWidth <= box.clientWidth) return;
    const x = axis.offsetLeft + (axis.clientWidth * (dayNumber(today) - base)) / total;
    box.scrollLeft = Math.max(0, x - box.clientWidth / 2);
  }, [showToday, today, base, total]);

  // The day under the pointer, from its horizontal position on the time axis (every row shares it).
  const dayAt = useCallback(
    (x: number) => {
      const r = header.current?.getBoundingClientRect();
      if (!r || !r.width) return null;
      return addDays(start, Math.floor(((x - r.left) / r.width) * total));
    },
    [start, total],
  );

  const overlapWindows = useMemo(() => {
    const out = new Map<string, Overlap[]>();
    for (const o of overlaps) for (const id of o.campaignIds) out.set(id, [...(out.get(id) ?? []), o]);
    return out;
  }, [overlaps]);
  /** The overlaps of a campaign shown in a group: by channel, only those on the group's channel. */
  const windowsOf = (id: string, groupKey: string) =>
    (overlapWindows.get(id) ?? []).filter(
      (o) => o.to >= start && o.from <= end && (group !== "channel" || o.channels.includes(groupKey)),
    );

  const span = (s: string, e: string) => {
    const a = clamp(s);
    const b = clamp(e);
    return { left: `${pct(a)}%`, width: `${((dayNumber(b) - dayNumber(a) + 1) / total) * 100}%` };
  };

  return (
    <Card className="overflow-x-auto p-0" data-testid="calendar-timeline">
      <div className="relative min-w-[52rem]">
        {/* Time axis: months, then the Mondays. */}
        <div className="flex border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <div
            className={cn(
              NAME_COL,
              "flex items-end px-3 py-1.5 text-xs font-medium text-zinc-500 dark:text-zinc-400",
            )}
          >
            {t("campaign")}
          </div>
          <div className="relative h-12 flex-1" ref={header} aria-hidden>
            {months.map((m) => (
              <div
                key={m}
                className="absolute top-0 h-6 border-l border-zinc-300 pl-1.5 pt-1 text-xs font-semibold whitespace-nowrap text-zinc-700 dark:border-zinc-600 dark:text-zinc-200"
                style={{ left: `${pct(m)}%` }}
              >
                {format.dateTime(toDate(m), { month: "long", timeZone: "UTC" })}
              </div>
            ))}
            {mondays.map((w) => (
              <div
                key={w}
                className="absolute top-6 h-6 border-l border-zinc-200 pl-1 pt-1 text-[11px] whitespace-nowrap text-zinc-500 dark:border-zinc-700 dark:text-zinc-400"
                style={{ left: `${pct(w)}%` }}
              >
                {dayNumber(end) - dayNumber(w) >= 4 &&
                  format.dateTime(toDate(w), { month: "short", day: "numeric", timeZone: "UTC" })}
              </div>
            ))}
            {showToday && (
              <div
                className="absolute top-0.5 z-10 -translate-x-1/2 rounded-full bg-red-600 px-1.5 text-[10px] font-semibold text-white"
                style={{ left: todayLeft }}
              >
                {t("today")}
              </div>
            )}
          </div>
        </div>

        <div className="relative">
          {groups.map((g) => (
            <section key={g.key} aria-labelledby={`timeline-group-${g.key}`}>
              <h3
                id={`timeline-group-${g.key}`}
                className="border-b border-zinc-200 bg-zinc-50 py-1.5 text-sm font-semibold dark:border-zinc-800 dark:bg-zinc-950"
              >
                <span className="sticky left-0 flex w-max items-center gap-2 px-3">
                  {g.label}
                  <span className="text-xs font-normal text-zinc-500 dark:text-zinc-400">
                    {t("campaignsInGroup", { count: g.items.length })}
                  </span>
                </span>
              </h3>
              <ul>
                {g.items.map((item) => {
                  const key = `${g.key}:${item.id}`;
                  const dragged = move.dragging?.id === item.id;
                  const lock = move.lockOf(item);
                  const sub =
                    group === "channel"
                      ? (item.departmentName ?? t("noDepartment"))
                      : format.list(
                          item.channels.map((c) => (t.has(`channel.${c}`) ? t(`channel.${c}`) : c)),
                          LIST_OPTS,
                        );
                  return (
                    <li
                      key={key}
                      className="flex items-stretch border-b border-zinc-100 last:border-b-0 dark:border-zinc-800"
                    >
                      <div className={cn(NAME_COL, "flex min-w-0 items-center gap-1 px-3 py-1")}>
                        <div className="min-w-0 flex-1" aria-hidden>
                          <div className="truncate text-sm" title={item.name}>
                            {item.name}
                          </div>
                          <div className="truncate text-xs text-zinc-500 dark:text-zinc-400">{sub}</div>
                        </div>
                        {!lock && <MoveMenu item={item} />}
                      </div>
                      <div className="relative h-11 flex-1">
                        {mondays.map((w) => (
                          <div
                            key={w}
                            className="absolute inset-y-0 border-l border-zinc-100 dark:border-zinc-800"
                            style={{ left: `${pct(w)}%` }}
                            aria-hidden
                          />
                        ))}
                        {months.slice(1).map((m) => (
                          <div
                            key={m}
                            className="absolute inset-y-0 border-l border-zinc-300 dark:border-zinc-600"
                            style={{ left: `${pct(m)}%` }}
                            aria-hidden
                          />
                        ))}
                        {item.endsOn >= start && item.startsOn <= end && (
                          <Bar
                            item={item}
                            barKey={key}
                            dayAt={dayAt}
                            className={cn(
                              "absolute top-2 h-6 overflow-hidden",
                              item.startsOn < start && "rounded-l-none border-l-0",
                              item.endsOn > end && "rounded-r-none border-r-0",
                            )}
                            style={span(item.startsOn, item.endsOn)}
                          />
                        )}
                        {!dragged &&
                          windowsOf(item.id, g.key).map((o) => (
                            <div
                              key={o.campaignIds.join("-")}
                              className="absolute bottom-0.5 h-1 rounded-full bg-orange-500"
                              style={span(o.from, o.to)}
                              title={t("overlapWindow", {
                                from: format.dateTime(toDate(o.from), DATE_OPTS),
                                to: format.dateTime(toDate(o.to), DATE_OPTS),
                              })}
                              aria-hidden
                            />
                          ))}
                      </div>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
          {showToday && (
            <div aria-hidden className="pointer-events-none absolute inset-y-0 right-0 left-40 sm:left-60">
              <div
                className="absolute inset-y-0 w-0.5 bg-red-500/80"
                style={{ left: todayLeft }}
                data-testid="today-line"
              />
            </div>
          )}
        </div>
        {showToday && (
          <p className="sr-only">{t("todayIs", { date: format.dateTime(toDate(today), DATE_OPTS) })}</p>
        )}
      </div>
    </Card>
  );
}

const loadMoveMenu = () => import("./move-menu").then((m) => m.MoveMenuPanel);

/** The pointer-free way to move a draft: a day or a week earlier or later (the menu loads on first use). */
function MoveMenu({ item }: { item: Item }) {
  const t = useTranslations("campaignCalendar");
  return (
    <LazyMenu
      load={loadMoveMenu}
      props={{ item }}
      trigger={{
        className: cn(
          "inline-flex size-7 shrink-0 items-center justify-center rounded text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100",
          FOCUS_STYLE,
        ),
        "aria-label": t("moveMenu", { name: item.name }),
        "data-testid": "calendar-move-menu",
        children: <ChevronsLeftRight className="size-4" aria-hidden />,
      }}
    />
  );
}
