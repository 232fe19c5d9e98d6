/**
 * The campaign page's one query (campaign.get) carries what the page draws for linked key results:
 * the KR's progress as the OKR pages compute it, the metric feeding it and the objective to link to.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { keyResults } from "@/db/schema";
import { krProgress } from "@/server/okrs/progress";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";
import { build, makeWorld, mine, whoFor, type World } from "./_support/procedures";

let h: DbHandle;
let w: World;

beforeAll(async () => {
  h = await createTestDb();
  w = await makeWorld(h.db, "campdetail");
});
afterAll(async () => h?.close());

describe("campaign.get key result links", () => {
  it("returns each linked KR's progress, its feed metric and its objective", async () => {
    const member = w.org.users.member.id;
    const s = mine(w, whoFor(w, "member"));
    const fed = await build.keyResult(w, s);
    const linkedOnly = await build.keyResult(w, s);
    await h.db.update(keyResults).set({ startValue: 100, targetValue: 500 }).where(eq(keyResults.id, fed.id));
    const m = await callerFor(h.db, member);
    const c = await m.campaign.create({
      orgSlug: w.org.slug,
      name: "Lead drive",
      ownerId: member,
      departmentId: w.org.departmentIds.a,
      channels: ["email"],
      startsOn: "2030-03-01",
      endsOn: "2030-03-31",
      keyResultLinks: [{ keyResultId: fed.id, feedMetric: "leads" }, { keyResultId: linkedOnly.id }],
    });
    await m.campaign.recordResult({
      orgSlug: w.org.slug,
      campaignId: c.id,
      metric: "leads",
      observedOn: "2030-03-05",
      value: 100,
    });

    const d = await m.campaign.get({ orgSlug: w.org.slug, campaignId: c.id });
    const byId = new Map(d.keyResultLinks.map((l) => [l.keyResultId, l]));
    const f = byId.get(fed.id)!;
    // 100 → 200 of a 100 → 500 target: a quarter of the way.
    expect(f).toMatchObject({
      feedMetric: "leads",
      currentValue: 200,
      startValue: 100,
      targetValue: 500,
      objectiveId: fed.objective.id,
    });
    expect(f.progress).toBeCloseTo(25, 6);
    const [row] = await h.db.select().from(keyResults).where(eq(keyResults.id, linkedOnly.id));
    const l = byId.get(linkedOnly.id)!;
    expect(l.feedMetric).toBeNull();
    expect(l.progress).toBe(krProgress(row!));
  });
});
