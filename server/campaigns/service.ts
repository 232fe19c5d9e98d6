import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import {
  campaignBudgetLines,
  campaignKeyResults,
  campaignResults,
  campaigns,
  campaignSpend,
  campaignUtmLinks,
  campaignVariants,
  keyResults,
  products,
} from "@/db/schema";
import { cancelRequest } from "../approvals/engine";
import { recordAudit } from "../audit/record";
import { AppError, conflict, fieldError, notFound } from "../errors";
import { appendCheckIn } from "../okrs/key-results";
import { assertDepartment, assertOrgMember, assertOrgMembers, loadKeyResult } from "../okrs/refs";
import type { Actor } from "../org/actor";
import { assertScope } from "../rbac/assert";
import { isCalendarDate } from "../dates";
import { minorToMajorNumber, sumMinor } from "./money";
import {
  assertCampaignScope,
  assertNotPending,
  assertOpen,
  CAMPAIGN_BUDGET,
  type CampaignMetric,
  type CampaignRow,
  type CampaignSettingsRow,
  loadCampaign,
  loadCampaignSettings,
  pendingRequest,
  pendingRequests,
  refreshOverBudget,
} from "./refs";
import type {
  TCampaignFields,
  TCreateCampaignInput,
  TRescheduleCampaignInput,
  TUpdateCampaignInput,
  ZAddVariantInput,
  ZCloneCampaignInput,
  ZCreateUtmLinkInput,
  ZRecordResultInput,
  ZRecordSpendInput,
  ZSetBudgetLinesInput,
  ZSetCampaignStatusInput,
  ZUpdateVariantInput,
} from "./schema";
import { buildUtmUrl, CHANNEL_UTM, utmSlug } from "./utm";

/**
 * Manual status changes. Submitting for launch approval (draft → pending_approval) and its outcome
 * (→ approved, or back to draft) belong to the approval workflow. Cancelling a pending campaign
 * withdraws its approval request in the same transaction.
 */
export const CAMPAIGN_STATUS_TRANSITIONS: Record<string, readonly string[]> = {
  draft: ["cancelled"],
  pending_approval: ["cancelled"],
  approved: ["live", "cancelled"],
  live: ["completed", "cancelled"],
  completed: [],
  cancelled: [],
};

const unique = <T>(xs: T[]) => [...new Set(xs)];

function assertNotCancelled(c: { status: string }, message: string) {
  if (c.status === "cancelled") throw fieldError("campaignId", message);
}


function normaliseGoals(goals: TCampaignFields["goals"]) {
  return goals.map((g, i) => {
    if (g.metric === "custom" && !g.customName) throw fieldError(`goals.${i}.customName`, "v.required");
    return { metric: g.metric, customName: g.metric === "custom" ? g.customName : "", target: g.target };
  });
}

async function normaliseKrLinks(tx: DbOrTx, actor: Actor, links: TCampaignFields["keyResultLinks"]) {
  const seen = new Set<string>();
  const out = [];
  for (const [i, l] of links.entries()) {
    if (seen.has(l.keyResultId)) continue;
    seen.add(l.keyResultId);
    if (l.feedMetric === "custom" && !l.feedCustomName) throw fieldError(`keyResultLinks.${i}.feedCustomName`, "v.required");
    out.push({ keyResultId: l.keyResultId, feedMetric: l.feedMetric, feedCustomName: l.feedMetric === "custom" ? l.feedCustomName : "" });
  }
  if (out.length) {
    const found = await tx
      .select({ id: keyResults.id })
      .from(keyResults)
      .where(and(eq(keyResults.orgId, actor.orgId), inArray(keyResults.id, out.map((l) => l.keyResultId))));
    if (found.length !== out.length) throw fieldError("keyResultLinks", "e.campaign.unknownKeyResult");
  }
  return out;
}

