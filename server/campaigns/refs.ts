import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  approvalDecisions,
  approvalRequests,
  campaignBudgetLines,
  campaignMetric,
  campaigns,
  campaignSettings,
  campaignSpend,
  currencyRates,
  DEFAULT_CAMPAIGN_CHANNELS,
} from "@/db/schema";
import { recordAudit } from "../audit/record";
import { AppError, fieldError, notFound } from "../errors";
import { notify } from "../notifications/service";
import type { Actor } from "../org/actor";
import { evaluateKris } from "../risks/kri";
import { inScope } from "../rbac/assert";
import type { Permission } from "../rbac/permissions";
import { normaliseRate, toBaseMinor, toSafeNumber } from "./money";

export type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignMetric = (typeof campaignMetric.enumValues)[number];
export type CampaignSettingsRow = typeof campaignSettings.$inferSelect;

export const CAMPAIGN_LAUNCH = "campaign_launch";
export const CAMPAIGN_BUDGET = "campaign_budget";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A campaign of the actor's organisation (another tenant's id is simply not found). */
export async function loadCampaign(tx: DbOrTx, actor: Actor, campaignId: string, opts: { lock?: boolean; field?: string } = {}) {
  if (!UUID_RE.test(campaignId)) throw opts.field ? fieldError(opts.field, "v.invalidId") : notFound("campaign");
  const q = tx
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.orgId, actor.orgId)))
    .limit(1);
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) throw notFound("campaign");
  return row;
}

/**
 * Whom a campaign belongs to, for scopes: its department and owner — and, for a member of its team,
 * the team member, so the team can record spend and results.
 */
export function campaignSubjects(actor: Actor, c: { departmentId: string | null; ownerId: string; teamMemberIds: string[] }) {
  const subjects = [{ departmentId: c.departmentId, ownerId: c.ownerId }];
  if (c.teamMemberIds.includes(actor.userId)) subjects.push({ departmentId: c.departmentId, ownerId: actor.userId });
  return subjects;
}

export function assertCampaignScope(
  actor: Actor,
  permission: Permission,
  c: { departmentId: string | null; ownerId: string; teamMemberIds: string[] },
) {
  if (!inScope(actor, permission, campaignSubjects(actor, c))) {
    throw new AppError("FORBIDDEN", `e.outOfScope|permission=${permission}|role=${actor.role}`);
  }
}

/** Campaigns waiting for a launch decision cannot change; withdraw the request first. */
export function assertNotPending(c: { status: string }) {
  if (c.status === "pending_approval") throw new AppError("PRECONDITION_FAILED", "e.campaign.pendingApproval");
}

/** Completed and cancelled campaigns are closed for edits. */
export function assertOpen(c: { status: string }) {
  if (c.status === "completed" || c.status === "cancelled") throw new AppError("PRECONDITION_FAILED", `e.campaign.closed|status=${c.status}`);
}

export async function loadCampaignSettings(tx: DbOrTx, orgId: string): Promise<CampaignSettingsRow> {
  const [row] = await tx.select().from(campaignSettings).where(eq(campaignSettings.orgId, orgId)).limit(1);
  if (row) return row;
  const now = new Date();
  return {
    orgId,
    baseCurrency: "USD",
    approvalThresholdMinor: 1_000_000,
    channels: [...DEFAULT_CAMPAIGN_CHANNELS],
    createdAt: now,
    updatedAt: now,
    version: 0,
  };
}

/** The manual rate of a currency to the org's base currency, as an exact decimal string (null if none). */
export async function rateOf(tx: DbOrTx, orgId: string, currency: string): Promise<string | null> {
  const [row] = await tx
    .select({ rate: currencyRates.rate })
    .from(currencyRates)
    .where(and(eq(currencyRates.orgId, orgId), eq(currencyRates.currency, currency)))
    .limit(1);
  return row ? normaliseRate(row.rate) : null;
}

/** Sum of a bigint column as an exact integer (Postgres sums bigint into numeric: read it as text). */
export const sumText = (col: unknown) => sql<string>`coalesce(sum(${col}), 0)::text`;
export const fromSumText = (s: string | null | undefined) => toSafeNumber(BigInt(s ?? "0"));

export async function plannedMinor(tx: DbOrTx, campaignId: string): Promise<number> {
  const [r] = await tx.select({ s: sumText(campaignBudgetLines.amountMinor) }).from(campaignBudgetLines).where(eq(campaignBudgetLines.campaignId, campaignId));
  return fromSumText(r?.s);
}

export async function spendMinor(tx: DbOrTx, campaignId: string): Promise<number> {
  const [r] = await tx.select({ s: sumText(campaignSpend.amountMinor) }).from(campaignSpend).where(eq(campaignSpend.campaignId, campaignId));
  return fromSumText(r?.s);
}

/** An amount of the campaign in the base currency; throws when a needed rate is missing. */
export async function inBase(tx: DbOrTx, actor: Actor, currency: string, amountMinor: number) {
  const settings = await loadCampaignSettings(tx, actor.orgId);
  const rate = currency === settings.baseCurrency ? null : await rateOf(tx, actor.orgId, currency);
  const base = toBaseMinor(amountMinor, currency, settings.baseCurrency, rate);
  if (base === null) throw new AppError("BAD_REQUEST", `e.campaign.noRate|currency=${currency}|base=${settings.baseCurrency}`);
  return { settings, rate, baseMinor: base };
}

