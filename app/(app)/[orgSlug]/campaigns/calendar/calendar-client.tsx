"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { AlertTriangle, ChevronLeft, ChevronRight, Move } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useId, useMemo, useRef, useState, useTransition } from "react";
import type { AppRouter } from "@/server/api/root";
import { can } from "@/server/rbac/permissions";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { EmptyState } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { Select } from "@/app/_components/ui/field";
import { lazyPart } from "@/app/_components/ui/lazy-part";
import { useOrg } from "@/app/_components/app/org-context";
import {
  BarHints,
  DATE_OPTS,
  FOCUS_STYLE,
  LIST_OPTS,
  OVERLAP_STYLE,
  STATUS_STYLES,
  STATUSES,
} from "./calendar-bar";
import {
  CalendarMoveProvider,
  sortForCalendar,
  useCalendarMoveState,
  withDragPreview,
  type Item,
  type Me,
} from "./calendar-move";
import {
  CALENDAR_VIEWS,
  calendarQuery,
  quarterOf,
  shiftAnchor,
  TIMELINE_GROUPS,
  toDate,
  viewRange,
  type CalendarParams,
  type CalendarView,
  type TimelineGroup,
} from "./calendar-params";
import { timelineGroups } from "./timeline-groups";
import { WeekGrid } from "./week-grid";

// The timeline (quarter Gantt chart) loads with its view; the month and quarter grids come with the page.
const Timeline = lazyPart(() => import("./timeline").then((m) => m.Timeline));

export function CalendarClient({ params, today, me }: { params: CalendarParams; today: string; me: Me }) {
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

  // Screen-reader news of moves (the toast covers failures visually).
  const [announcement, setAnnouncement] = useState("");
  const announce = useCallback((text: string) => setAnnouncement(text), []);
  const move = useCalendarMoveState({ orgSlug: org.slug, me, announce });
  const mayMove = can(me.role, "campaign.update");

  const go = (change: Partial<CalendarParams>) =>
    startTransition(() => router.push(`${pathname}${calendarQuery(params, change)}`, { scroll: false }));

  const sorted = useMemo(() => sortForCalendar(data.items), [data.items]);
  const items = useMemo(() => withDragPreview(sorted, move.dragging), [sorted, move.dragging]);
  const byId = useMemo(() => new Map(data.items.map((i) => [i.id, i])), [data.items]);
  const channelLabel = useCallback((c: string) => (t.has(`channel.${c}`) ? t(`channel.${c}`) : c), [t]);
  const title =
    params.view === "month"
      ? format.dateTime(toDate(range.start), { month: "long", year: "numeric", timeZone: "UTC" })
      : t("quarterTitle", { quarter: quarterOf(range.start), year: toDate(range.start).getUTCFullYear() });
  const filtered = !!params.channel || !!params.departmentId;
  const channels =
    settings.channels.includes(params.channel ?? "") || !params.channel
      ? settings.channels
      : [...settings.channels, params.channel];
  const groups = useMemo(
    () =>
      params.view === "timeline"
        ? timelineGroups(items, params.group, {
            channels: settings.channels,
            channelFilter: params.channel,
            channelLabel,
            noDepartment: t("noDepartment"),
          })
        : [],
    [items, params.view, params.group, params.channel, settings.channels, channelLabel, t],
  );
  const hasDrafts = data.items.some((i) => !move.lockOf(i));

  return (
    <CalendarMoveProvider value={move}>
      <div className="space-y-4" aria-busy={pending || undefined}>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="flex flex-wrap items-center gap-3">
            <ViewTabs value={params.view} onChange={(view) => go({ view })} />
            {params.view === "timeline" && (
              <GroupToggle value={params.group} onChange={(group) => go({ group })} />
            )}
          </div>
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
              title={t(`previous.${params.view}`)}
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
              title={t(`next.${params.view}`)}
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

        {mayMove && hasDrafts && (
          <p
            className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400"
            data-testid="calendar-move-hint"
          >
            <Move className="size-3.5 shrink-0" aria-hidden />
            {t(params.view === "timeline" ? "moveHintTimeline" : "moveHint")}
          </p>
        )}

        <div
          id="calendar-panel"
          role="tabpanel"
          aria-labelledby={`calendar-tab-${params.view}`}
          className="space-y-4"
        >
          {data.items.length === 0 ? (
            <EmptyState
              title={t(filtered ? "emptyFilteredTitle" : "emptyTitle")}
              description={t(
                filtered ? "emptyFilteredBody" : `emptyBody.${params.view === "month" ? "month" : "quarter"}`,
              )}
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
                    className={cn(
                      "text-sm font-medium text-brand-600 hover:underline dark:text-brand-100",
                      FOCUS_STYLE,
                    )}
                  >
                    {t("goToCampaigns")}
                  </Link>
                )
              }
            />
          ) : (
            <>
              {params.view === "timeline" ? (
                <Timeline
                  overlaps={data.overlaps}
                  start={range.start}
                  end={range.end}
                  today={today}
                  groups={groups}
                  group={params.group}
                />
              ) : (
                <WeekGrid
                  items={items}
                  start={range.start}
                  end={range.end}
                  from={range.from}
                  to={range.to}
                  today={today}
                  compact={params.view === "quarter"}
                />
              )}
              <OverlapList overlaps={data.overlaps} byId={byId} channelLabel={channelLabel} />
            </>
          )}
        </div>
        <BarHints />
        <p className="sr-only" aria-live="polite" aria-atomic data-testid="calendar-announcer">
          {announcement}
        </p>
      </div>
    </CalendarMoveProvider>
  );
}

function ViewTabs({ value, onChange }: { value: CalendarView; onChange: (v: CalendarView) => void }) {
  const t = useTranslations("campaignCalendar");
  const views = CALENDAR_VIEWS;
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

/** Rows of the timeline: by channel or by department (kept in the URL). */
function GroupToggle({ value, onChange }: { value: TimelineGroup; onChange: (g: TimelineGroup) => void }) {
  const t = useTranslations("campaignCalendar");
  const labelId = useId();
  return (
    <div className="flex items-center gap-2">
      <span id={labelId} className="text-sm font-medium text-zinc-700 dark:text-zinc-300">
        {t("groupBy")}
      </span>
      <div
        role="group"
        aria-labelledby={labelId}
        className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700"
      >
        {TIMELINE_GROUPS.map((g) => (
          <button
            key={g}
            type="button"
            aria-pressed={g === value}
            onClick={() => g !== value && onChange(g)}
            data-testid={`calendar-group-${g}`}
            className={cn(
              "rounded px-2.5 py-1 text-sm",
              FOCUS_STYLE,
              g === value
                ? "bg-zinc-200 font-medium text-zinc-900 dark:bg-zinc-700 dark:text-zinc-50"
                : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
            )}
          >
            {t(`group.${g}`)}
          </button>
        ))}
      </div>
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
                channels: format.list(o.channels.map(channelLabel), LIST_OPTS),
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