/** Validates the people, department, channels, goals and KR links of a campaign; returns them normalised. */
async function checkFields(tx: DbOrTx, actor: Actor, settings: CampaignSettingsRow, f: TCampaignFields, allowedChannels: string[] = []) {
  await assertOrgMember(tx, actor, f.ownerId, "ownerId");
  await assertDepartment(tx, actor, f.departmentId, "departmentId");
  const team = unique(f.teamMemberIds);
  await assertOrgMembers(tx, actor, team, "teamMemberIds");
  const channels = unique(f.channels);
  const known = new Set([...settings.channels, ...allowedChannels]);
  const unknown = channels.find((ch) => !known.has(ch));
  if (unknown) throw fieldError("channels", `e.campaign.unknownChannel|channel=${unknown}`);
  if (f.productId) {
    const [product] = await tx
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.id, f.productId), eq(products.orgId, actor.orgId)))
      .limit(1);
    if (!product) throw fieldError("productId", "e.campaign.unknownProduct");
  }
  return {
    name: f.name,
    description: f.description,
    departmentId: f.departmentId,
    ownerId: f.ownerId,
    teamMemberIds: team,
    channels,
    audience: f.audience,
    audienceTags: unique(f.audienceTags),
    startsOn: f.startsOn,
    endsOn: f.endsOn,
    tags: unique(f.tags),
    goals: normaliseGoals(f.goals),
    keyResultLinks: await normaliseKrLinks(tx, actor, f.keyResultLinks),
    productId: f.productId,
  };
}

async function replaceKrLinks(tx: DbOrTx, actor: Actor, campaignId: string, links: { keyResultId: string; feedMetric: CampaignMetric | null; feedCustomName: string }[]) {
  await tx.delete(campaignKeyResults).where(and(eq(campaignKeyResults.campaignId, campaignId), eq(campaignKeyResults.orgId, actor.orgId)));
  if (links.length) await tx.insert(campaignKeyResults).values(links.map((l) => ({ orgId: actor.orgId, campaignId, ...l })));
}

export async function createCampaign(db: Database, actor: Actor, input: TCreateCampaignInput) {
  assertScope(actor, "campaign.create", { departmentId: input.departmentId, ownerId: input.ownerId });
  return db.transaction(async (tx) => {
    const settings = await loadCampaignSettings(tx, actor.orgId);
    const { keyResultLinks, ...fields } = await checkFields(tx, actor, settings, input);
    const [row] = await tx
      .insert(campaigns)
      .values({ orgId: actor.orgId, ...fields, currency: input.currency ?? settings.baseCurrency, createdBy: actor.userId })
      .returning();
    await replaceKrLinks(tx, actor, row!.id, keyResultLinks);
    await recordAudit(tx, actor, { entityType: "campaign", entityId: row!.id, action: "create", after: { ...row, keyResultLinks } });
    return row!;
  });
}

export async function updateCampaign(db: Database, actor: Actor, input: TUpdateCampaignInput) {
  return db.transaction(async (tx) => {
    const before = await loadCampaign(tx, actor, input.campaignId, { lock: true });
    assertCampaignScope(actor, "campaign.update", before);
    if (before.version !== input.version) throw conflict("campaign");
    assertNotPending(before);
    assertOpen(before);
    assertCampaignScope(actor, "campaign.update", input);
    const settings = await loadCampaignSettings(tx, actor.orgId);
    const { keyResultLinks, ...fields } = await checkFields(tx, actor, settings, input, before.channels);
    const currency = input.currency ?? before.currency;
    if (before.status === "approved" || before.status === "live") {
      // The approved plan is locked: its dates, department and currency changed only with a new approval.
      const locked = (["startsOn", "endsOn", "departmentId"] as const).find((k) => fields[k] !== before[k]) ?? (currency !== before.currency ? "currency" : null);
      if (locked) throw fieldError(locked, "e.campaign.planLocked");
    }
    if (currency !== before.currency && (await hasMoney(tx, before.id))) throw fieldError("currency", "e.campaign.currencyInUse");
    const removed = before.channels.filter((ch) => !fields.channels.includes(ch));
    const inUse = removed.length ? await channelInUse(tx, before.id, removed) : null;
    if (inUse) throw fieldError("channels", `e.campaign.channelInUse|channel=${inUse}`);
    const [after] = await tx
      .update(campaigns)
      .set({ ...fields, currency, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(campaigns.id, before.id), eq(campaigns.version, input.version)))
      .returning();
    if (!after) throw conflict("campaign");
    await replaceKrLinks(tx, actor, after.id, keyResultLinks);
    await recordAudit(tx, actor, { entityType: "campaign", entityId: after.id, action: "update", before, after: { ...after, keyResultLinks } });
    return after;
  });
}