/** The pending approval request of a subject of this campaign, if any. */
export async function pendingRequest(tx: DbOrTx, orgId: string, campaignId: string, subjectTypes = [CAMPAIGN_LAUNCH, CAMPAIGN_BUDGET]) {
  const [row] = await tx
    .select({ id: approvalRequests.id, subjectType: approvalRequests.subjectType })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.orgId, orgId),
        eq(approvalRequests.subjectId, campaignId),
        inArray(approvalRequests.subjectType, subjectTypes),
        eq(approvalRequests.status, "pending"),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** The campaign's pending approval requests, locked (the engine locks a request before its subject). */
export async function pendingRequests(tx: DbOrTx, orgId: string, campaignId: string) {
  if (!UUID_RE.test(campaignId)) return [];
  return tx
    .select({ id: approvalRequests.id, subjectType: approvalRequests.subjectType })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.orgId, orgId),
        eq(approvalRequests.subjectId, campaignId),
        inArray(approvalRequests.subjectType, [CAMPAIGN_LAUNCH, CAMPAIGN_BUDGET]),
        eq(approvalRequests.status, "pending"),
      ),
    )
    .for("update");
}

/** Who approved the campaign's current budget: the approvers of its latest approved launch or budget request. */
export async function budgetApprovers(tx: DbOrTx, orgId: string, campaignId: string): Promise<string[]> {
  const latest = tx
    .select({ id: approvalRequests.id })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.orgId, orgId),
        eq(approvalRequests.subjectId, campaignId),
        inArray(approvalRequests.subjectType, [CAMPAIGN_LAUNCH, CAMPAIGN_BUDGET]),
        eq(approvalRequests.status, "approved"),
      ),
    )
    .orderBy(desc(approvalRequests.decidedAt))
    .limit(1);
  const rows = await tx
    .select({ deciderId: approvalDecisions.deciderId, onBehalfOfId: approvalDecisions.onBehalfOfId })
    .from(approvalDecisions)
    .where(and(eq(approvalDecisions.requestId, latest), eq(approvalDecisions.decision, "approve")));
  return [...new Set(rows.flatMap((r) => [r.deciderId, r.onBehalfOfId]).filter((x): x is string => !!x))];
}

/**
 * Columns a write can return with the campaign row it updates, so refreshOverBudget needs no query
 * of its own: the spend so far, and whether a key risk indicator of an open risk watches the campaign.
 */
export const overBudgetInputs = {
  // Written out: in an update's RETURNING, Drizzle names columns without their table.
  spendTotal: sql<string>`(select coalesce(sum(sp.amount_minor), 0)::text from campaign_spend sp where sp.campaign_id = "campaigns"."id")`,
  watched: sql<boolean>`exists (select 1 from risk_kris k inner join risks r on r.id = k.risk_id where k.campaign_id = "campaigns"."id" and r.status <> 'closed')`,
};

/**
 * Keeps the over-budget warning in step with spend against the approved budget: sets it (and
 * notifies the owner and the approvers, except the actor) when spend first goes past the approved
 * budget; clears it when spend is within the budget again. Returns whether the campaign is over.
 */
export async function refreshOverBudget(
  tx: DbOrTx,
  actor: Actor,
  c: CampaignRow,
  now = new Date(),
  /** Read with the campaign row (overBudgetInputs): then this costs no statement unless the answer changes. */
  known?: { spendTotal: string; watched: boolean },
): Promise<{ overBudget: boolean; spendMinor: number }> {
  const spent = known ? fromSumText(known.spendTotal) : await spendMinor(tx, c.id);
  const over = c.approvedBudgetMinor != null && spent > c.approvedBudgetMinor;
  if (over && !c.overBudgetAt) {
    await tx.update(campaigns).set({ overBudgetAt: now }).where(eq(campaigns.id, c.id));
    const people = [c.ownerId, ...(await budgetApprovers(tx, actor.orgId, c.id))].filter((u) => u !== actor.userId);
    await notify(tx, actor.orgId, people, {
      kind: "campaignOverBudget",
      params: { title: c.name },
      link: `/${actor.orgSlug}/campaigns/${c.id}`,
    });
    await recordAudit(tx, actor, {
      entityType: "campaign",
      entityId: c.id,
      action: "over_budget",
      after: { approvedBudgetMinor: c.approvedBudgetMinor, spendMinor: spent, currency: c.currency, notified: people },
    });
  } else if (!over && c.overBudgetAt) {
    await tx.update(campaigns).set({ overBudgetAt: null }).where(eq(campaigns.id, c.id));
  }
  // Risks watching this campaign's spend.
  if (over !== !!c.overBudgetAt && known?.watched !== false) await evaluateKris(tx, actor.orgId, { campaignIds: [c.id] }, now);
  return { overBudget: over, spendMinor: spent };
}
