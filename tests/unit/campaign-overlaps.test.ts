/** The calendar's overlap search (a sweep per audience key) against the naive definition, pair by pair. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findOverlaps, overlapsById, sameAudience, type CalendarItem } from "@/server/campaigns/queries";

/** The definition: every pair of live campaigns, in input order. */
function naiveOverlaps(items: CalendarItem[]) {
  const live = items.filter((i) => i.status !== "cancelled");
  const out: { campaignIds: [string, string]; channels: string[]; from: string; to: string }[] = [];
  for (let i = 0; i < live.length; i++) {
    for (let j = i + 1; j < live.length; j++) {
      const a = live[i]!;
      const b = live[j]!;
      if (a.startsOn > b.endsOn || b.startsOn > a.endsOn) continue;
      const channels = a.channels.filter((c) => b.channels.includes(c));
      if (!channels.length || !sameAudience(a, b)) continue;
      out.push({ campaignIds: [a.id, b.id], channels, from: a.startsOn > b.startsOn ? a.startsOn : b.startsOn, to: a.endsOn < b.endsOn ? a.endsOn : b.endsOn });
    }
  }
  return out;
}

/** What each row's `overlapsWith` was before the Map: a scan of the overlap list. */
const naivePartners = (overlaps: ReturnType<typeof naiveOverlaps>, id: string) =>
  overlaps.flatMap((o) => (o.campaignIds[0] === id ? [o.campaignIds[1]] : o.campaignIds[1] === id ? [o.campaignIds[0]] : []));

const day = fc.integer({ min: 1, max: 28 }).map((d) => `2030-01-${String(d).padStart(2, "0")}`);
const item = fc.record({
  status: fc.constantFrom("draft", "approved", "live", "cancelled"),
  channels: fc.array(fc.constantFrom("email", "social", "search", "display"), { maxLength: 4 }),
  audience: fc.constantFrom("", " ", "New users", " new USERS ", "Enterprise", "smb"),
  audienceTags: fc.array(fc.constantFrom("SMB", " smb", "Ent", "ent ", "x", "", "new users"), { maxLength: 3 }),
  start: day,
  length: fc.integer({ min: -3, max: 20 }),
});
const items = fc.array(item, { maxLength: 40 }).map((xs) =>
  xs.map((x, k): CalendarItem => {
    const end = Math.min(28, Math.max(1, Number(x.start.slice(8)) + x.length));
    return {
      id: `c${k}`,
      status: x.status,
      channels: x.channels,
      audience: x.audience,
      audienceTags: x.audienceTags,
      startsOn: x.start,
      endsOn: `2030-01-${String(end).padStart(2, "0")}`,
    };
  }),
);

describe("calendar overlaps: sweep vs definition", () => {
  it("finds exactly the naive pairs, in the same order, with the same channels and dates", () => {
    fc.assert(
      fc.property(items, (xs) => {
        expect(findOverlaps(xs)).toEqual(naiveOverlaps(xs));
      }),
      { numRuns: 500 },
    );
  });

  it("also when the input is sorted by start date (the calendar's order)", () => {
    fc.assert(
      fc.property(items, (xs) => {
        const sorted = [...xs].sort((a, b) => (a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : 0));
        expect(findOverlaps(sorted)).toEqual(naiveOverlaps(sorted));
      }),
      { numRuns: 300 },
    );
  });

  it("each campaign's partners are the naive scan of the overlap list", () => {
    fc.assert(
      fc.property(items, (xs) => {
        const overlaps = findOverlaps(xs);
        const partners = overlapsById(overlaps);
        for (const x of xs) expect(partners.get(x.id) ?? []).toEqual(naivePartners(overlaps, x.id));
      }),
      { numRuns: 300 },
    );
  });

  it("a large quarter without audiences compares nothing and finds nothing", () => {
    const many: CalendarItem[] = Array.from({ length: 300 }, (_, k) => ({
      id: `c${k}`,
      status: "approved",
      channels: ["email", "social"],
      audience: "",
      audienceTags: [],
      startsOn: "2030-01-01",
      endsOn: "2030-03-31",
    }));
    expect(findOverlaps(many)).toEqual([]);
    const tagged = many.map((m, k) => ({ ...m, audienceTags: k % 2 ? ["smb"] : [] }));
    expect(findOverlaps(tagged)).toEqual(naiveOverlaps(tagged));
  });
});