/**
 * Moves a draft's dates (the calendar). Only drafts move freely: a submitted or approved plan keeps its
 * dates (they are part of what was approved). Unchanged dates write nothing.
 */
export async function rescheduleCampaign(db: Database, actor: Actor, input: TRescheduleCampaignInput) {
  return db.transaction(async (tx) => {
    const before = await loadCampaign(tx, actor, input.campaignId, { lock: true });
    assertCampaignScope(actor, "campaign.update", before);
    if (before.version !== input.version) throw conflict("campaign");
    if (before.status !== "draft") throw fieldError("campaignId", `e.campaign.rescheduleOnlyDraft|status=${before.status}`);
    if (before.startsOn === input.startsOn && before.endsOn === input.endsOn) return before;
    const [after] = await tx
      .update(campaigns)
      .set({ startsOn: input.startsOn, endsOn: input.endsOn, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(campaigns.id, before.id), eq(campaigns.orgId, actor.orgId), eq(campaigns.version, input.version)))
      .returning();
    if (!after) throw conflict("campaign");
    await recordAudit(tx, actor, { entityType: "campaign", entityId: after.id, action: "reschedule", before, after });
    return after;
  });
}

/** Whether any amount (budget line, spend, revenue) is recorded in the campaign's currency. */
async function hasMoney(tx: DbOrTx, campaignId: string) {
  const [line] = await tx.select({ id: campaignBudgetLines.id }).from(campaignBudgetLines).where(eq(campaignBudgetLines.campaignId, campaignId)).limit(1);
  if (line) return true;
  const [spend] = await tx.select({ id: campaignSpend.id }).from(campaignSpend).where(eq(campaignSpend.campaignId, campaignId)).limit(1);
  if (spend) return true;
  const [revenue] = await tx
    .select({ id: campaignResults.id })
    .from(campaignResults)
    .where(and(eq(campaignResults.campaignId, campaignId), eq(campaignResults.metric, "revenue")))
    .limit(1);
  return !!revenue;
}

async function channelInUse(tx: DbOrTx, campaignId: string, channels: string[]): Promise<string | null> {
  const lines = await tx
    .select({ channel: campaignBudgetLines.channel })
    .from(campaignBudgetLines)
    .where(and(eq(campaignBudgetLines.campaignId, campaignId), inArray(campaignBudgetLines.channel, channels)))
    .limit(1);
  if (lines[0]) return lines[0].channel;
  const spend = await tx
    .select({ channel: campaignSpend.channel })
    .from(campaignSpend)
    .where(and(eq(campaignSpend.campaignId, campaignId), inArray(campaignSpend.channel, channels)))
    .limit(1);
  return spend[0]?.channel ?? null;
}

export async function setCampaignStatus(db: Database, actor: Actor, input: z.infer<typeof ZSetCampaignStatusInput>) {
  return db.transaction(async (tx) => {
    // Lock order as in the approval engine — the campaign's pending request rows, then the campaign —
    // so a concurrent decision and this change queue up instead of deadlocking.
    const pending = await pendingRequests(tx, actor.orgId, input.campaignId);
    const before = await loadCampaign(tx, actor, input.campaignId, { lock: true });
    assertCampaignScope(actor, "campaign.update", before);
    if (before.version !== input.version) throw conflict("campaign");
    if (!CAMPAIGN_STATUS_TRANSITIONS[before.status]!.includes(input.status)) {
      throw new AppError("BAD_REQUEST", `e.badTransition|from=${before.status}|to=${input.status}`);
    }
    if (input.status === "cancelled") {
      // A cancelled campaign has nothing left to approve: withdraw its pending launch or budget request
      // (requesters and admins may; the engine says so otherwise).
      for (const r of pending) await cancelRequest(tx as unknown as Database, actor, r.id);
    }
    // The row is locked and its version was checked: the approval handlers above may have bumped it.
    const [after] = await tx
      .update(campaigns)
      .set({ status: input.status, updatedAt: new Date(), version: sql`${campaigns.version} + 1` })
      .where(and(eq(campaigns.id, before.id), eq(campaigns.orgId, actor.orgId)))
      .returning();
    if (!after) throw conflict("campaign");
    await recordAudit(tx, actor, { entityType: "campaign", entityId: after.id, action: `status_${input.status}`, before, after });
    return after;
  });
}

