/**
 * Demo marketing campaigns, dated relative to the day of seeding (like the OKR seed), made through the
 * campaign services and the approval engine so every total, status, approval request, audit event,
 * notification and KR check-in is what the app itself would have written:
 *
 * - a live campaign of this quarter with budget lines, weekly spend and results, two A/B variants and
 *   UTM links; its leads feed the "Marketing-qualified leads" key result;
 * - an approved campaign whose spend has gone past its approved budget (flagged, approver notified);
 * - a campaign in euros waiting for launch approval (above the threshold: manager, then admin), in the
 *   Marketing manager's approvals inbox;
 * - two drafts in the coming weeks on the same channels and audience (the calendar flags the overlap);
 * - a campaign completed last quarter.
 *
 * Additive and idempotent: skipped when the demo organisation already has the seeded live campaign.
 */
import { and, desc, eq, gte, isNull, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database, Tx } from "../client";
import {
  approvalDecisions,
  approvalRequests,
  campaigns,
  checkIns,
  currencyRates,
  keyResults,
  notifications,
  objectives,
  periods,
} from "../schema";
import { decide, requestApproval } from "../../server/approvals/engine";
import * as service from "../../server/campaigns/service";
import { setRate } from "../../server/campaigns/settings";
import {
  ZAddVariantInput,
  ZCreateCampaignInput,
  ZCreateUtmLinkInput,
  ZRecordResultInput,
  ZRecordSpendInput,
  ZSetBudgetLinesInput,
  ZUpdateCampaignInput,
} from "../../server/campaigns/schema";
import { loadActor, type Actor } from "../../server/org/actor";

export const DEMO_CAMPAIGNS = {
  live: "Q4 Pipeline Accelerator",
  overBudget: "Partner Webinar Series",
  pending: "EMEA Year-End Retargeting",
  draftA: "New-Year Founder Newsletter",
  draftB: "Founder Community Meetups",
  completed: "Summer Product Launch",
} as const;

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const usd = (major: number) => Math.round(major * 100);

type Role = "owner" | "admin" | "manager" | "member" | "viewer";

