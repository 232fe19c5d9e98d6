import { describe, expect, it } from "vitest";
import { parseCampaignFilters, quarterOptions, quarterRange } from "@/app/(app)/[orgSlug]/campaigns/filters";

describe("campaign list filters from the URL", () => {
  it("turns a quarter into the date range campaigns must overlap", () => {
    expect(quarterRange("2026-Q1")).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(quarterRange("2024-Q1")).toEqual({ from: "2024-01-01", to: "2024-03-31" });
    expect(quarterRange("2026-Q4")).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    expect(quarterRange("2026-Q5")).toBeNull();
    expect(quarterRange("Q1")).toBeNull();
    expect(quarterRange(undefined)).toBeNull();
  });

  it("keeps valid values and drops the rest", () => {
    const f = parseCampaignFilters(new URLSearchParams("status=live&channel=Email!&dept=nope&period=2026-Q2"));
    expect(f).toEqual({ from: "2026-04-01", to: "2026-06-30", status: "live", channel: undefined, departmentId: undefined, ownerId: undefined });
    expect(parseCampaignFilters(new URLSearchParams("status=bogus"))).toMatchObject({ status: undefined });
  });

  it("offers the quarters of last, this and next year", () => {
    const q = quarterOptions(new Date("2026-11-27T00:00:00Z"));
    expect(q).toHaveLength(12);
    expect(q[0]).toBe("2025-Q1");
    expect(q.at(-1)).toBe("2027-Q4");
  });
});