export async function deleteCampaign(db: Database, actor: Actor, campaignId: string) {
  return db.transaction(async (tx) => {
    const before = await loadCampaign(tx, actor, campaignId, { lock: true });
    assertCampaignScope(actor, "campaign.delete", before);
    if (before.status !== "draft" && before.status !== "cancelled") {
      throw new AppError("PRECONDITION_FAILED", `e.campaign.deleteOnlyDraft|status=${before.status}`);
    }
    await tx.delete(campaigns).where(and(eq(campaigns.id, before.id), eq(campaigns.orgId, actor.orgId)));
    await recordAudit(tx, actor, { entityType: "campaign", entityId: before.id, action: "delete", before });
    return { campaignId: before.id };
  });
}

const DAY = 86_400_000;
const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY;
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/**
 * Copies a campaign into a new period as a draft: its plan (channels, audience, team, goals, budget
 * lines, variant names, linked key results), without results, spend, UTM links or approvals. The
 * end date defaults to the start plus the source's duration.
 */
export async function cloneCampaign(db: Database, actor: Actor, input: z.infer<typeof ZCloneCampaignInput>) {
  return db.transaction(async (tx) => {
    const source = await loadCampaign(tx, actor, input.campaignId);
    assertScope(actor, "campaign.create", source);
    const endsOn = input.endsOn ?? addDays(input.startsOn, dayNumber(source.endsOn) - dayNumber(source.startsOn));
    if (!isCalendarDate(endsOn)) throw fieldError("endsOn", "v.date");
    const [row] = await tx
      .insert(campaigns)
      .values({
        orgId: actor.orgId,
        name: input.name ?? source.name,
        description: source.description,
        departmentId: source.departmentId,
        ownerId: source.ownerId,
        teamMemberIds: source.teamMemberIds,
        channels: source.channels,
        audience: source.audience,
        audienceTags: source.audienceTags,
        startsOn: input.startsOn,
        endsOn,
        tags: source.tags,
        currency: source.currency,
        goals: source.goals,
        productId: source.productId,
        clonedFromId: source.id,
        createdBy: actor.userId,
      })
      .returning();
    const id = row!.id;
    const lines = await tx.select().from(campaignBudgetLines).where(eq(campaignBudgetLines.campaignId, source.id)).orderBy(asc(campaignBudgetLines.position));
    if (lines.length) {
      await tx.insert(campaignBudgetLines).values(
        lines.map((l) => ({ orgId: actor.orgId, campaignId: id, channel: l.channel, category: l.category, amountMinor: l.amountMinor, currency: l.currency, position: l.position })),
      );
    }
    const variants = await tx.select().from(campaignVariants).where(eq(campaignVariants.campaignId, source.id)).orderBy(asc(campaignVariants.position));
    if (variants.length) {
      await tx.insert(campaignVariants).values(variants.map((v) => ({ orgId: actor.orgId, campaignId: id, name: v.name, position: v.position })));
    }
    const links = await tx.select().from(campaignKeyResults).where(eq(campaignKeyResults.campaignId, source.id));
    if (links.length) {
      await tx.insert(campaignKeyResults).values(
        links.map((l) => ({ orgId: actor.orgId, campaignId: id, keyResultId: l.keyResultId, feedMetric: l.feedMetric, feedCustomName: l.feedCustomName })),
      );
    }
    await recordAudit(tx, actor, {
      entityType: "campaign",
      entityId: id,
      action: "clone",
      after: { ...row, clonedFromId: source.id, budgetLines: lines.length, variants: variants.length, keyResultLinks: links.length },
    });
    return row!;
  });
}

/**
 * Replaces the budget lines (the plan). After approval the approved budget stays locked: a plan above
 * it needs a campaign_budget approval, and spend is measured against the approved amount meanwhile.
 */
