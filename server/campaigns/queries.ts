import { and, asc, desc, eq, gte, ilike, inArray, isNotNull, lte, ne, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { unionAll } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import {
  approvalDecisions,
  approvalRequests,
  auditEvents,
  campaignBudgetLines,
  campaignKeyResults,
  campaignResults,
  campaigns,
  campaignSpend,
  campaignUtmLinks,
  campaignVariants,
  departments,
  keyResults,
  objectives,
  users,
} from "@/db/schema";
import { qualified } from "@/db/sql";
import { toCsv } from "../csv";
import { isCalendarDate } from "../dates";
import { fieldError } from "../errors";
import { krProgress } from "../okrs/progress";
import type { Actor } from "../org/actor";
import { deriveMetrics, EMPTY_TOTALS, FORMULAS, type CampaignTotals } from "./metrics";
import { formatMinor, prorateMinor, sumMinor, toBaseMinor } from "./money";
import { CAMPAIGN_BUDGET, CAMPAIGN_LAUNCH, fromSumText, loadCampaign, loadCampaignSettings, rateOf, sumText } from "./refs";
import type { TCampaignFilters, ZCalendarInput, ZListCampaignsInput } from "./schema";
import { sampleSizePerVariant, twoProportionZTest } from "./stats";

type BuiltInMetric = "impressions" | "clicks" | "leads" | "signups" | "conversions" | "revenue";

/** Planned (budget lines), spend and result totals of some campaigns of the org, exact. */
export async function campaignTotals(db: DbOrTx, actor: Actor, rows: { id: string; approvedBudgetMinor: number | null }[]) {
  const out = new Map<string, CampaignTotals>();
  if (!rows.length) return out;
  const ids = rows.map((r) => r.id);
  // One statement: the three sums as rows of one union ("p" planned, "s" spend, "r" a result metric).
  const sums = await unionAll(
    db
      .select({ kind: sql<string>`'p'`.as("kind"), id: campaignBudgetLines.campaignId, metric: sql<string | null>`null::text`.as("metric"), s: sumText(campaignBudgetLines.amountMinor).as("s") })
      .from(campaignBudgetLines)
      .where(and(eq(campaignBudgetLines.orgId, actor.orgId), inArray(campaignBudgetLines.campaignId, ids)))
      .groupBy(campaignBudgetLines.campaignId),
    db
      .select({ kind: sql<string>`'s'`.as("kind"), id: campaignSpend.campaignId, metric: sql<string | null>`null::text`.as("metric"), s: sumText(campaignSpend.amountMinor).as("s") })
      .from(campaignSpend)
      .where(and(eq(campaignSpend.orgId, actor.orgId), inArray(campaignSpend.campaignId, ids)))
      .groupBy(campaignSpend.campaignId),
    db
      .select({ kind: sql<string>`'r'`.as("kind"), id: campaignResults.campaignId, metric: sql<string | null>`${campaignResults.metric}::text`.as("metric"), s: sumText(campaignResults.value).as("s") })
      .from(campaignResults)
      .where(and(eq(campaignResults.orgId, actor.orgId), inArray(campaignResults.campaignId, ids), ne(campaignResults.metric, "custom")))
      .groupBy(campaignResults.campaignId, campaignResults.metric),
  );
  const planned = sums.filter((x) => x.kind === "p");
  const spent = sums.filter((x) => x.kind === "s");
  const results = sums.filter((x) => x.kind === "r").map((x) => ({ ...x, metric: x.metric as BuiltInMetric }));
  for (const r of rows) out.set(r.id, { ...EMPTY_TOTALS, approvedMinor: r.approvedBudgetMinor });
  for (const p of planned) out.get(p.id)!.plannedMinor = fromSumText(p.s);
  for (const s of spent) out.get(s.id)!.spendMinor = fromSumText(s.s);
  for (const r of results) {
    const t = out.get(r.id)!;
    const v = fromSumText(r.s);
    if (r.metric === "revenue") t.revenueMinor = v;
    else t[r.metric] = v;
  }
  return out;
}

/** The columns of a campaign row in lists (joins the owner and the department). */
const listColumns = {
  id: campaigns.id,
  name: campaigns.name,
  status: campaigns.status,
  departmentId: campaigns.departmentId,
  departmentName: departments.name,
  ownerId: campaigns.ownerId,
  ownerName: users.name,
  channels: campaigns.channels,
  audience: campaigns.audience,
  audienceTags: campaigns.audienceTags,
  startsOn: campaigns.startsOn,
  endsOn: campaigns.endsOn,
  tags: campaigns.tags,
  currency: campaigns.currency,
  approvedBudgetMinor: campaigns.approvedBudgetMinor,
  overBudgetAt: campaigns.overBudgetAt,
  version: campaigns.version,
};

function filterWhere(actor: Actor, f: TCampaignFilters): SQL | undefined {
  const like = f.search ? `%${f.search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : null;
  return and(
    eq(campaigns.orgId, actor.orgId),
    f.status ? eq(campaigns.status, f.status) : undefined,
    f.channel ? sql`${f.channel} = any(${campaigns.channels})` : undefined,
    f.departmentId ? eq(campaigns.departmentId, f.departmentId) : undefined,
    f.ownerId ? eq(campaigns.ownerId, f.ownerId) : undefined,
    f.from ? gte(campaigns.endsOn, f.from) : undefined,
    f.to ? lte(campaigns.startsOn, f.to) : undefined,
    f.overBudget === true ? isNotNull(campaigns.overBudgetAt) : f.overBudget === false ? sql`${campaigns.overBudgetAt} is null` : undefined,
    like ? ilike(campaigns.name, like) : undefined,
  );
}

function withMetrics<T extends { id: string }>(rows: T[], totals: Map<string, CampaignTotals>) {
  // In place: the rows are the caller's fresh query results (a copy per row is the slow part of a big export).
  return rows.map((r) => {
    const t = totals.get(r.id)!;
    return Object.assign(r, { totals: t, metrics: deriveMetrics(t) });
  });
}

/**
 * A page's totals in the page's own statement (the same sums as campaignTotals): correlated subqueries on
 * the (campaign_id, …) indexes, evaluated by PostgreSQL only for the rows the limit keeps.
 */
function totalsColumns(actor: Actor) {
  const id = qualified(campaigns, campaigns.id);
  return {
    plannedSum: sql<string>`(select coalesce(sum(b.amount_minor), 0)::text from ${campaignBudgetLines} b where b.org_id = ${actor.orgId} and b.campaign_id = ${id})`,
    spendSum: sql<string>`(select coalesce(sum(s.amount_minor), 0)::text from ${campaignSpend} s where s.org_id = ${actor.orgId} and s.campaign_id = ${id})`,
    resultSums: sql<Record<string, string> | null>`(select json_object_agg(x.metric, x.s) from (
      select r.metric::text as metric, coalesce(sum(r.value), 0)::text as s from ${campaignResults} r
      where r.org_id = ${actor.orgId} and r.campaign_id = ${id} and r.metric <> 'custom' group by r.metric) x)`,
  };
}

const CURSOR_RE = /^(\d{4}-\d{2}-\d{2})~([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * Campaigns with the URL's filters, newest start first, keyset-paginated on (starts_on, id): the
 * cursor is the last item's "startsOn~id". Each row carries its totals and derived metrics.
 */
export async function listCampaigns(db: DbOrTx, actor: Actor, input: z.infer<typeof ZListCampaignsInput>) {
  let after: SQL | undefined;
  if (input.cursor) {
    const m = CURSOR_RE.exec(input.cursor);
    if (!m || !isCalendarDate(m[1]!)) throw fieldError("cursor", "v.invalid");
    after = sql`(${campaigns.startsOn}, ${campaigns.id}) < (${m[1]}::date, ${m[2]}::uuid)`;
  }
  const rows = await db
    .select({ c: listColumns, ...totalsColumns(actor) })
    .from(campaigns)
    .innerJoin(users, eq(users.id, campaigns.ownerId))
    .leftJoin(departments, eq(departments.id, campaigns.departmentId))
    .where(and(filterWhere(actor, input), after))
    .orderBy(desc(campaigns.startsOn), desc(campaigns.id))
    .limit(input.limit + 1);
  const page = rows.length > input.limit ? rows.slice(0, input.limit) : rows;
  // Totals and metrics are added to the (fresh) row objects in place: copying rows costs more than the sums.
  const items = page.map(({ c, plannedSum, spendSum, resultSums }) => {
    const totals: CampaignTotals = { ...EMPTY_TOTALS, approvedMinor: c.approvedBudgetMinor, plannedMinor: fromSumText(plannedSum), spendMinor: fromSumText(spendSum) };
    for (const [metric, sum] of Object.entries(resultSums ?? {})) {
      if (metric === "revenue") totals.revenueMinor = fromSumText(sum);
      else totals[metric as Exclude<BuiltInMetric, "revenue">] = fromSumText(sum);
    }
    return Object.assign(c, { totals, metrics: deriveMetrics(totals) });
  });
  const last = page[page.length - 1]?.c;
  return { items, nextCursor: rows.length > input.limit && last ? `${last.startsOn}~${last.id}` : null };
}

const DAY = 86_400_000;
const dayNumber = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / DAY);

const normAudience = (s: string) => s.trim().toLowerCase();

/** Two campaigns reach the same audience when they share an audience tag or have the same (non-empty) audience text. */
export function sameAudience(a: { audience: string; audienceTags: string[] }, b: { audience: string; audienceTags: string[] }) {
  const tags = new Set(a.audienceTags.map(normAudience));
  if (b.audienceTags.some((t) => tags.has(normAudience(t)))) return true;
  return !!normAudience(a.audience) && normAudience(a.audience) === normAudience(b.audience);
}

/**
 * The audience keys of a campaign: two campaigns reach the same audience (sameAudience) exactly when their
 * key sets intersect — "t:" + each normalised tag, "a:" + the normalised audience text when it is not empty.
 */
function audienceKeys(i: { audience: string; audienceTags: string[] }): Set<string> {
  const keys = new Set<string>();
  for (const t of i.audienceTags) keys.add(`t:${normAudience(t)}`);
  const a = normAudience(i.audience);
  if (a) keys.add(`a:${a}`);
  return keys;
}

export interface CalendarItem {
  id: string;
  status: string;
  channels: string[];
  audience: string;
  audienceTags: string[];
  startsOn: string;
  endsOn: string;
}

export interface CalendarOverlap {
  campaignIds: [string, string];
  channels: string[];
  from: string;
  to: string;
}

/**
 * Pairs of campaigns (not cancelled) whose dates overlap on at least one common channel and that reach
 * the same audience: they compete for the same people at the same time.
 *
 * Pairs come in input order (by the first campaign's position, then the second's; `campaignIds` in input
 * order too). Only campaigns sharing an audience key can pair, so each key's campaigns are swept by start
 * date (a campaign is compared only with those starting before it ends), instead of every pair.
 */
export function findOverlaps(items: CalendarItem[]): CalendarOverlap[] {
  const live = items.filter((i) => i.status !== "cancelled");
  const n = live.length;
  const byKey = new Map<string, number[]>();
  for (let k = 0; k < n; k++) {
    for (const key of audienceKeys(live[k]!)) {
      const members = byKey.get(key);
      if (members) members.push(k);
      else byKey.set(key, [k]);
    }
  }
  const channelSets: (Set<string> | undefined)[] = new Array(n);
  const channelSet = (k: number) => (channelSets[k] ??= new Set(live[k]!.channels));
  // A pair is coded lo * n + hi (lo < hi, positions in `live`), so ascending codes are the input order.
  const seen = new Set<number>();
  const found = new Map<number, CalendarOverlap>();
  const byStart = (x: number, y: number) => {
    const a = live[x]!.startsOn;
    const b = live[y]!.startsOn;
    return a < b ? -1 : a > b ? 1 : x - y;
  };
  for (const members of byKey.values()) {
    if (members.length < 2) continue;
    members.sort(byStart);
    for (let x = 0; x < members.length; x++) {
      const a = live[members[x]!]!;
      for (let y = x + 1; y < members.length; y++) {
        const b = live[members[y]!]!;
        // Sorted by start: once b starts after a ends, so does every later one.
        if (b.startsOn > a.endsOn) break;
        if (a.startsOn > b.endsOn) continue;
        const lo = Math.min(members[x]!, members[y]!);
        const hi = Math.max(members[x]!, members[y]!);
        const code = lo * n + hi;
        if (seen.has(code)) continue;
        seen.add(code);
        const first = live[lo]!;
        const second = live[hi]!;
        const other = channelSet(hi);
        const channels = first.channels.filter((c) => other.has(c));
        if (!channels.length) continue;
        found.set(code, {
          campaignIds: [first.id, second.id],
          channels,
          from: first.startsOn > second.startsOn ? first.startsOn : second.startsOn,
          to: first.endsOn < second.endsOn ? first.endsOn : second.endsOn,
        });
      }
    }
  }
  return [...found.keys()].sort((p, q) => p - q).map((code) => found.get(code)!);
}

/** For each campaign id, the ids it overlaps with, in the order of the overlap list. */
export function overlapsById(overlaps: CalendarOverlap[]) {
  const out = new Map<string, string[]>();
  const add = (id: string, other: string) => {
    const list = out.get(id);
    if (list) list.push(other);
    else out.set(id, [other]);
  };
  for (const { campaignIds: [a, b] } of overlaps) {
    add(a, b);
    if (b !== a) add(b, a);
  }
  return out;
}

export const CALENDAR_MAX_DAYS = 400;

/** Campaigns overlapping [from, to] (month, quarter or timeline views), with overlapping ones flagged. */
export async function calendar(db: DbOrTx, actor: Actor, input: z.infer<typeof ZCalendarInput>) {
  if (dayNumber(input.to) - dayNumber(input.from) > CALENDAR_MAX_DAYS) throw fieldError("to", `e.campaign.rangeTooLong|max=${CALENDAR_MAX_DAYS}`);
  const rows = await db
    .select(listColumns)
    .from(campaigns)
    .innerJoin(users, eq(users.id, campaigns.ownerId))
    .leftJoin(departments, eq(departments.id, campaigns.departmentId))
    .where(filterWhere(actor, { from: input.from, to: input.to, departmentId: input.departmentId, channel: input.channel }))
    .orderBy(asc(campaigns.startsOn), asc(campaigns.name))
    .limit(1000);
  const overlaps = findOverlaps(rows);
  const partners = overlapsById(overlaps);
  // In place: the rows are this call's own objects, and a copy per row cost more than the overlap search.
  const withOverlaps = rows.map((r) => Object.assign(r, { overlapsWith: partners.get(r.id) ?? [] }));
  return { from: input.from, to: input.to, items: withOverlaps, overlaps };
}

/**
 * Cumulative planned vs actual spend over time, at the start, the end and every spend date. The plan
 * is spread evenly over the campaign's days (so the planned line is straight); actual is the running
 * sum of spend entries.
 */
export function spendSeries(c: { startsOn: string; endsOn: string }, plannedTotal: number, spend: { spentOn: string; amountMinor: number }[]) {
  const start = dayNumber(c.startsOn);
  const days = dayNumber(c.endsOn) - start + 1;
  const dates = [...new Set([c.startsOn, c.endsOn, ...spend.map((s) => s.spentOn)])].sort();
  const sorted = [...spend].sort((a, b) => a.spentOn.localeCompare(b.spentOn));
  let i = 0;
  let actual = BigInt(0);
  return dates.map((date) => {
    while (i < sorted.length && sorted[i]!.spentOn <= date) actual += BigInt(sorted[i++]!.amountMinor);
    const elapsed = Math.min(days, Math.max(0, dayNumber(date) - start + 1));
    return { date, plannedMinor: prorateMinor(plannedTotal, elapsed, days), actualMinor: Number(actual) };
  });
}

/** Everything the campaign page shows, in one call. */
export async function getCampaign(db: DbOrTx, actor: Actor, campaignId: string) {
  const c = await loadCampaign(db, actor, campaignId);
  const [head] = await db
    .select({ ownerName: users.name, departmentName: departments.name })
    .from(campaigns)
    .innerJoin(users, eq(users.id, campaigns.ownerId))
    .leftJoin(departments, eq(departments.id, campaigns.departmentId))
    .where(eq(campaigns.id, c.id));
  const [team, krLinks, lines, spend, results, variants, links, requests, activity, settings] = await Promise.all([
    c.teamMemberIds.length
      ? db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, c.teamMemberIds)).orderBy(asc(users.name))
      : Promise.resolve([]),
    db
      .select({
        keyResultId: campaignKeyResults.keyResultId,
        feedMetric: campaignKeyResults.feedMetric,
        feedCustomName: campaignKeyResults.feedCustomName,
        title: keyResults.title,
        type: keyResults.type,
        direction: keyResults.direction,
        unit: keyResults.unit,
        startValue: keyResults.startValue,
        bandMin: keyResults.bandMin,
        bandMax: keyResults.bandMax,
        targetValue: keyResults.targetValue,
        currentValue: keyResults.currentValue,
        confidence: keyResults.confidence,
        objectiveId: objectives.id,
        objectiveTitle: objectives.title,
      })
      .from(campaignKeyResults)
      .innerJoin(keyResults, eq(keyResults.id, campaignKeyResults.keyResultId))
      .innerJoin(objectives, eq(objectives.id, keyResults.objectiveId))
      .where(and(eq(campaignKeyResults.orgId, actor.orgId), eq(campaignKeyResults.campaignId, c.id)))
      .orderBy(asc(keyResults.title)),
    db
      .select({ id: campaignBudgetLines.id, channel: campaignBudgetLines.channel, category: campaignBudgetLines.category, amountMinor: campaignBudgetLines.amountMinor, currency: campaignBudgetLines.currency })
      .from(campaignBudgetLines)
      .where(and(eq(campaignBudgetLines.orgId, actor.orgId), eq(campaignBudgetLines.campaignId, c.id)))
      .orderBy(asc(campaignBudgetLines.position)),
    db
      .select({
        id: campaignSpend.id,
        spentOn: campaignSpend.spentOn,
        channel: campaignSpend.channel,
        amountMinor: campaignSpend.amountMinor,
        currency: campaignSpend.currency,
        vendor: campaignSpend.vendor,
        note: campaignSpend.note,
        authorName: users.name,
        createdAt: campaignSpend.createdAt,
      })
      .from(campaignSpend)
      .leftJoin(users, eq(users.id, campaignSpend.authorId))
      .where(and(eq(campaignSpend.orgId, actor.orgId), eq(campaignSpend.campaignId, c.id)))
      .orderBy(asc(campaignSpend.spentOn), asc(campaignSpend.createdAt)),
    db
      .select({
        id: campaignResults.id,
        metric: campaignResults.metric,
        customName: campaignResults.customName,
        observedOn: campaignResults.observedOn,
        value: campaignResults.value,
        note: campaignResults.note,
        authorName: users.name,
        createdAt: campaignResults.createdAt,
      })
      .from(campaignResults)
      .leftJoin(users, eq(users.id, campaignResults.authorId))
      .where(and(eq(campaignResults.orgId, actor.orgId), eq(campaignResults.campaignId, c.id)))
      .orderBy(asc(campaignResults.observedOn), asc(campaignResults.createdAt)),
    db
      .select()
      .from(campaignVariants)
      .where(and(eq(campaignVariants.orgId, actor.orgId), eq(campaignVariants.campaignId, c.id)))
      .orderBy(asc(campaignVariants.position), asc(campaignVariants.createdAt)),
    db
      .select()
      .from(campaignUtmLinks)
      .where(and(eq(campaignUtmLinks.orgId, actor.orgId), eq(campaignUtmLinks.campaignId, c.id)))
      .orderBy(desc(campaignUtmLinks.createdAt)),
    db
      .select({
        id: approvalRequests.id,
        subjectType: approvalRequests.subjectType,
        status: approvalRequests.status,
        currentStep: approvalRequests.currentStep,
        requesterName: users.name,
        createdAt: approvalRequests.createdAt,
        decidedAt: approvalRequests.decidedAt,
        dueAt: approvalRequests.dueAt,
        snapshot: approvalRequests.snapshot,
      })
      .from(approvalRequests)
      .leftJoin(users, eq(users.id, approvalRequests.requesterId))
      .where(
        and(eq(approvalRequests.orgId, actor.orgId), eq(approvalRequests.subjectId, c.id), inArray(approvalRequests.subjectType, [CAMPAIGN_LAUNCH, CAMPAIGN_BUDGET])),
      )
      .orderBy(asc(approvalRequests.createdAt)),
    db
      .select({ id: auditEvents.id, action: auditEvents.action, actorName: users.name, createdAt: auditEvents.createdAt })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(and(eq(auditEvents.orgId, actor.orgId), eq(auditEvents.entityType, "campaign"), eq(auditEvents.entityId, c.id)))
      .orderBy(desc(auditEvents.id))
      .limit(50),
    loadCampaignSettings(db, actor.orgId),
  ]);
  const decisions = requests.length
    ? await db
        .select({
          requestId: approvalDecisions.requestId,
          decision: approvalDecisions.decision,
          comment: approvalDecisions.comment,
          deciderName: users.name,
          createdAt: approvalDecisions.createdAt,
        })
        .from(approvalDecisions)
        .leftJoin(users, eq(users.id, approvalDecisions.deciderId))
        .where(inArray(approvalDecisions.requestId, requests.map((r) => r.id)))
        .orderBy(asc(approvalDecisions.createdAt))
    : [];

  const plannedTotal = sumMinor(lines.map((l) => l.amountMinor));
  const spendTotal = sumMinor(spend.map((s) => s.amountMinor));
  const totals: CampaignTotals = { ...EMPTY_TOTALS, plannedMinor: plannedTotal, approvedMinor: c.approvedBudgetMinor, spendMinor: spendTotal };
  const custom = new Map<string, number>();
  for (const r of results) {
    if (r.metric === "custom") custom.set(r.customName, sumMinor([custom.get(r.customName) ?? 0, r.value]));
    else if (r.metric === "revenue") totals.revenueMinor = sumMinor([totals.revenueMinor, r.value]);
    else totals[r.metric] = sumMinor([totals[r.metric], r.value]);
  }
  const builtIn: Record<BuiltInMetric, number> = {
    impressions: totals.impressions,
    clicks: totals.clicks,
    leads: totals.leads,
    signups: totals.signups,
    conversions: totals.conversions,
    revenue: totals.revenueMinor,
  };
  const actualOf = (metric: string, customName: string) =>
    metric === "custom" ? (custom.get(customName) ?? 0) : (builtIn[metric as BuiltInMetric] ?? 0);

  const rate = c.currency === settings.baseCurrency ? null : await rateOf(db, actor.orgId, c.currency);
  const base = (amount: number | null) => (amount == null ? null : toBaseMinor(amount, c.currency, settings.baseCurrency, rate));

  const control = variants[0];
  const variantStats = variants.map((v, i) => {
    const rateV = v.exposures ? v.conversions / v.exposures : null;
    if (i === 0 || !control) return { ...v, rate: rateV, isControl: i === 0, test: null, neededPerVariant: null };
    const test = twoProportionZTest(control, v);
    const needed = test.rateA != null && test.difference ? sampleSizePerVariant(test.rateA, test.difference) : null;
    return { ...v, rate: rateV, isControl: false, test, neededPerVariant: needed };
  });

  return {
    ...c,
    ownerName: head?.ownerName ?? "",
    departmentName: head?.departmentName ?? null,
    team,
    keyResultLinks: krLinks.map((l) => ({ ...l, progress: krProgress(l) })),
    budgetLines: lines,
    spend,
    results,
    resultTotals: { ...builtIn, custom: Object.fromEntries(custom) },
    goals: c.goals.map((g) => ({ ...g, actual: actualOf(g.metric, g.customName) })),
    totals,
    metrics: deriveMetrics(totals),
    formulas: FORMULAS,
    series: spendSeries(c, plannedTotal, spend),
    base: {
      currency: settings.baseCurrency,
      rate,
      plannedMinor: base(plannedTotal),
      approvedMinor: base(c.approvedBudgetMinor),
      spendMinor: base(spendTotal),
      revenueMinor: base(totals.revenueMinor),
      thresholdMinor: settings.approvalThresholdMinor,
    },
    needsBudgetApproval: c.approvedBudgetMinor != null && plannedTotal > c.approvedBudgetMinor,
    variants: variantStats,
    utmLinks: links,
    approvals: requests.map((r) => ({ ...r, decisions: decisions.filter((d) => d.requestId === r.id) })),
    activity,
  };
}

export const CSV_MAX_ROWS = 5000;

const ratioCell = (x: number | null) => (x == null ? "" : x.toFixed(4));

/** CSV of the filtered list (money in major units of each campaign's currency, ratios to 4 decimals). */
export async function exportCampaignsCsv(db: DbOrTx, actor: Actor, filters: TCampaignFilters) {
  const rows = await db
    .select(listColumns)
    .from(campaigns)
    .innerJoin(users, eq(users.id, campaigns.ownerId))
    .leftJoin(departments, eq(departments.id, campaigns.departmentId))
    .where(filterWhere(actor, filters))
    .orderBy(desc(campaigns.startsOn), desc(campaigns.id))
    .limit(CSV_MAX_ROWS);
  const items = withMetrics(rows, await campaignTotals(db, actor, rows));
  const headers = [
    "name", "status", "department", "owner", "channels", "audience", "starts_on", "ends_on", "currency", "planned", "approved", "spend",
    "remaining", "burn", "over_budget", "impressions", "clicks", "leads", "signups", "conversions", "revenue", "ctr", "conversion_rate",
    "cost_per_lead", "cac", "roi",
  ];
  const money = (v: number | null, cur: string) => (v == null ? "" : formatMinor(v, cur));
  const data = items.map((i) => [
    i.name, i.status, i.departmentName ?? "", i.ownerName, i.channels.join(" "), i.audience, i.startsOn, i.endsOn, i.currency,
    money(i.totals.plannedMinor, i.currency), money(i.totals.approvedMinor, i.currency), money(i.totals.spendMinor, i.currency),
    money(i.metrics.remainingMinor, i.currency), ratioCell(i.metrics.burn), i.metrics.overBudget ? "yes" : "", i.totals.impressions,
    i.totals.clicks, i.totals.leads, i.totals.signups, i.totals.conversions, money(i.totals.revenueMinor, i.currency), ratioCell(i.metrics.ctr),
    ratioCell(i.metrics.conversionRate), money(i.metrics.costPerLeadMinor, i.currency), money(i.metrics.cacMinor, i.currency), ratioCell(i.metrics.roi),
  ]);
  return { filename: "campaigns.csv", csv: toCsv(headers, data), rows: items.length };
}
