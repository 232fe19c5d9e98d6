"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { AlertTriangle, ChevronLeft, ChevronRight } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useId, useMemo, useRef, useTransition } from "react";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Card, EmptyState } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { Select } from "@/app/_components/ui/field";
import { useOrg } from "@/app/_components/app/org-context";
import {
  addDays,
  calendarQuery,
  dayNumber,
  quarterOf,
  shiftAnchor,
  toDate,
  viewRange,
  weekStart,
  type CalendarParams,
  type CalendarView,
} from "./calendar-params";

type Item = inferRouterOutputs<AppRouter>["campaign"]["calendar"]["items"][number];
type Status = Item["status"];

const STATUSES: Status[] = ["draft", "pending_approval", "approved", "live", "completed", "cancelled"];

/** Bar colours by status (text stays readable in both themes). */
const STATUS_STYLES: Record<Status, string> = {
  draft: "border-zinc-300 bg-zinc-100 text-zinc-800 dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-100",
  pending_approval:
    "border-amber-300 bg-amber-100 text-amber-900 dark:border-amber-700 dark:bg-amber-900/50 dark:text-amber-100",
  approved: "border-sky-300 bg-sky-100 text-sky-900 dark:border-sky-700 dark:bg-sky-900/50 dark:text-sky-100",
  live: "border-emerald-400 bg-emerald-100 text-emerald-900 dark:border-emerald-700 dark:bg-emerald-900/50 dark:text-emerald-100",
  completed:
    "border-violet-300 bg-violet-100 text-violet-900 dark:border-violet-700 dark:bg-violet-900/50 dark:text-violet-100",
  cancelled:
    "border-red-300 bg-red-50 text-red-800 line-through dark:border-red-800 dark:bg-red-950/50 dark:text-red-200",
};
const OVERLAP_STYLE = "ring-2 ring-orange-500 ring-offset-1 dark:ring-offset-zinc-900";
const FOCUS_STYLE = "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600";

const DATE_OPTS = { dateStyle: "medium", timeZone: "UTC" } as const;