export async function setBudgetLines(db: Database, actor: Actor, input: z.infer<typeof ZSetBudgetLinesInput>) {
  return db.transaction(async (tx) => {
    const c = await loadCampaign(tx, actor, input.campaignId, { lock: true });
    assertCampaignScope(actor, "campaign.update", c);
    if (c.version !== input.version) throw conflict("campaign");
    assertNotPending(c);
    assertOpen(c);
    if (await pendingRequest(tx, actor.orgId, c.id, [CAMPAIGN_BUDGET])) throw new AppError("PRECONDITION_FAILED", "e.campaign.budgetPending");
    for (const [i, l] of input.lines.entries()) {
      if (!c.channels.includes(l.channel)) throw fieldError(`lines.${i}.channel`, `e.campaign.channelNotInCampaign|channel=${l.channel}`);
      if ((l.currency ?? c.currency) !== c.currency) throw fieldError(`lines.${i}.currency`, `e.campaign.currencyMismatch|currency=${c.currency}`);
    }
    const beforeLines = await tx.select().from(campaignBudgetLines).where(eq(campaignBudgetLines.campaignId, c.id)).orderBy(asc(campaignBudgetLines.position));
    const planned = sumMinor(input.lines.map((l) => l.amountMinor));
    await tx.delete(campaignBudgetLines).where(and(eq(campaignBudgetLines.campaignId, c.id), eq(campaignBudgetLines.orgId, actor.orgId)));
    const lines = input.lines.length
      ? await tx
          .insert(campaignBudgetLines)
          .values(input.lines.map((l, i) => ({ orgId: actor.orgId, campaignId: c.id, channel: l.channel, category: l.category, amountMinor: l.amountMinor, currency: c.currency, position: i })))
          .returning()
      : [];
    const [after] = await tx
      .update(campaigns)
      .set({ updatedAt: new Date(), version: c.version + 1 })
      .where(and(eq(campaigns.id, c.id), eq(campaigns.version, input.version)))
      .returning();
    if (!after) throw conflict("campaign");
    await recordAudit(tx, actor, {
      entityType: "campaign",
      entityId: c.id,
      action: "set_budget",
      before: { lines: beforeLines, plannedMinor: sumMinor(beforeLines.map((l) => l.amountMinor)) },
      after: { lines, plannedMinor: planned, currency: c.currency },
    });
    return {
      campaign: after,
      lines,
      plannedMinor: planned,
      approvedBudgetMinor: after.approvedBudgetMinor,
      needsBudgetApproval: after.approvedBudgetMinor != null && planned > after.approvedBudgetMinor,
    };
  });
}

/** Records spend. Past the approved budget, the campaign is flagged and its owner and approvers notified. */
export async function recordSpend(db: Database, actor: Actor, input: z.infer<typeof ZRecordSpendInput>) {
  return db.transaction(async (tx) => {
    // Locked, so two concurrent entries see each other's spend and one of them raises the warning.
    const c = await loadCampaign(tx, actor, input.campaignId, { lock: true });
    assertCampaignScope(actor, "campaign.spend", c);
    assertNotCancelled(c, "e.campaign.cancelledNoSpend");
    if (!c.channels.includes(input.channel)) throw fieldError("channel", `e.campaign.channelNotInCampaign|channel=${input.channel}`);
    if ((input.currency ?? c.currency) !== c.currency) throw fieldError("currency", `e.campaign.currencyMismatch|currency=${c.currency}`);
    const [row] = await tx
      .insert(campaignSpend)
      .values({
        orgId: actor.orgId,
        campaignId: c.id,
        spentOn: input.spentOn,
        channel: input.channel,
        amountMinor: input.amountMinor,
        currency: c.currency,
        vendor: input.vendor,
        note: input.note,
        authorId: actor.userId,
      })
      .returning();
    await recordAudit(tx, actor, { entityType: "campaign", entityId: c.id, action: "record_spend", after: row });
    const { overBudget, spendMinor } = await refreshOverBudget(tx, actor, c);
    return { ...row!, spendMinor, approvedBudgetMinor: c.approvedBudgetMinor, overBudget };
  });
}

export async function deleteSpend(db: Database, actor: Actor, spendId: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(campaignSpend)
      .where(and(eq(campaignSpend.id, spendId), eq(campaignSpend.orgId, actor.orgId)))
      .limit(1);
    if (!row) throw notFound("campaignSpend");
    const c = await loadCampaign(tx, actor, row.campaignId, { lock: true });
    assertCampaignScope(actor, "campaign.spend", c);
    if (c.status === "cancelled") throw new AppError("PRECONDITION_FAILED", `e.campaign.closed|status=${c.status}`);
    // A concurrent delete of the same row (a double click) deleted it first: not found, no second audit row.
    if (!(await tx.delete(campaignSpend).where(and(eq(campaignSpend.id, row.id), eq(campaignSpend.orgId, actor.orgId))).returning({ id: campaignSpend.id })).length) throw notFound("campaignSpend");
    await recordAudit(tx, actor, { entityType: "campaign", entityId: c.id, action: "delete_spend", before: row });
    const { overBudget, spendMinor } = await refreshOverBudget(tx, actor, c);
    return { spendId: row.id, spendMinor, overBudget };
  });
}

