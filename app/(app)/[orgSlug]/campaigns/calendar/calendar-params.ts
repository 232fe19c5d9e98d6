/**
 * URL parameters and date arithmetic of the campaign calendar. Dates are calendar dates
 * ("YYYY-MM-DD", UTC); weeks start on Monday. Shared by the server page and the client view.
 */

export const CALENDAR_VIEWS = ["month", "quarter", "timeline"] as const;
export type CalendarView = (typeof CALENDAR_VIEWS)[number];
/** How the timeline groups its rows. */
export const TIMELINE_GROUPS = ["channel", "department"] as const;
export type TimelineGroup = (typeof TIMELINE_GROUPS)[number];

export interface CalendarParams {
  view: CalendarView;
  /** Rows of the timeline (other views ignore it). */
  group: TimelineGroup;
  /** The anchor date (any day of the month or quarter shown). */
  date: string;
  channel?: string;
  departmentId?: string;
}

const DAY = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const CHANNEL_RE = /^[a-z][a-z0-9_]{0,39}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export const toDate = (d: string) => new Date(`${d}T00:00:00Z`);
export const fromDate = (d: Date) => d.toISOString().slice(0, 10);
export const todayUtc = () => fromDate(new Date());
export const dayNumber = (d: string) => Math.round(toDate(d).getTime() / DAY);
export const addDays = (d: string, n: number) => fromDate(new Date(toDate(d).getTime() + n * DAY));

export function isCalendarDate(s: string | undefined): s is string {
  return !!s && DATE_RE.test(s) && fromDate(toDate(s)) === s;
}

/** Reads the calendar's URL parameters; anything invalid falls back (month view, today, by channel, no filter). */
export function parseCalendarParams(
  sp: Record<string, string | string[] | undefined>,
  today: string,
): CalendarParams {
  const v = one(sp.view);
  const view = CALENDAR_VIEWS.find((x) => x === v) ?? "month";
  const g = one(sp.group);
  const date = one(sp.date);
  const channel = one(sp.channel);
  const dept = one(sp.department);
  return {
    view,
    group: TIMELINE_GROUPS.find((x) => x === g) ?? "channel",
    date: isCalendarDate(date) ? date : today,
    channel: channel && CHANNEL_RE.test(channel) ? channel : undefined,
    departmentId: dept && UUID_RE.test(dept) ? dept : undefined,
  };
}

/** Monday on or before the date. */
export function weekStart(d: string) {
  const dow = (toDate(d).getUTCDay() + 6) % 7;
  return addDays(d, -dow);
}

const monthStart = (d: string) => `${d.slice(0, 7)}-01`;

/** First day of the month `n` months after the date's month. */
export function addMonths(d: string, n: number) {
  const x = toDate(monthStart(d));
  return fromDate(new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + n, 1)));
}

const monthEnd = (d: string) => addDays(addMonths(d, 1), -1);

export function quarterStart(d: string) {
  const x = toDate(d);
  return fromDate(new Date(Date.UTC(x.getUTCFullYear(), Math.floor(x.getUTCMonth() / 3) * 3, 1)));
}

export const quarterOf = (d: string) => Math.floor(toDate(d).getUTCMonth() / 3) + 1;

/**
 * The period the view shows (start … end) and the days it fetches (from … to): the month or quarter
 * grids draw the full weeks around it; the timeline draws the quarter's days only.
 */
export function viewRange(view: CalendarView, date: string) {
  const start = view === "month" ? monthStart(date) : quarterStart(date);
  const end = view === "month" ? monthEnd(date) : addDays(addMonths(start, 3), -1);
  if (view === "timeline") return { start, end, from: start, to: end };
  return { start, end, from: weekStart(start), to: addDays(weekStart(end), 6) };
}

/** The Mondays of the weeks from `from` to `to`. */
export function weeksOf(from: string, to: string) {
  const out: string[] = [];
  for (let w = weekStart(from); w <= to; w = addDays(w, 7)) out.push(w);
  return out;
}

/** The anchor of the previous (-1) or next (+1) month or quarter. */
export function shiftAnchor(view: CalendarView, date: string, step: -1 | 1) {
  return view === "month" ? addMonths(date, step) : addMonths(quarterStart(date), 3 * step);
}

/** The query string of the calendar with some parameters changed (undefined removes one). */
export function calendarQuery(current: CalendarParams, change: Partial<CalendarParams>) {
  const next = { ...current, ...change };
  const p = new URLSearchParams();
  p.set("view", next.view);
  p.set("date", next.date);
  if (next.view === "timeline") p.set("group", next.group);
  if (next.channel) p.set("channel", next.channel);
  if (next.departmentId) p.set("department", next.departmentId);
  return `?${p.toString()}`;
}
