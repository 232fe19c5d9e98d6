/**
 * Geometry of the roadmap: dates (YYYY-MM-DD, UTC) to day offsets within a year, and the bars of one
 * product's row. Pure, so it is unit-tested without a browser.
 */

const DAY = 86_400_000;

export const daysInYear = (year: number) => (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY;

/** Days from 1 January of `year` to the date (negative before the year, ≥ daysInYear after it). */
export function dayOf(year: number, iso: string): number {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number) as [number, number, number];
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(year, 0, 1)) / DAY);
}

/** A span of days [start, end) inside the year, and whether it was cut at either edge. */
export interface Span {
  start: number;
  end: number;
  cutStart: boolean;
  cutEnd: boolean;
}

/** Clips [start, end) to the year; null when nothing of it falls inside. A zero-length span stays (a marker). */
export function clip(year: number, start: number, end: number): Span | null {
  const len = daysInYear(year);
  if (end < start) return null;
  if (start >= len || end < 0 || (end === 0 && start < 0)) return null;
  return { start: Math.max(0, start), end: Math.min(len, end), cutStart: start < 0, cutEnd: end > len };
}

/** Percent of the year's width, for CSS left/width. */
export const pct = (year: number, days: number) => (days / daysInYear(year)) * 100;

export interface Planned {
  stageId: string;
  from: string | null;
  to: string | null;
  late: boolean;
}
export interface Actual {
  stageId: string;
  from: string;
  to: string | null;
}

export interface PlannedBar extends Span {
  stageId: string;
  from: string | null;
  to: string | null;
  late: boolean;
}
export interface ActualBar extends Span {
  stageId: string;
  from: string;
  to: string | null;
}

/**
 * The planned bar: inclusive dates, so a plan "1–31 March" covers the whole of March. With only one
 * of the two dates it is a marker on that day.
 */
export function plannedBar(year: number, p: Planned): PlannedBar | null {
  const a = p.from ?? p.to;
  const b = p.to ?? p.from;
  if (!a || !b) return null;
  const s = clip(year, dayOf(year, a), dayOf(year, b) + 1);
  return s && { ...s, stageId: p.stageId, from: p.from, to: p.to, late: p.late };
}

/**
 * An actual stay: from the day it entered to the day it left (the next stay starts that day, so
 * consecutive bars touch and do not overlap); an open stay runs to the end of today.
 */
export function actualBar(year: number, a: Actual, today: string): ActualBar | null {
  const end = a.to ? dayOf(year, a.to) : dayOf(year, today) + 1;
  const s = clip(year, dayOf(year, a.from), Math.max(end, dayOf(year, a.from)));
  return s && { ...s, stageId: a.stageId, from: a.from, to: a.to };
}

/**
 * The late part of a stage: the days the product was in it after its planned end (up to today while
 * it is still there), one piece per stay. Empty when the stage is not late or it fell outside the year.
 */
export function overrun(year: number, p: Planned, actual: Actual[], today: string): Span[] {
  if (!p.late || !p.to) return [];
  const lateFrom = dayOf(year, p.to) + 1;
  return actual
    .filter((a) => a.stageId === p.stageId)
    .map((a) => {
      const end = a.to ? dayOf(year, a.to) : dayOf(year, today) + 1;
      const start = Math.max(lateFrom, dayOf(year, a.from));
      return end > start ? clip(year, start, end) : null;
    })
    .filter((s): s is Span => s !== null);
}

/** Month columns of the year: start day and length. */
export function months(year: number) {
  return Array.from({ length: 12 }, (_, m) => {
    const start = (Date.UTC(year, m, 1) - Date.UTC(year, 0, 1)) / DAY;
    const end = (Date.UTC(year, m + 1, 1) - Date.UTC(year, 0, 1)) / DAY;
    return { month: m, start, days: end - start };
  });
}