/**
 * Records a dated result value. Key results linked with this metric as their feed get a check-in
 * (source "campaign"): the KR's current value plus the new value — so several campaigns can add to
 * one KR. Revenue feeds in major units. KRs in closed periods or closed/cancelled objectives are skipped.
 */
export async function recordResult(db: Database, actor: Actor, input: z.infer<typeof ZRecordResultInput>) {
  if (input.metric === "custom" && !input.customName) throw fieldError("customName", "v.required");
  const customName = input.metric === "custom" ? input.customName : "";
  return db.transaction(async (tx) => {
    const c = await loadCampaign(tx, actor, input.campaignId);
    assertCampaignScope(actor, "campaign.results", c);
    assertNotCancelled(c, "e.campaign.cancelledNoResults");
    const [row] = await tx
      .insert(campaignResults)
      .values({
        orgId: actor.orgId,
        campaignId: c.id,
        metric: input.metric,
        customName,
        observedOn: input.observedOn,
        value: input.value,
        note: input.note,
        authorId: actor.userId,
      })
      .returning();
    const fed = await feedKeyResults(tx, actor, c, input.metric, customName, input.value, input.note);
    await recordAudit(tx, actor, { entityType: "campaign", entityId: c.id, action: "record_result", after: { ...row, fedKeyResults: fed } });
    return { ...row!, fedKeyResults: fed };
  });
}

async function feedKeyResults(tx: DbOrTx, actor: Actor, c: CampaignRow, metric: CampaignMetric, customName: string, value: number, note: string) {
  if (value === 0) return [];
  const links = await tx
    .select({ keyResultId: campaignKeyResults.keyResultId })
    .from(campaignKeyResults)
    .where(
      and(
        eq(campaignKeyResults.orgId, actor.orgId),
        eq(campaignKeyResults.campaignId, c.id),
        eq(campaignKeyResults.feedMetric, metric),
        eq(campaignKeyResults.feedCustomName, customName),
      ),
    );
  const delta = metric === "revenue" ? minorToMajorNumber(value, c.currency) : value;
  const fed: string[] = [];
  for (const l of links) {
    const ctx = await loadKeyResult(tx, actor, l.keyResultId);
    if (ctx.period.status === "closed" || ctx.objective.status === "cancelled" || ctx.objective.status === "closed") continue;
    await appendCheckIn(tx, actor, ctx, {
      value: (ctx.kr.currentValue ?? ctx.kr.startValue) + delta,
      confidence: ctx.kr.confidence ?? 5,
      note: note || c.name,
      source: "campaign",
    });
    fed.push(l.keyResultId);
  }
  return fed;
}

async function loadVariant(tx: DbOrTx, actor: Actor, variantId: string) {
  const [row] = await tx
    .select({ v: campaignVariants, c: campaigns })
    .from(campaignVariants)
    .innerJoin(campaigns, eq(campaigns.id, campaignVariants.campaignId))
    .where(and(eq(campaignVariants.id, variantId), eq(campaignVariants.orgId, actor.orgId)))
    .limit(1);
  if (!row) throw notFound("campaignVariant");
  return row;
}

export async function addVariant(db: Database, actor: Actor, input: z.infer<typeof ZAddVariantInput>) {
  return db.transaction(async (tx) => {
    const c = await loadCampaign(tx, actor, input.campaignId, { lock: true });
    assertCampaignScope(actor, "campaign.results", c);
    assertNotCancelled(c, "e.campaign.cancelledNoResults");
    const [pos] = await tx
      .select({ n: sql<number>`coalesce(max(${campaignVariants.position}) + 1, 0)`.mapWith(Number) })
      .from(campaignVariants)
      .where(eq(campaignVariants.campaignId, c.id));
    const [row] = await tx
      .insert(campaignVariants)
      .values({ orgId: actor.orgId, campaignId: c.id, name: input.name, exposures: input.exposures, conversions: input.conversions, position: pos?.n ?? 0 })
      .returning();
    await recordAudit(tx, actor, { entityType: "campaign", entityId: c.id, action: "add_variant", after: row });
    return row!;
  });
}