export function CalendarClient({ params, today }: { params: CalendarParams; today: string }) {
  const t = useTranslations("campaignCalendar");
  const format = useFormatter();
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const range = viewRange(params.view, params.date);
  const { data } = useSuspenseQuery(
    trpc.campaign.calendar.queryOptions({
      orgSlug: org.slug,
      from: range.from,
      to: range.to,
      channel: params.channel,
      departmentId: params.departmentId,
    }),
  );
  const { data: settings } = useSuspenseQuery(trpc.campaign.settings.queryOptions({ orgSlug: org.slug }));
  const { data: departments } = useSuspenseQuery(trpc.department.list.queryOptions({ orgSlug: org.slug }));

  const go = (change: Partial<CalendarParams>) =>
    startTransition(() => router.push(`${pathname}${calendarQuery(params, change)}`, { scroll: false }));

  const byId = useMemo(() => new Map(data.items.map((i) => [i.id, i])), [data.items]);
  const channelLabel = (c: string) => (t.has(`channel.${c}`) ? t(`channel.${c}`) : c);
  const title =
    params.view === "month"
      ? format.dateTime(toDate(range.start), { month: "long", year: "numeric", timeZone: "UTC" })
      : t("quarterTitle", { quarter: quarterOf(range.start), year: toDate(range.start).getUTCFullYear() });
  const filtered = !!params.channel || !!params.departmentId;
  const channels =
    settings.channels.includes(params.channel ?? "") || !params.channel
      ? settings.channels
      : [...settings.channels, params.channel];

  return (
    <div className="space-y-4" aria-busy={pending || undefined}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <ViewTabs value={params.view} onChange={(view) => go({ view })} />
        <div className="flex flex-wrap items-center gap-3">
          <FilterSelect
            label={t("filterChannel")}
            value={params.channel ?? ""}
            onChange={(v) => go({ channel: v || undefined })}
            options={[
              { value: "", label: t("allChannels") },
              ...channels.map((c) => ({ value: c, label: channelLabel(c) })),
            ]}
          />
          <FilterSelect
            label={t("filterDepartment")}
            value={params.departmentId ?? ""}
            onChange={(v) => go({ departmentId: v || undefined })}
            options={[
              { value: "", label: t("allDepartments") },
              ...[...departments]
                .sort((a, b) => a.name.localeCompare(b.name))
                .map((d) => ({ value: d.id, label: d.name })),
            ]}
          />
        </div>
      </div>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-2">
          <Button
            variant="secondary"
            size="sm"
            onClick={() => go({ date: shiftAnchor(params.view, params.date, -1) })}
            aria-label={t(`previous.${params.view}`)}
          >
            <ChevronLeft className="size-4" aria-hidden />
          </Button>
          <Button variant="secondary" size="sm" onClick={() => go({ date: today })}>
            {t("today")}
          </Button>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => go({ date: shiftAnchor(params.view, params.date, 1) })}
            aria-label={t(`next.${params.view}`)}
          >
            <ChevronRight className="size-4" aria-hidden />
          </Button>
          <h2 className="ml-2 text-lg font-semibold" aria-live="polite" id="calendar-title">
            {title}
          </h2>
          {pending && (
            <span
              className="size-3.5 animate-spin rounded-full border-2 border-zinc-400 border-t-transparent"
              role="status"
              aria-label={t("loading")}
            />
          )}
        </div>
        <Legend />
      </div>

      <div
        id="calendar-panel"
        role="tabpanel"
        aria-labelledby={`calendar-tab-${params.view}`}
        className="space-y-4"
      >
        {data.items.length === 0 ? (
          <EmptyState
            title={t(filtered ? "emptyFilteredTitle" : "emptyTitle")}
            description={t(filtered ? "emptyFilteredBody" : "emptyBody")}
            action={
              filtered ? (
                <Button
                  variant="secondary"
                  size="sm"
                  onClick={() => go({ channel: undefined, departmentId: undefined })}
                >
                  {t("clearFilters")}
                </Button>
              ) : (
                <Link
                  href={`/${org.slug}/campaigns`}
                  className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-100"
                >
                  {t("goToCampaigns")}
                </Link>
              )
            }
          />
        ) : (
          <>
            {params.view === "month" ? (
              <MonthGrid
                items={data.items}
                from={range.from}
                to={range.to}
                month={range.start.slice(0, 7)}
                today={today}
              />
            ) : (
              <QuarterTimeline items={data.items} start={range.start} end={range.end} today={today} />
            )}
            <OverlapList overlaps={data.overlaps} byId={byId} channelLabel={channelLabel} />
          </>
        )}
      </div>
    </div>
  );
}

function ViewTabs({ value, onChange }: { value: CalendarView; onChange: (v: CalendarView) => void }) {
  const t = useTranslations("campaignCalendar");
  const views: CalendarView[] = ["month", "quarter"];
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  return (
    <div
      role="tablist"
      aria-label={t("viewLabel")}
      className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700"
    >
      {views.map((v, i) => (
        <button
          key={v}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`calendar-tab-${v}`}
          aria-controls="calendar-panel"
          aria-selected={v === value}
          tabIndex={v === value ? 0 : -1}
          onClick={() => v !== value && onChange(v)}
          onKeyDown={(e) => {
            if (e.key !== "ArrowLeft" && e.key !== "ArrowRight" && e.key !== "Home" && e.key !== "End")
              return;
            e.preventDefault();
            const j =
              e.key === "Home"
                ? 0
                : e.key === "End"
                  ? views.length - 1
                  : (i + (e.key === "ArrowRight" ? 1 : -1) + views.length) % views.length;
            refs.current[j]?.focus();
            onChange(views[j]!);
          }}
          className={cn(
            "rounded px-3 py-1 text-sm font-medium",
            FOCUS_STYLE,
            v === value
              ? "bg-brand-600 text-white"
              : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
          )}
        >
          {t(`view.${v}`)}
        </button>
      ))}
    </div>
  );
}