export async function seedCampaigns(tx: Tx, orgSlug: string, userIds: Record<string, string>, departmentIds: Record<string, string>, now = new Date()) {
  const db = tx as unknown as Database;
  const actors = {} as Record<Role, Actor>;
  for (const role of ["owner", "admin", "manager", "member", "viewer"] as const) {
    const a = await loadActor(tx, userIds[role]!, orgSlug);
    if (!a) throw new Error(`Demo seed: ${role} is not a member of ${orgSlug}`);
    actors[role] = a;
  }
  const orgId = actors.owner.orgId;
  // Rows written in this transaction carry its start time (now()): used to tell the seed's notifications apart.
  const { rows } = (await tx.execute(sql`select now() as started`)) as unknown as { rows: { started: string | Date }[] };
  const started = rows[0]!.started;
  const [existing] = await tx
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.orgId, orgId), eq(campaigns.name, DEMO_CAMPAIGNS.live)))
    .limit(1);
  if (existing) return null;

  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const q0 = Math.floor(now.getUTCMonth() / 3) * 3;
  const quarterStart = Date.UTC(now.getUTCFullYear(), q0, 1);
  const quarterEnd = Date.UTC(now.getUTCFullYear(), q0 + 3, 0);
  const lastQuarterStart = Date.UTC(now.getUTCFullYear(), q0 - 3, 1);
  const lastQuarterEnd = Date.UTC(now.getUTCFullYear(), q0, 0);
  const marketing = departmentIds.Marketing!;
  const { member: max, manager: mei, admin: adam } = actors;

  // The Marketing KR the live campaign's leads feed (the current period's, when there is one).
  const [leadsKr] = await tx
    .select({ id: keyResults.id })
    .from(keyResults)
    .innerJoin(objectives, eq(objectives.id, keyResults.objectiveId))
    .innerJoin(periods, eq(periods.id, objectives.periodId))
    .where(and(eq(keyResults.orgId, orgId), eq(keyResults.title, "Marketing-qualified leads"), ne(periods.status, "closed")))
    .orderBy(desc(periods.startsOn))
    .limit(1);
  const [latestManualCheckIn] = leadsKr
    ? await tx.select({ at: checkIns.createdAt }).from(checkIns).where(eq(checkIns.keyResultId, leadsKr.id)).orderBy(desc(checkIns.createdAt)).limit(1)
    : [];

  // Euro campaigns need the organisation's manual rate to the base currency (USD by default).
  const [eur] = await tx.select({ id: currencyRates.id }).from(currencyRates).where(and(eq(currencyRates.orgId, orgId), eq(currencyRates.currency, "EUR")));
  if (!eur) await setRate(db, adam, { currency: "EUR", rate: "1.08", version: 0 });

  const create = async (by: Actor, input: z.input<typeof ZCreateCampaignInput>) =>
    service.createCampaign(db, by, ZCreateCampaignInput.parse(input));
  const setLines = async (by: Actor, campaignId: string, lines: { channel: string; category: string; amountMinor: number }[]) => {
    const [c] = await tx.select({ version: campaigns.version }).from(campaigns).where(eq(campaigns.id, campaignId));
    return service.setBudgetLines(db, by, ZSetBudgetLinesInput.parse({ campaignId, version: c!.version, lines }));
  };
  const setStatus = async (by: Actor, campaignId: string, status: "live" | "completed") => {
    const [c] = await tx.select({ version: campaigns.version }).from(campaigns).where(eq(campaigns.id, campaignId));
    return service.setCampaignStatus(db, by, { campaignId, status, version: c!.version });
  };
  const spend = (by: Actor, campaignId: string, spentOn: number, channel: string, amountMinor: number, vendor: string, note = "") =>
    service.recordSpend(db, by, ZRecordSpendInput.parse({ campaignId, spentOn: iso(spentOn), channel, amountMinor, vendor, note }));
  const result = (by: Actor, campaignId: string, observedOn: number, metric: string, value: number, note = "") =>
    service.recordResult(db, by, ZRecordResultInput.parse({ campaignId, metric, observedOn: iso(observedOn), value, note }));
  /** Launch approval through the engine; `deciders` approve the steps in order. Backdated to `at`. */
  const launch = async (by: Actor, campaignId: string, comment: string, deciders: Actor[], at?: number) => {
    const request = await requestApproval(db, by, { subjectType: "campaign_launch", subjectId: campaignId, comment });
    for (const d of deciders) await decide(db, d, { requestId: request.id, decision: "approve", comment: "" });
    if (at !== undefined) {
      // Requested `at`, each step decided a day later (the engine stamps "now").
      await tx.update(approvalRequests).set({ createdAt: new Date(at), dueAt: new Date(at + 3 * DAY) }).where(eq(approvalRequests.id, request.id));
      const decisions = await tx.select({ id: approvalDecisions.id }).from(approvalDecisions).where(eq(approvalDecisions.requestId, request.id)).orderBy(approvalDecisions.createdAt);
      for (const [i, d] of decisions.entries()) {
        await tx.update(approvalDecisions).set({ createdAt: new Date(at + (i + 1) * DAY) }).where(eq(approvalDecisions.id, d.id));
      }
      if (deciders.length) {
        const decidedAt = new Date(at + deciders.length * DAY);
        await tx.update(approvalRequests).set({ decidedAt, updatedAt: decidedAt }).where(eq(approvalRequests.id, request.id));
        await tx.update(campaigns).set({ approvedAt: decidedAt }).where(eq(campaigns.id, campaignId));
      }
    }
    return request;
  };

  // 1. Live this quarter: started a few weeks ago (at the latest 4 weeks before today), ends before the quarter does.
  const liveStart = Math.min(quarterStart + 7 * DAY, today - 28 * DAY);
  const liveEnd = Math.max(quarterEnd - 7 * DAY, today + 14 * DAY);
  const liveFields = {
    name: DEMO_CAMPAIGNS.live,
    description: "Always-on demand generation for the quarter: paid search and LinkedIn drive to the ROI-calculator landing page, a whitepaper captures leads, and an email nurture hands them to sales.",
    departmentId: marketing,
    ownerId: max.userId,
    teamMemberIds: [mei.userId],
    channels: ["search_ads", "social", "content_seo", "email"],
    audience: "Operations leaders at mid-market companies (200–2,000 staff)",
    audienceTags: ["mid-market", "ops-leaders"],
    startsOn: iso(liveStart),
    endsOn: iso(liveEnd),
    tags: ["demand-gen", "q4"],
    goals: [
      { metric: "leads", target: 1200 },
      { metric: "conversions", target: 150 },
      { metric: "revenue", target: usd(60_000) },
    ],
  } satisfies z.input<typeof ZCreateCampaignInput>;
  const live = await create(max, liveFields);
  await setLines(max, live.id, [
    { channel: "search_ads", category: "Google Ads", amountMinor: usd(9_000) },
    { channel: "social", category: "LinkedIn sponsored content", amountMinor: usd(6_000) },
    { channel: "content_seo", category: "Whitepaper and landing pages", amountMinor: usd(3_500) },
    { channel: "email", category: "Nurture tooling", amountMinor: usd(1_500) },
  ]);
  // 20,000 USD is above the 10,000 threshold: Marketing's manager, then an admin.
  await launch(max, live.id, "Same plan as last quarter's pilot, scaled to the whole mid-market segment.", [mei, adam], liveStart - 10 * DAY);
  await setStatus(max, live.id, "live");
  const weekly = [
    // search ads, social, impressions, clicks, leads, conversions, revenue (USD)
    [880, 520, 38_000, 910, 62, 4, 3_200],
    [910, 560, 41_500, 1_020, 78, 7, 5_100],
    [960, 610, 46_200, 1_180, 95, 9, 6_900],
    [940, 580, 44_800, 1_130, 88, 11, 8_400],
    [990, 540, 49_100, 1_270, 104, 12, 9_600],
    [950, 590, 47_600, 1_210, 97, 13, 10_200],
    [1_010, 560, 50_300, 1_300, 112, 14, 11_800],
    [960, 550, 48_900, 1_240, 101, 12, 10_900],
  ] as const;
  // Every week that has passed (at least one).
  const weeks = Math.max(1, weekly.filter((_, w) => liveStart + w * 7 * DAY + 3 * DAY < today).length);
  for (let w = 0; w < weeks; w++) {
    const [search, social, impressions, clicks, leads, conversions, revenue] = weekly[w]!;
    const spentOn = liveStart + w * 7 * DAY + 2 * DAY;
    if (w === weeks - 1 && leadsKr) {
      // The manual check-ins of the MQL key result already count the campaign's leads so far; from the
      // last week on, its leads feed the key result directly (check-ins with source "campaign").
      const [c] = await tx.select({ version: campaigns.version }).from(campaigns).where(eq(campaigns.id, live.id));
      await service.updateCampaign(
        db,
        max,
        ZUpdateCampaignInput.parse({ ...liveFields, campaignId: live.id, version: c!.version, keyResultLinks: [{ keyResultId: leadsKr.id, feedMetric: "leads" }] }),
      );
    }
    const observedOn = Math.min(liveStart + w * 7 * DAY + 6 * DAY, today - DAY);
    await spend(max, live.id, spentOn, "search_ads", usd(search), "Google Ads");
    await spend(max, live.id, spentOn + DAY, "social", usd(social), "LinkedIn");
    if (w === 0) await spend(max, live.id, liveStart, "content_seo", usd(2_800), "Northwind Content Studio", "Whitepaper writing and design");
    if (w === 1) await spend(mei, live.id, spentOn, "email", usd(1_200), "Mailstream", "Quarterly licence");
    await result(max, live.id, observedOn, "impressions", impressions);
    await result(max, live.id, observedOn, "clicks", clicks);
    await result(max, live.id, observedOn, "leads", leads, `Week ${w + 1}`);
    await result(max, live.id, observedOn, "conversions", conversions);
    await result(max, live.id, observedOn, "revenue", usd(revenue));
  }
  await service.addVariant(db, max, ZAddVariantInput.parse({ campaignId: live.id, name: "A: “Calculate your ROI” CTA", exposures: 4_820, conversions: 193 }));
  await service.addVariant(db, max, ZAddVariantInput.parse({ campaignId: live.id, name: "B: “Start a free trial” CTA", exposures: 4_790, conversions: 247 }));
  for (const [channel, content] of [
    ["search_ads", "roi-calculator"],
    ["social", "whitepaper"],
  ] as const) {
    await service.createUtmLink(db, max, ZCreateUtmLinkInput.parse({ campaignId: live.id, landingUrl: "https://lodestar.app/roi-calculator", channel, content }));
  }
  if (leadsKr) {
    // The fed check-in was written "now": date it on the evening of its result's day, after the last manual one.
    const observed = Math.min(liveStart + (weeks - 1) * 7 * DAY + 6 * DAY, today - DAY) + 17 * 3_600_000;
    const at = Math.min(Math.max(observed, (latestManualCheckIn?.at.getTime() ?? 0) + 3_600_000), now.getTime());
    await tx
      .update(checkIns)
      .set({ createdAt: new Date(at) })
      .where(and(eq(checkIns.keyResultId, leadsKr.id), eq(checkIns.source, "campaign")));
  }

  // 2. Approved, and spend past the approved budget: the manager's own campaign goes to the admins.
  const webStart = today - 12 * DAY;
  const webinar = await create(mei, {
    name: DEMO_CAMPAIGNS.overBudget,
    description: "Three co-hosted webinars with integration partners, promoted to both customer bases.",
    departmentId: marketing,
    ownerId: mei.userId,
    channels: ["events", "partnerships", "email"],
    audience: "Existing customers and partners’ customers",
    audienceTags: ["customers", "partners"],
    startsOn: iso(webStart),
    endsOn: iso(today + 24 * DAY),
    tags: ["webinar", "partners"],
    goals: [{ metric: "signups", target: 600 }],
  });
  await setLines(mei, webinar.id, [
    { channel: "events", category: "Webinar platform", amountMinor: usd(2_400) },
    { channel: "partnerships", category: "Co-marketing fund", amountMinor: usd(3_000) },
    { channel: "email", category: "Invitations", amountMinor: usd(600) },
  ]);
  await launch(mei, webinar.id, "", [adam], webStart - 9 * DAY);
  await spend(mei, webinar.id, webStart - 5 * DAY, "events", usd(2_900), "StreamStage", "Annual plan: the monthly plan was discontinued");
  await spend(mei, webinar.id, webStart - 2 * DAY, "partnerships", usd(3_000), "Acme Integrations", "Co-marketing fund, first webinar");
  await spend(mei, webinar.id, webStart + 3 * DAY, "email", usd(450), "Mailstream");
  await spend(mei, webinar.id, webStart + 6 * DAY, "partnerships", usd(380), "Acme Integrations", "Extra paid promotion");
  await result(mei, webinar.id, webStart + 7 * DAY, "signups", 214, "First webinar");

  // 3. Waiting for launch approval: 10,500 EUR ≈ 11,340 USD, above the threshold — Mei first, then an admin.
  const pending = await create(max, {
    name: DEMO_CAMPAIGNS.pending,
    description: "Retarget EMEA trial users and pricing-page visitors over the holidays with a year-end offer.",
    departmentId: marketing,
    ownerId: max.userId,
    teamMemberIds: [mei.userId],
    channels: ["display", "social", "email"],
    audience: "EMEA trial users and pricing-page visitors of the last 90 days",
    audienceTags: ["emea", "trial-users"],
    startsOn: iso(today + 6 * DAY),
    endsOn: iso(today + 34 * DAY),
    currency: "EUR",
    tags: ["retargeting", "year-end"],
    goals: [
      { metric: "conversions", target: 120 },
      { metric: "revenue", target: 4_000_000 },
    ],
    keyResultLinks: leadsKr ? [{ keyResultId: leadsKr.id, feedMetric: "leads" }] : [],
  });
  await setLines(max, pending.id, [
    { channel: "display", category: "Programmatic retargeting", amountMinor: 650_000 },
    { channel: "social", category: "Paid social", amountMinor: 320_000 },
    { channel: "email", category: "Win-back sequence", amountMinor: 80_000 },
  ]);
  const pendingRequest = await launch(max, pending.id, "Timed for the year-end budget flush; the creative is ready to go.", []);

  // 4. Two drafts in the coming weeks on the same channels and audience: the calendar flags the overlap.
  const draftA = await create(max, {
    name: DEMO_CAMPAIGNS.draftA,
    description: "A four-part email series for founders planning next year.",
    departmentId: marketing,
    ownerId: max.userId,
    channels: ["email", "social"],
    audience: "Founders of small businesses",
    audienceTags: ["smb-founders"],
    startsOn: iso(today + 14 * DAY),
    endsOn: iso(today + 42 * DAY),
    tags: ["newsletter"],
    goals: [{ metric: "signups", target: 300 }],
  });
  await setLines(max, draftA.id, [
    { channel: "email", category: "Design and copy", amountMinor: usd(1_200) },
    { channel: "social", category: "Boosted posts", amountMinor: usd(800) },
  ]);
  await create(mei, {
    name: DEMO_CAMPAIGNS.draftB,
    description: "Evening meetups in three cities, promoted on social and by email.",
    departmentId: marketing,
    ownerId: mei.userId,
    channels: ["events", "social", "email"],
    audience: "Founders of small businesses",
    audienceTags: ["smb-founders", "community"],
    startsOn: iso(today + 21 * DAY),
    endsOn: iso(today + 49 * DAY),
    tags: ["community"],
  });

  // 5. Completed last quarter, within the threshold: Marketing's manager approved it alone.
  const doneStart = lastQuarterStart + 14 * DAY;
  const doneEnd = lastQuarterEnd - 10 * DAY;
  const done = await create(max, {
    name: DEMO_CAMPAIGNS.completed,
    description: "Launch of the new planning board: launch post, PR, paid social and a customer email.",
    departmentId: marketing,
    ownerId: max.userId,
    channels: ["pr", "social", "email", "content_seo"],
    audience: "Existing customers and active trials",
    audienceTags: ["customers", "trial-users"],
    startsOn: iso(doneStart),
    endsOn: iso(doneEnd),
    tags: ["launch"],
    goals: [
      { metric: "signups", target: 800 },
      { metric: "revenue", target: usd(25_000) },
    ],
  });
  await setLines(max, done.id, [
    { channel: "pr", category: "Agency retainer", amountMinor: usd(3_500) },
    { channel: "social", category: "Paid social", amountMinor: usd(3_000) },
    { channel: "content_seo", category: "Launch video", amountMinor: usd(1_500) },
  ]);
  await launch(max, done.id, "", [mei], doneStart - 12 * DAY);
  await setStatus(max, done.id, "live");
  await spend(max, done.id, doneStart, "pr", usd(3_500), "Brightline PR");
  await spend(max, done.id, doneStart + 2 * DAY, "content_seo", usd(1_380), "Framewise Video");
  for (let w = 0; w < 4; w++) {
    const on = doneStart + (w * 14 + 7) * DAY;
    await spend(max, done.id, on, "social", usd([820, 760, 690, 500][w]!), "LinkedIn");
    await result(max, done.id, on, "impressions", [64_000, 52_000, 41_000, 30_500][w]!);
    await result(max, done.id, on, "clicks", [1_900, 1_450, 1_120, 860][w]!);
    await result(max, done.id, on, "signups", [310, 220, 160, 115][w]!);
    await result(max, done.id, on, "conversions", [21, 17, 12, 9][w]!);
    await result(max, done.id, on, "revenue", usd([9_100, 7_400, 5_200, 3_900][w]!));
  }
  await setStatus(max, done.id, "completed");

  // Past notifications are read; what still needs someone stays unread: the pending request (Mei)
  // and the overspend warning (the approver).
  await tx
    .update(notifications)
    .set({ readAt: now })
    .where(
      and(
        eq(notifications.orgId, orgId),
        isNull(notifications.readAt),
        gte(notifications.createdAt, new Date(started)),
        ne(notifications.link, `/${orgSlug}/approvals/${pendingRequest.id}`),
        ne(notifications.kind, "campaignOverBudget"),
      ),
    );

  return { live: live.id, overBudget: webinar.id, pending: pending.id, pendingRequestId: pendingRequest.id, draftA: draftA.id, completed: done.id };
}
