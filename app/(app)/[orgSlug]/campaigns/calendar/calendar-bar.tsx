"use client";

import { AlertTriangle } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { cn } from "@/app/_components/ui/cn";
import { useOrg } from "@/app/_components/app/org-context";
import { toDate } from "./calendar-params";
import { useCalendarMove, type DayAt, type Item, type Lock } from "./calendar-move";

type Status = Item["status"];

export const STATUSES: Status[] = ["draft", "pending_approval", "approved", "live", "completed", "cancelled"];

/** Bar colours by status (text stays readable in both themes). */
export const STATUS_STYLES: Record<Status, string> = {
  draft:
    "border-zinc-400 border-dashed bg-zinc-100 text-zinc-800 dark:border-zinc-500 dark:bg-zinc-800 dark:text-zinc-100",
  pending_approval:
    "border-amber-300 bg-amber-100 text-amber-900 dark:border-amber-700 dark:bg-amber-900/50 dark:text-amber-100",
  approved: "border-sky-300 bg-sky-100 text-sky-900 dark:border-sky-700 dark:bg-sky-900/50 dark:text-sky-100",
  live: "border-emerald-400 bg-emerald-100 text-emerald-900 dark:border-emerald-700 dark:bg-emerald-900/50 dark:text-emerald-100",
  completed:
    "border-violet-300 bg-violet-100 text-violet-900 dark:border-violet-700 dark:bg-violet-900/50 dark:text-violet-100",
  cancelled:
    "border-red-300 bg-red-50 text-red-800 line-through dark:border-red-800 dark:bg-red-950/50 dark:text-red-200",
};
export const OVERLAP_STYLE = "ring-2 ring-orange-500 ring-offset-1 dark:ring-offset-zinc-900";
export const FOCUS_STYLE =
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600";
export const DATE_OPTS = { dateStyle: "medium", timeZone: "UTC" } as const;
/** "Email, Social" / "电子邮件、社交媒体". */
export const LIST_OPTS = { type: "conjunction", style: "narrow" } as const;

/** The ids of the hidden texts that describe what a bar's keyboard and pointer can do. */
export const HINT_IDS: Record<"movable" | "notDraft" | "noPermission", string> = {
  movable: "calendar-hint-movable",
  notDraft: "calendar-hint-not-draft",
  noPermission: "calendar-hint-no-permission",
};

/** Rendered once per page: the descriptions bars point to with aria-describedby. */
export function BarHints() {
  const t = useTranslations("campaignCalendar");
  return (
    <div hidden>
      <span id={HINT_IDS.movable}>{t("hint.movable")}</span>
      <span id={HINT_IDS.notDraft}>{t("hint.notDraft")}</span>
      <span id={HINT_IDS.noPermission}>{t("hint.noPermission")}</span>
    </div>
  );
}

/** The accessible name of a bar: name, status, dates and overlap. */
export function useBarLabel() {
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

const hintOf = (lock: Lock) => HINT_IDS[lock ?? "movable"];

/**
 * One campaign as a bar: a link to the campaign. A draft the user may edit also moves: drag it by
 * whole days, or focus it and press Alt+←/→ (a day) or Alt+Shift+←/→ (a week); in the week grids
 * Alt+↑/↓ moves by a week too.
 */
export function Bar({
  item,
  barKey,
  dayAt,
  verticalWeeks = false,
  className,
  style,
}: {
  item: Item;
  /** Unique per rendered bar (a campaign can show in several rows or weeks). */
  barKey: string;
  dayAt: DayAt;
  /** Alt+↑/↓ moves by a week (the week grids). */
  verticalWeeks?: boolean;
  className?: string;
  style?: React.CSSProperties;
}) {
  const t = useTranslations("campaignCalendar");
  const format = useFormatter();
  const org = useOrg();
  const move = useCalendarMove();
  const label = useBarLabel()(item);
  const lock = move.lockOf(item);
  const overlap = item.overlapsWith.length > 0;
  const isDragged = move.dragging?.id === item.id;

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    let days = 0;
    if (e.key === "ArrowLeft") days = e.shiftKey ? -7 : -1;
    else if (e.key === "ArrowRight") days = e.shiftKey ? 7 : 1;
    else if (verticalWeeks && e.key === "ArrowUp") days = -7;
    else if (verticalWeeks && e.key === "ArrowDown") days = 7;
    if (!days) return;
    e.preventDefault(); // also keeps Alt+← from going back in history
    if (lock) move.refuse(item);
    else move.moveBy(item, days, barKey);
  };

  return (
    <Link
      href={`/${org.slug}/campaigns/${item.id}`}
      aria-label={label}
      aria-describedby={hintOf(lock)}
      aria-keyshortcuts={
        lock ? undefined : "Alt+ArrowLeft Alt+ArrowRight Alt+Shift+ArrowLeft Alt+Shift+ArrowRight"
      }
      title={`${label}\n${t(`hint.${lock ?? "movable"}`)}`}
      style={style}
      draggable={false}
      onDragStart={(e) => e.preventDefault()}
      onPointerDown={lock ? undefined : (e) => move.startDrag(e, item, dayAt)}
      onKeyDown={onKeyDown}
      data-testid="calendar-bar"
      data-bar-key={barKey}
      data-campaign-id={item.id}
      data-movable={lock ? "false" : "true"}
      className={cn(
        "flex min-w-0 items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-medium hover:brightness-95",
        FOCUS_STYLE,
        STATUS_STYLES[item.status],
        overlap && OVERLAP_STYLE,
        lock ? "cursor-pointer" : "cursor-grab touch-pan-y select-none active:cursor-grabbing",
        isDragged && "z-10 cursor-grabbing opacity-90 shadow-lg ring-2 ring-brand-600",
        className,
      )}
    >
      {overlap && (
        <AlertTriangle className="size-3.5 shrink-0 text-orange-600 dark:text-orange-400" aria-hidden />
      )}
      {isDragged && (
        <span
          className="shrink-0 rounded bg-brand-600 px-1 text-white no-underline"
          data-testid="calendar-drag-dates"
        >
          {format.dateTimeRange(toDate(item.startsOn), toDate(item.endsOn), {
            month: "short",
            day: "numeric",
            timeZone: "UTC",
          })}
        </span>
      )}
      <span className="truncate">{item.name}</span>
    </Link>
  );
}