function FilterSelect({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
}) {
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="shrink-0 text-sm font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value)} className="w-auto! min-w-36">
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </div>
  );
}

function Legend() {
  const t = useTranslations("campaignCalendar");
  return (
    <ul className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs" aria-label={t("legend")}>
      {STATUSES.map((s) => (
        <li key={s} className="flex items-center gap-1.5">
          <span className={cn("inline-block h-3 w-5 rounded-sm border", STATUS_STYLES[s])} aria-hidden />
          {t(`status.${s}`)}
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <span
          className={cn("inline-flex h-3 w-5 items-center justify-center rounded-sm", OVERLAP_STYLE)}
          aria-hidden
        />
        <AlertTriangle className="size-3.5 text-orange-600" aria-hidden />
        {t("overlap")}
      </li>
    </ul>
  );
}

/** The accessible name of a bar: name, status, dates and overlap. */
function useBarLabel() {
  const t = useTranslations("campaignCalendar");
  const format = useFormatter();
  return (item: Item) =>
    t("barLabel", {
      name: item.name,
      status: t(`status.${item.status}`),
      start: format.dateTime(toDate(item.startsOn), DATE_OPTS),
      end: format.dateTime(toDate(item.endsOn), DATE_OPTS),
      overlaps: item.overlapsWith.length,
    });
}

function Bar({ item, className, style }: { item: Item; className?: string; style?: React.CSSProperties }) {
  const t = useTranslations("campaignCalendar");
  const org = useOrg();
  const label = useBarLabel()(item);
  const overlap = item.overlapsWith.length > 0;
  return (
    <Link
      href={`/${org.slug}/campaigns/${item.id}`}
      aria-label={label}
      title={label}
      style={style}
      data-testid="calendar-bar"
      className={cn(
        "flex min-w-0 items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-medium hover:brightness-95",
        FOCUS_STYLE,
        STATUS_STYLES[item.status],
        overlap && OVERLAP_STYLE,
        className,
      )}
    >
      {overlap && (
        <AlertTriangle className="size-3.5 shrink-0 text-orange-600 dark:text-orange-400" aria-hidden />
      )}
      <span className="truncate">{item.name}</span>
      {overlap && (
        <span className="shrink-0 font-semibold text-orange-700 no-underline dark:text-orange-300">
          {t("overlapShort")}
        </span>
      )}
    </Link>
  );
}

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

function MonthGrid({
  items,
  from,
  to,
  month,
  today,
}: {
  items: Item[];
  from: string;
  to: string;
  month: string;
  today: string;
}) {
  const t = useTranslations("campaignCalendar");
  const format = useFormatter();
  const weeks: string[] = [];
  for (let w = weekStart(from); w <= to; w = addDays(w, 7)) weeks.push(w);
  const sorted = useMemo(
    () =>
      [...items].sort(
        (a, b) =>
          a.startsOn.localeCompare(b.startsOn) ||
          b.endsOn.localeCompare(a.endsOn) ||
          a.name.localeCompare(b.name),
      ),
    [items],
  );
  return (
    <Card className="overflow-x-auto p-0" data-testid="calendar-month">
      <div className="min-w-[42rem]">
        <div
          className="grid grid-cols-7 border-b border-zinc-200 text-xs font-medium text-zinc-500 dark:border-zinc-800"
          aria-hidden
        >
          {Array.from({ length: 7 }, (_, i) => (
            <div key={i} className="px-2 py-1.5">
              {format.dateTime(toDate(addDays(weeks[0]!, i)), { weekday: "short", timeZone: "UTC" })}
            </div>
          ))}
        </div>
        <ol aria-labelledby="calendar-title">
          {weeks.map((w) => {
            const segs = weekSegments(sorted, w);
            const lanes = segs.reduce((n, s) => Math.max(n, s.lane + 1), 0);
            return (
              <li
                key={w}
                className="border-b border-zinc-200 last:border-b-0 dark:border-zinc-800"
                aria-label={t("weekOf", { date: format.dateTime(toDate(w), DATE_OPTS) })}
              >
                <div
                  className="relative grid min-h-24 grid-cols-7"
                  style={{ gridTemplateRows: `auto repeat(${lanes}, minmax(0, auto)) 1fr` }}
                >
                  {Array.from({ length: 7 }, (_, i) => {
                    const day = addDays(w, i);
                    const inMonth = day.startsWith(month);
                    return (
                      <div
                        key={day}
                        className={cn(
                          "border-l border-zinc-100 first:border-l-0 dark:border-zinc-800",
                          !inMonth && "bg-zinc-50 dark:bg-zinc-950/40",
                        )}
                        style={{ gridColumn: i + 1, gridRow: "1 / -1" }}
                        aria-hidden
                      />
                    );
                  })}
                  {Array.from({ length: 7 }, (_, i) => {
                    const day = addDays(w, i);
                    const isToday = day === today;
                    return (
                      <div
                        key={`n${day}`}
                        className="px-2 pt-1 text-xs"
                        style={{ gridColumn: i + 1, gridRow: 1 }}
                      >
                        <time
                          dateTime={day}
                          aria-current={isToday ? "date" : undefined}
                          className={cn(
                            "inline-flex size-6 items-center justify-center rounded-full",
                            day.startsWith(month)
                              ? "text-zinc-700 dark:text-zinc-300"
                              : "text-zinc-400 dark:text-zinc-600",
                            isToday && "bg-brand-600 font-semibold text-white",
                          )}
                        >
                          {format.dateTime(toDate(day), { day: "numeric", timeZone: "UTC" })}
                        </time>
                      </div>
                    );
                  })}
                  {segs.map((s) => (
                    <div
                      key={s.item.id}
                      className="px-0.5 py-0.5"
                      style={{ gridColumn: `${s.startCol + 1} / ${s.endCol + 2}`, gridRow: s.lane + 2 }}
                    >
                      <Bar
                        item={s.item}
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

function QuarterTimeline({
  items,
  start,
  end,
  today,
}: {
  items: Item[];
  start: string;
  end: string;
  today: string;
}) {
  const t = useTranslations("campaignCalendar");
  const format = useFormatter();
  const base = dayNumber(start);
  const total = dayNumber(end) - base + 1;
  const pct = (d: string) => ((dayNumber(d) - base) / total) * 100;
  const weeks: string[] = [];
  for (let w = weekStart(start); w <= end; w = addDays(w, 7)) weeks.push(w);
  const showToday = today >= start && today <= end;
  const todayLeft = `${pct(today) + 50 / total}%`;
  const sorted = useMemo(
    () => [...items].sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.name.localeCompare(b.name)),
    [items],
  );

  return (
    <Card className="overflow-x-auto p-0" data-testid="calendar-quarter">
      <div className="min-w-[48rem]">
        <div className="flex border-b border-zinc-200 dark:border-zinc-800">
          <div className="w-48 shrink-0 px-3 py-1.5 text-xs font-medium text-zinc-500">{t("campaign")}</div>
          <div className="relative h-8 flex-1" aria-hidden>
            {weeks.map((w) => {
              const left = Math.max(0, pct(w));
              return (
                <div
                  key={w}
                  className="absolute top-0 h-full border-l border-zinc-200 pl-1 pt-1.5 text-xs whitespace-nowrap text-zinc-500 dark:border-zinc-800"
                  style={{ left: `${left}%` }}
                >
                  {format.dateTime(toDate(w < start ? start : w), {
                    month: "short",
                    day: "numeric",
                    timeZone: "UTC",
                  })}
                </div>
              );
            })}
          </div>
        </div>
        <ul aria-labelledby="calendar-title" className="relative">
          {sorted.map((item) => {
            const s = item.startsOn < start ? start : item.startsOn;
            const e = item.endsOn > end ? end : item.endsOn;
            const left = pct(s);
            const width = ((dayNumber(e) - dayNumber(s) + 1) / total) * 100;
            return (
              <li
                key={item.id}
                className="flex items-center border-b border-zinc-100 last:border-b-0 dark:border-zinc-800"
              >
                <div className="w-48 shrink-0 truncate px-3 py-2 text-sm" title={item.name} aria-hidden>
                  {item.name}
                </div>
                <div className="relative h-9 flex-1">
                  {weeks.map((w) => (
                    <div
                      key={w}
                      className="absolute top-0 h-full border-l border-zinc-100 dark:border-zinc-800"
                      style={{ left: `${Math.max(0, pct(w))}%` }}
                      aria-hidden
                    />
                  ))}
                  <Bar
                    item={item}
                    className={cn(
                      "absolute top-1.5 h-6",
                      item.startsOn < start && "rounded-l-none",
                      item.endsOn > end && "rounded-r-none",
                    )}
                    style={{ left: `${left}%`, width: `${width}%` }}
                  />
                </div>
              </li>
            );
          })}
          {showToday && (
            <li aria-hidden className="pointer-events-none absolute inset-y-0 right-0 left-48">
              <div
                className="absolute inset-y-0 w-0.5 bg-red-500"
                style={{ left: todayLeft }}
                data-testid="today-line"
              />
            </li>
          )}
        </ul>
        {showToday && (
          <p className="sr-only">{t("todayIs", { date: format.dateTime(toDate(today), DATE_OPTS) })}</p>
        )}
      </div>
    </Card>
  );
}

function OverlapList({
  overlaps,
  byId,
  channelLabel,
}: {
  overlaps: inferRouterOutputs<AppRouter>["campaign"]["calendar"]["overlaps"];
  byId: Map<string, Item>;
  channelLabel: (c: string) => string;
}) {
  const t = useTranslations("campaignCalendar");
  const format = useFormatter();
  const org = useOrg();
  if (!overlaps.length) return null;
  return (
    <section
      aria-labelledby="calendar-overlaps-heading"
      className="rounded-lg border border-orange-300 bg-orange-50 p-4 dark:border-orange-800 dark:bg-orange-950/30"
    >
      <h3
        id="calendar-overlaps-heading"
        className="flex items-center gap-2 text-sm font-semibold text-orange-900 dark:text-orange-100"
      >
        <AlertTriangle className="size-4 text-orange-600" aria-hidden />
        {t("overlapsHeading", { count: overlaps.length })}
      </h3>
      <p className="mt-1 text-xs text-orange-900/80 dark:text-orange-100/80">{t("overlapsHelp")}</p>
      <ul className="mt-2 space-y-1 text-sm">
        {overlaps.map((o) => {
          const [a, b] = o.campaignIds.map((id) => byId.get(id));
          if (!a || !b) return null;
          return (
            <li key={o.campaignIds.join("-")}>
              {t.rich("overlapItem", {
                a: () => (
                  <Link
                    href={`/${org.slug}/campaigns/${a.id}`}
                    className={cn("font-medium underline", FOCUS_STYLE)}
                  >
                    {a.name}
                  </Link>
                ),
                b: () => (
                  <Link
                    href={`/${org.slug}/campaigns/${b.id}`}
                    className={cn("font-medium underline", FOCUS_STYLE)}
                  >
                    {b.name}
                  </Link>
                ),
                channels: o.channels.map(channelLabel).join(", "),
                from: format.dateTime(toDate(o.from), DATE_OPTS),
                to: format.dateTime(toDate(o.to), DATE_OPTS),
              })}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
