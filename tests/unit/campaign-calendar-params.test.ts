import { describe, expect, it } from "vitest";
import {
  calendarQuery,
  parseCalendarParams,
  shiftAnchor,
  viewRange,
  weeksOf,
} from "@/app/(app)/[orgSlug]/campaigns/calendar/calendar-params";

const TODAY = "2026-11-27";
const DEPT = "324858e2-d50f-4909-9300-e1d5327f727d";

describe("calendar URL parameters", () => {
  it("reads the three views, the timeline's grouping and the filters; anything else falls back", () => {
    expect(parseCalendarParams({}, TODAY)).toEqual({ view: "month", group: "channel", date: TODAY, channel: undefined, departmentId: undefined });
    expect(parseCalendarParams({ view: "timeline", group: "department", date: "2026-10-15", channel: "email", department: DEPT }, TODAY)).toEqual({
      view: "timeline",
      group: "department",
      date: "2026-10-15",
      channel: "email",
      departmentId: DEPT,
    });
    expect(parseCalendarParams({ view: "gantt", group: "owner", date: "2026-02-30", channel: "E-mail!", department: "x" }, TODAY)).toEqual({
      view: "month",
      group: "channel",
      date: TODAY,
      channel: undefined,
      departmentId: undefined,
    });
    expect(parseCalendarParams({ view: ["quarter", "month"] }, TODAY).view).toBe("quarter");
  });

  it("writes a shareable query: the grouping only for the timeline, filters only when set", () => {
    const p = parseCalendarParams({ view: "timeline", date: TODAY, group: "department", channel: "social" }, TODAY);
    expect(calendarQuery(p, {})).toBe("?view=timeline&date=2026-11-27&group=department&channel=social");
    expect(calendarQuery(p, { view: "month", channel: undefined, departmentId: DEPT })).toBe(`?view=month&date=2026-11-27&department=${DEPT}`);
    // What is written reads back the same.
    const back = parseCalendarParams(Object.fromEntries(new URLSearchParams(calendarQuery(p, {}).slice(1))), TODAY);
    expect(back).toEqual(p);
  });
});

describe("calendar ranges", () => {
  it("a month grid spans the full Monday-first weeks around the month", () => {
    expect(viewRange("month", TODAY)).toEqual({ start: "2026-11-01", end: "2026-11-30", from: "2026-10-26", to: "2026-12-06" });
  });

  it("the quarter grid draws whole weeks; the timeline exactly the quarter's days", () => {
    expect(viewRange("quarter", TODAY)).toEqual({ start: "2026-10-01", end: "2026-12-31", from: "2026-09-28", to: "2027-01-03" });
    expect(viewRange("timeline", TODAY)).toEqual({ start: "2026-10-01", end: "2026-12-31", from: "2026-10-01", to: "2026-12-31" });
    expect(weeksOf("2026-10-01", "2026-12-31")).toHaveLength(14);
    expect(weeksOf("2026-10-01", "2026-12-31")[0]).toBe("2026-09-28");
  });

  it("previous and next move by a month or by a quarter (the timeline too)", () => {
    expect(shiftAnchor("month", "2026-01-31", 1)).toBe("2026-02-01");
    expect(shiftAnchor("quarter", TODAY, 1)).toBe("2027-01-01");
    expect(shiftAnchor("timeline", TODAY, -1)).toBe("2026-07-01");
  });
});