export async function updateVariant(db: Database, actor: Actor, input: z.infer<typeof ZUpdateVariantInput>) {
  return db.transaction(async (tx) => {
    const { v: before, c } = await loadVariant(tx, actor, input.variantId);
    assertCampaignScope(actor, "campaign.results", c);
    if (before.version !== input.version) throw conflict("campaignVariant");
    assertNotCancelled(c, "e.campaign.cancelledNoResults");
    const [after] = await tx
      .update(campaignVariants)
      .set({ name: input.name, exposures: input.exposures, conversions: input.conversions, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(campaignVariants.id, before.id), eq(campaignVariants.version, input.version)))
      .returning();
    if (!after) throw conflict("campaignVariant");
    await recordAudit(tx, actor, { entityType: "campaign", entityId: c.id, action: "update_variant", before, after });
    return after;
  });
}

export async function deleteVariant(db: Database, actor: Actor, variantId: string) {
  return db.transaction(async (tx) => {
    const { v, c } = await loadVariant(tx, actor, variantId);
    assertCampaignScope(actor, "campaign.results", c);
    // A concurrent delete of the same row (a double click) deleted it first: not found, no second audit row.
    if (!(await tx.delete(campaignVariants).where(and(eq(campaignVariants.id, v.id), eq(campaignVariants.orgId, actor.orgId))).returning({ id: campaignVariants.id })).length) throw notFound("campaignVariant");
    await recordAudit(tx, actor, { entityType: "campaign", entityId: c.id, action: "delete_variant", before: v });
    return { variantId: v.id };
  });
}

/** Builds and stores a tracking link: the landing URL with utm_source/medium/campaign/content. */
export async function createUtmLink(db: Database, actor: Actor, input: z.infer<typeof ZCreateUtmLinkInput>) {
  return db.transaction(async (tx) => {
    const c = await loadCampaign(tx, actor, input.campaignId);
    assertCampaignScope(actor, "campaign.update", c);
    assertNotCancelled(c, "e.campaign.cancelledNoLinks");
    if (input.channel && !c.channels.includes(input.channel)) throw fieldError("channel", `e.campaign.channelNotInCampaign|channel=${input.channel}`);
    const suggested = input.channel ? CHANNEL_UTM[input.channel] : undefined;
    const source = input.source ?? suggested?.source;
    const medium = input.medium ?? suggested?.medium;
    if (!source) throw fieldError("source", "v.required");
    if (!medium) throw fieldError("medium", "v.required");
    const utmCampaign = input.campaign ?? (utmSlug(c.name) || "campaign");
    const url = buildUtmUrl(input.landingUrl, { source, medium, campaign: utmCampaign, content: input.content });
    const [row] = await tx
      .insert(campaignUtmLinks)
      .values({
        orgId: actor.orgId,
        campaignId: c.id,
        channel: input.channel,
        landingUrl: input.landingUrl,
        source,
        medium,
        utmCampaign,
        content: input.content,
        url,
        createdBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, actor, { entityType: "campaign", entityId: c.id, action: "create_utm_link", after: row });
    return row!;
  });
}

export async function deleteUtmLink(db: Database, actor: Actor, utmLinkId: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ l: campaignUtmLinks, c: campaigns })
      .from(campaignUtmLinks)
      .innerJoin(campaigns, eq(campaigns.id, campaignUtmLinks.campaignId))
      .where(and(eq(campaignUtmLinks.id, utmLinkId), eq(campaignUtmLinks.orgId, actor.orgId)))
      .limit(1);
    if (!row) throw notFound("utmLink");
    assertCampaignScope(actor, "campaign.update", row.c);
    // A concurrent delete of the same row (a double click) deleted it first: not found, no second audit row.
    if (!(await tx.delete(campaignUtmLinks).where(and(eq(campaignUtmLinks.id, row.l.id), eq(campaignUtmLinks.orgId, actor.orgId))).returning({ id: campaignUtmLinks.id })).length) throw notFound("utmLink");
    await recordAudit(tx, actor, { entityType: "campaign", entityId: row.c.id, action: "delete_utm_link", before: row.l });
    return { utmLinkId: row.l.id };
  });
}
