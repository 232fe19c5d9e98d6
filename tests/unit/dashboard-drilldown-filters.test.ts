/** The URL filters the dashboard's drill-down links rely on, as each list page parses them. */
import { describe, expect, it } from "vitest";
import { parseCampaignFilters } from "@/app/(app)/[orgSlug]/campaigns/filters";
import { parseRiskFilters } from "@/app/(app)/[orgSlug]/risks/filters";
import { parseInboxParams } from "@/app/(app)/[orgSlug]/approvals/filters";
import { parseObjectiveFilters } from "@/app/(app)/[orgSlug]/okrs/filters";

const DEPT = "3f2b8c1e-1a2b-4c3d-8e9f-0a1b2c3d4e5f";

describe("drill-down filters", () => {
  it("campaigns: explicit period dates and a channel; invalid dates are ignored", () => {
    expect(parseCampaignFilters(new URLSearchParams(`channel=email&from=2026-10-01&to=2026-12-31&dept=${DEPT}`))).toMatchObject({
      channel: "email",
      from: "2026-10-01",
      to: "2026-12-31",
      departmentId: DEPT,
    });
    const bad = parseCampaignFilters(new URLSearchParams("from=2026-02-30&to=soon"));
    expect(bad.from).toBeUndefined();
    expect(bad.to).toBeUndefined();
  });

  it("risks: a heat-map cell, above appetite, warnings", () => {
    expect(parseRiskFilters(new URLSearchParams(`l=3&i=4&dept=${DEPT}`))).toMatchObject({ likelihood: 3, impact: 4, departmentId: DEPT });
    expect(parseRiskFilters(new URLSearchParams("appetite=above")).aboveAppetite).toBe(true);
    expect(parseRiskFilters(new URLSearchParams("appetite=below")).aboveAppetite).toBeUndefined();
    expect(parseRiskFilters(new URLSearchParams("warning=1")).warning).toBe(true);
  });

  it("approvals: pending requests of a department; members cannot ask for every request", () => {
    expect(parseInboxParams(new URLSearchParams(`box=all&status=pending&dept=${DEPT}`), "manager")).toEqual({ box: "all", status: "pending", subjectType: undefined, departmentId: DEPT });
    expect(parseInboxParams(new URLSearchParams("box=all&dept=x"), "member")).toMatchObject({ box: "waiting", departmentId: undefined });
  });

  it("objectives: key results needing attention", () => {
    expect(parseObjectiveFilters(new URLSearchParams(`confidence=attention&dept=${DEPT}`))).toMatchObject({ confidence: "attention", departmentId: DEPT });
  });
});
