import { describe, expect, it } from "vitest";
import { actualBar, clip, dayOf, daysInYear, months, overrun, plannedBar } from "@/app/(app)/[orgSlug]/products/roadmap/timeline";
import { roadmapYear } from "@/app/(app)/[orgSlug]/products/roadmap/year-param";

describe("roadmap geometry", () => {
  it("counts days from 1 January, leap years included", () => {
    expect(daysInYear(2026)).toBe(365);
    expect(daysInYear(2028)).toBe(366);
    expect(dayOf(2026, "2026-01-01")).toBe(0);
    expect(dayOf(2026, "2026-12-31")).toBe(364);
    expect(dayOf(2026, "2025-12-31")).toBe(-1);
    expect(dayOf(2026, "2027-01-01")).toBe(365);
    expect(months(2028).map((m) => m.days)).toEqual([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
  });

  it("clips spans to the year and says which edge was cut", () => {
    expect(clip(2026, -10, 20)).toEqual({ start: 0, end: 20, cutStart: true, cutEnd: false });
    expect(clip(2026, 300, 400)).toEqual({ start: 300, end: 365, cutStart: false, cutEnd: true });
    expect(clip(2026, -10, 0)).toBeNull();
    expect(clip(2026, 365, 370)).toBeNull();
    expect(clip(2026, 5, 5)).toEqual({ start: 5, end: 5, cutStart: false, cutEnd: false });
  });

  it("draws plans with inclusive dates, one-sided plans as a marker", () => {
    const march = plannedBar(2026, { stageId: "s", from: "2026-03-01", to: "2026-03-31", late: false })!;
    expect(march.end - march.start).toBe(31);
    const onlyEnd = plannedBar(2026, { stageId: "s", from: null, to: "2026-06-30", late: true })!;
    expect(onlyEnd.end - onlyEnd.start).toBe(1);
    expect(plannedBar(2026, { stageId: "s", from: null, to: null, late: false })).toBeNull();
    expect(plannedBar(2026, { stageId: "s", from: "2027-02-01", to: "2027-03-01", late: false })).toBeNull();
  });

  it("runs open stays to the end of today, and consecutive stays touch", () => {
    const a = actualBar(2026, { stageId: "a", from: "2026-01-10", to: "2026-03-05" }, "2026-11-27")!;
    const b = actualBar(2026, { stageId: "b", from: "2026-03-05", to: null }, "2026-11-27")!;
    expect(a.end).toBe(b.start);
    expect(b.end).toBe(dayOf(2026, "2026-11-27") + 1);
    // Viewing a later year, an open stay that started before it shows nothing past today.
    expect(actualBar(2027, { stageId: "b", from: "2026-03-05", to: null }, "2026-11-27")).toBeNull();
  });

  it("stripes only the days spent in a late stage after its planned end", () => {
    const plan = { stageId: "s", from: "2026-01-01", to: "2026-03-31", late: true };
    const stays = [
      { stageId: "s", from: "2026-02-01", to: "2026-05-10" },
      { stageId: "other", from: "2026-05-10", to: null },
    ];
    expect(overrun(2026, plan, stays, "2026-11-27")).toEqual([{ start: dayOf(2026, "2026-04-01"), end: dayOf(2026, "2026-05-10"), cutStart: false, cutEnd: false }]);
    // Entered after the planned end: the whole stay is late.
    expect(overrun(2026, plan, [{ stageId: "s", from: "2026-11-01", to: null }], "2026-11-27")).toEqual([
      { start: dayOf(2026, "2026-11-01"), end: dayOf(2026, "2026-11-28"), cutStart: false, cutEnd: false },
    ]);
    expect(overrun(2026, { ...plan, late: false }, stays, "2026-11-27")).toEqual([]);
  });

  it("reads the year from the URL, else the current one", () => {
    const now = new Date("2026-11-27T12:00:00Z");
    expect(roadmapYear("2025", now)).toBe(2025);
    expect(roadmapYear(undefined, now)).toBe(2026);
    expect(roadmapYear("1999", now)).toBe(2026);
    expect(roadmapYear("20x6", now)).toBe(2026);
    expect(roadmapYear(["2025", "2024"], now)).toBe(2026);
  });
});
