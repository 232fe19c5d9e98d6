import { describe, expect, it } from "vitest";
import { findOverlaps, sameAudience, spendSeries } from "@/server/campaigns/queries";
import { buildUtmUrl, isLandingUrl, utmSlug } from "@/server/campaigns/utm";
import { translate } from "@/server/i18n";

describe("UTM link builder", () => {
  it("adds utm parameters, keeps other parameters and the fragment, replaces old utm_*", () => {
    const url = buildUtmUrl("https://example.com/spring?ref=nav&utm_source=old#pricing", { source: "newsletter", medium: "email", campaign: "spring_2030", content: "hero" });
    const u = new URL(url);
    expect(u.searchParams.get("ref")).toBe("nav");
    expect(u.searchParams.getAll("utm_source")).toEqual(["newsletter"]);
    expect(u.searchParams.get("utm_medium")).toBe("email");
    expect(u.searchParams.get("utm_campaign")).toBe("spring_2030");
    expect(u.searchParams.get("utm_content")).toBe("hero");
    expect(u.hash).toBe("#pricing");
    expect(buildUtmUrl("https://example.com", { source: "a b", medium: "m", campaign: "c" })).toBe("https://example.com/?utm_source=a+b&utm_medium=m&utm_campaign=c");
  });

  it("accepts absolute http(s) URLs only", () => {
    for (const ok of ["https://example.com", "http://localhost:3000/x?y=1", "https://例子.测试/路径"]) expect(isLandingUrl(ok), ok).toBe(true);
    for (const bad of ["example.com", "ftp://example.com", "javascript:alert(1)", "https://", "https://exa mple.com", "", "mailto:a@b.c"]) {
      expect(isLandingUrl(bad), bad).toBe(false);
    }
  });

  it("slugs campaign names for utm_campaign", () => {
    expect(utmSlug("Spring Launch 2030!")).toBe("spring_launch_2030");
    expect(utmSlug("Café  Crème")).toBe("cafe_creme");
    expect(utmSlug("春季促销")).toBe("春季促销");
    expect(utmSlug("!!!")).toBe("");
  });
});

describe("calendar overlaps", () => {
  const c = (id: string, over: Partial<Parameters<typeof findOverlaps>[0][number]> = {}) => ({
    id,
    status: "approved",
    channels: ["email"],
    audience: "",
    audienceTags: ["smb"],
    startsOn: "2030-01-01",
    endsOn: "2030-01-31",
    ...over,
  });

  it("flags campaigns on the same channel and audience at the same time", () => {
    const overlaps = findOverlaps([c("a"), c("b", { startsOn: "2030-01-20", endsOn: "2030-02-10", channels: ["social", "email"] })]);
    expect(overlaps).toEqual([{ campaignIds: ["a", "b"], channels: ["email"], from: "2030-01-20", to: "2030-01-31" }]);
  });

  it("ignores other channels, other audiences, other dates and cancelled campaigns", () => {
    expect(findOverlaps([c("a"), c("b", { channels: ["social"] })])).toEqual([]);
    expect(findOverlaps([c("a"), c("b", { audienceTags: ["enterprise"] })])).toEqual([]);
    expect(findOverlaps([c("a"), c("b", { startsOn: "2030-02-01", endsOn: "2030-02-28" })])).toEqual([]);
    expect(findOverlaps([c("a"), c("b", { status: "cancelled" })])).toEqual([]);
    // touching on one day is an overlap
    expect(findOverlaps([c("a"), c("b", { startsOn: "2030-01-31", endsOn: "2030-02-28" })])).toHaveLength(1);
  });

  it("same audience: a shared tag (any case) or the same non-empty text", () => {
    expect(sameAudience({ audience: "", audienceTags: ["SMB"] }, { audience: "", audienceTags: ["smb", "x"] })).toBe(true);
    expect(sameAudience({ audience: "New users in Shanghai", audienceTags: [] }, { audience: " new users in shanghai ", audienceTags: [] })).toBe(true);
    expect(sameAudience({ audience: "", audienceTags: [] }, { audience: "", audienceTags: [] })).toBe(false);
  });
});

describe("cumulative planned vs actual spend", () => {
  it("spreads the plan evenly over the days and sums spend up to each date", () => {
    const s = spendSeries({ startsOn: "2030-01-01", endsOn: "2030-01-10" }, 100_000, [
      { spentOn: "2030-01-03", amountMinor: 5_000 },
      { spentOn: "2030-01-03", amountMinor: 2_500 },
      { spentOn: "2030-01-07", amountMinor: 40_000 },
    ]);
    expect(s).toEqual([
      { date: "2030-01-01", plannedMinor: 10_000, actualMinor: 0 },
      { date: "2030-01-03", plannedMinor: 30_000, actualMinor: 7_500 },
      { date: "2030-01-07", plannedMinor: 70_000, actualMinor: 47_500 },
      { date: "2030-01-10", plannedMinor: 100_000, actualMinor: 47_500 },
    ]);
  });

  it("spend outside the campaign's dates stays in the series", () => {
    const s = spendSeries({ startsOn: "2030-01-05", endsOn: "2030-01-05" }, 900, [{ spentOn: "2030-01-01", amountMinor: 100 }]);
    expect(s).toEqual([
      { date: "2030-01-01", plannedMinor: 0, actualMinor: 100 },
      { date: "2030-01-05", plannedMinor: 900, actualMinor: 100 },
    ]);
  });
});

describe("campaign messages", () => {
  it("translate with the status in words, in both languages", () => {
    expect(translate("en", "e.campaign.closed|status=cancelled")).toBe("This campaign is cancelled: it can no longer change.");
    expect(translate("en", "e.campaign.notDraft|status=pending_approval")).toContain("this one is waiting for approval");
    expect(translate("zh-CN", "e.campaign.notDraft|status=live")).toContain("进行中");
    expect(translate("zh-CN", "e.notFound|what=campaign")).toBe("未找到（营销活动）。");
    expect(translate("en", "e.campaign.noRate|currency=EUR|base=USD")).toContain("from EUR to USD");
    expect(translate("en", "v.currency")).toBe("Unknown currency code");
  });
});
