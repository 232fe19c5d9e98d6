/**
 * Two organisations, A and B. B's owner tries every organisation procedure against A:
 * - with A's slug (and a valid input for A): NOT_FOUND, exactly like an org that does not exist;
 * - with B's own slug but A's entity ids: NOT_FOUND, a field error that names no foreign data, or — for
 *   lists and filters — a result that contains nothing of A.
 * Afterwards every row A owns (in every table with an org_id, plus A's users) is unchanged.
 */
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { approvalSettings, memberships, notifications, organizations } from "@/db/schema";
import { fieldErrorsOf } from "@/server/api/trpc";
import { isPermission } from "@/server/rbac/permissions";
import { defaultRiskSettings } from "@/server/risks/scoring";
import { TRPCError } from "@trpc/server";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";
import {
  build,
  callPath,
  dayFromToday,
  caseFor,
  describeError,
  listProcedures,
  mine,
  outcome,
  snapshotOrg,
  uid,
  whoFor,
  type World,
  makeWorld,
} from "./_support/procedures";

let h: DbHandle;
let A: World;
let B: World;
let a: Awaited<ReturnType<typeof seedA>>;
let aSnapshot: Record<string, string>;
let aUuids: string[];
const aSlugInputs = new Map<string, unknown>();

const ORG_PROCS = listProcedures().filter((p) => p.permission && isPermission(p.permission));

async function seedA(w: World) {
  const owner = whoFor(w, "owner");
  const s = mine(w, owner);
  const kr = await build.keyResult(w, s);
  const ini = await build.initiative(w, s);
  const dep = await build.dependency(w, { ownerId: owner.userId, departmentId: w.org.departmentIds.b });
  const kpi = await build.kpi(w, s);
  const kpi2 = await build.kpi(w, s);
  const inv = await build.invitation(w);
  const [viewerMembership] = await w.db.select().from(memberships).where(eq(memberships.userId, w.org.users.viewer.id));
  // some audit history in A
  const c = await callerFor(w.db, owner.userId);
  await c.department.create({ orgSlug: w.org.slug, name: "Audited dept" });
  await c.keyResult.checkIn({ orgSlug: w.org.slug, keyResultId: kr.id, value: 2, confidence: 5 });
  // an OKR set pending approval (with its notifications), a comment on it, and a delegation
  const approvalPeriod = await build.period(w, "active");
  await build.objective(w, { ownerId: w.org.users.member.id, departmentId: w.org.departmentIds.a }, approvalPeriod.id);
  const member = await callerFor(w.db, w.org.users.member.id);
  const request = await member.approval.request({
    orgSlug: w.org.slug,
    subjectType: "objective_set",
    subjectId: `${approvalPeriod.id}:${w.org.departmentIds.a}`,
  });
  const manager = await callerFor(w.db, w.org.users.manager.id);
  await manager.approval.comment({ orgSlug: w.org.slug, requestId: request.id, body: "Looking at it" });
  const delegation = await manager.approval.delegate({ orgSlug: w.org.slug, delegateId: w.other.id, startsOn: dayFromToday(0), endsOn: dayFromToday(5) });
  const [notification] = await w.db.select().from(notifications).where(eq(notifications.userId, w.org.users.manager.id)).limit(1);
  // the member's own notification preferences in A
  await member.notification.updatePreferences({ orgSlug: w.org.slug, preferences: [{ kind: "approvalDecided", inApp: true, email: false }] });
  // a campaign linked to the KR, with budget, spend, a result, a variant and a tracking link; an exchange rate
  const campaign = await c.campaign.create({
    orgSlug: w.org.slug,
    name: "A's campaign",
    ownerId: owner.userId,
    departmentId: w.org.departmentIds.a,
    channels: ["email", "social"],
    audienceTags: ["smb"],
    startsOn: "2030-01-01",
    endsOn: "2030-03-31",
    keyResultLinks: [{ keyResultId: kr.id, feedMetric: "leads" }],
  });
  await c.campaign.setBudgetLines({ orgSlug: w.org.slug, campaignId: campaign.id, version: campaign.version, lines: [{ channel: "email", amountMinor: 90_000 }] });
  const spend = await c.campaign.recordSpend({ orgSlug: w.org.slug, campaignId: campaign.id, spentOn: "2030-01-05", channel: "email", amountMinor: 1_000 });
  await c.campaign.recordResult({ orgSlug: w.org.slug, campaignId: campaign.id, metric: "leads", observedOn: "2030-01-06", value: 3 });
  const variant = await c.campaign.addVariant({ orgSlug: w.org.slug, campaignId: campaign.id, name: "A", exposures: 10, conversions: 1 });
  const utm = await c.campaign.createUtmLink({ orgSlug: w.org.slug, campaignId: campaign.id, landingUrl: "https://example.com/a", channel: "email" });
  await c.campaign.setRate({ orgSlug: w.org.slug, currency: "GBP", rate: "1.27", version: 0 });
  // a product in discovery linked to the objective, with plans, feedback and a custom stage with a criterion
  const product = await c.product.create({ orgSlug: w.org.slug, name: "A's product", ownerId: owner.userId, departmentId: w.org.departmentIds.a, objectiveIds: [kr.objective.id] });
  const productStage = await c.product.createStage({ orgSlug: w.org.slug, name: "A's stage" });
  const criterion = await c.product.createCriterion({ orgSlug: w.org.slug, stageId: productStage.id, label: "A's criterion" });
  const productDetail = await c.product.get({ orgSlug: w.org.slug, productId: product.id });
  const feedback = await c.product.addFeedback({ orgSlug: w.org.slug, productId: product.id, title: "A's idea", source: "customer", initiativeId: ini.id });
  // a risk linked to the objective, campaign and product, with a treatment action and an indicator on the KPI
  const risk = await c.risk.create({
    orgSlug: w.org.slug,
    title: "A's risk",
    category: "operational",
    ownerId: owner.userId,
    departmentId: w.org.departmentIds.a,
    links: { objectiveIds: [kr.objective.id], campaignIds: [campaign.id], productIds: [product.id] },
  });
  const riskAction = await c.risk.addAction({ orgSlug: w.org.slug, riskId: risk.id, title: "A's action" });
  const kri = await c.risk.addKri({ orgSlug: w.org.slug, riskId: risk.id, kind: "kpi", targetId: kpi.id });
  // a retro with a card in a group, an action, and an org template
  const retroTemplate = await c.retro.createTemplate({ orgSlug: w.org.slug, name: "A's template", columns: [{ key: "wind", label: "Wind" }] });
  const retro = await c.retro.create({ orgSlug: w.org.slug, title: "A's retro", facilitatorId: owner.userId, departmentIds: [w.org.departmentIds.a], participantIds: [w.org.users.member.id] });
  const retroCard = await c.retro.addCard({ orgSlug: w.org.slug, retroId: retro.id, columnKey: "start", body: "A's card" });
  const phased = await c.retro.setPhase({ orgSlug: w.org.slug, retroId: retro.id, version: retro.version, phase: "collect" });
  const r2 = await c.retro.setPhase({ orgSlug: w.org.slug, retroId: retro.id, version: phased.version, phase: "group" });
  const r3 = await c.retro.setPhase({ orgSlug: w.org.slug, retroId: retro.id, version: r2.version, phase: "vote" });
  const r4 = await c.retro.setPhase({ orgSlug: w.org.slug, retroId: retro.id, version: r3.version, phase: "discuss" });
  const retroView = await c.retro.get({ orgSlug: w.org.slug, retroId: retro.id });
  const retroGroupId = retroView.unchanged ? "" : retroView.groups[0]!.id;
  const retroAction = await c.retro.addAction({ orgSlug: w.org.slug, retroId: retro.id, title: "A's action" });
  const comment = await c.comment.add({ orgSlug: w.org.slug, entityType: "product", entityId: product.id, body: "A's comment", mentionIds: [w.org.users.member.id] });
  const apiKey = await c.apiKey.create({ orgSlug: w.org.slug, name: "A's key", role: "member", expiresOn: null });
  // a webhook (pointing where nothing listens) with one delivery: a test ping
  const webhook = await c.webhook.create({ orgSlug: w.org.slug, url: "http://127.0.0.1:9/a-hook", events: ["*"], format: "json", description: "A's hook" });
  const ping = await c.webhook.test({ orgSlug: w.org.slug, webhookId: webhook.webhook.id });
  return {
    apiKeyId: apiKey.id,
    webhookId: webhook.webhook.id,
    webhookVersion: webhook.webhook.version,
    webhookDeliveryId: ping.deliveryId,
    commentId: comment.id,
    retroId: retro.id,
    retroVersion: r4.version,
    retroCardId: retroCard.id,
    retroGroupId,
    retroActionId: retroAction.id,
    retroTemplateId: retroTemplate.id,
    riskId: risk.id,
    riskActionId: riskAction.id,
    kriId: kri.id,
    productId: product.id,
    productStageId: productStage.id,
    firstStageId: productDetail.stages[0]!.id,
    criterionId: criterion.id,
    checklistItemId: productDetail.checklist[0]!.id,
    feedbackId: feedback.id,
    campaignId: campaign.id,
    spendId: spend.id,
    variantId: variant.id,
    utmLinkId: utm.id,
    deptId: w.org.departmentIds.a,
    membershipId: viewerMembership!.id,
    invitationId: inv.id,
    invitationToken: inv.token,
    periodId: w.periodId,
    objectiveId: kr.objective.id,
    krId: kr.id,
    initiativeId: ini.id,
    dependencyId: dep.id,
    kpiId: kpi.id,
    kpiName: kpi.name,
    kpi2Name: kpi2.name,
    ownerId: owner.userId,
    memberEmail: w.org.users.member.email,
    approvalPeriodId: approvalPeriod.id,
    requestId: request.id,
    delegationId: delegation.id,
    notificationId: notification!.id,
  };
}

beforeAll(async () => {
  h = await createTestDb();
  A = await makeWorld(h.db, "tenant-a");
  B = await makeWorld(h.db, "tenant-b");
  a = await seedA(A);
  // Valid inputs for A (built now, so the throwaway rows they need exist before the snapshot).
  for (const p of ORG_PROCS) {
    const owner = whoFor(A, "owner");
    aSlugInputs.set(p.path, await caseFor(p.path).input(A, owner, mine(A, owner)));
  }
  aSnapshot = await snapshotOrg(h.db, A.org.orgId);
  aUuids = [...new Set(JSON.stringify(aSnapshot).match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [])];
});
afterAll(async () => h?.close());

type Expectation = "NOT_FOUND" | "BAD_REQUEST" | "OK";
interface Variant {
  note: string;
  input: Record<string, unknown>;
  expect: Expectation;
  /** For BAD_REQUEST: the field that must carry the error. */
  field?: string;
  /** For OK: the list that must be empty. */
  empty?: (r: unknown) => unknown[];
}

const bSlug = () => B.org.slug;
/** Empty organisations of B's owner made for the org.import variants (B's owner's own, not A's). */
const bImportTargets = new Set<string>();
const bOwner = () => whoFor(B, "owner");
const bMine = () => mine(B, bOwner());
const R = (r: unknown) => r as Record<string, unknown> & { items: unknown[] };

/** B's slug, A's ids. One entry per organisation procedure (a missing entry fails the suite). */
const CROSS: Record<string, () => Promise<Variant[]>> = {
  "org.get": async () => [{ note: "own org only", input: { orgSlug: bSlug() }, expect: "OK" }],
  "org.update": async () => {
    const [o] = await h.db.select().from(organizations).where(eq(organizations.id, B.org.orgId));
    return [{ note: "updates B only", input: { orgSlug: bSlug(), name: "B renamed", version: o!.version }, expect: "OK" }];
  },
  // B's own organisation only: nothing of A in the document (checked below for every OK variant).
  "org.export": async () => [{ note: "exports B only", input: { orgSlug: bSlug() }, expect: "OK" }],
  "org.import": async () => {
    // Into a new empty organisation of B's owner: a file whose rows point at A's rows is refused, and
    // nothing of A is read or changed (A's snapshot below).
    const target = await build.emptyOrgFor(B, bOwner());
    bImportTargets.add(target.slug);
    const doc = await build.smallExport(B);
    const [first] = doc.tables.departments!;
    const withA = (patch: Record<string, unknown>) => ({ ...doc, tables: { ...doc.tables, ...patch } });
    const comment = { id: crypto.randomUUID(), orgId: doc.org.id, entityType: "product", entityId: a.productId, authorId: null, body: "x", mentionIds: [], editedAt: null, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), version: 1 };
    return [
      { note: "a comment on A's product", input: { orgSlug: target.slug, document: withA({ comments: [comment] }) }, expect: "BAD_REQUEST" },
      { note: "a department under A's department", input: { orgSlug: target.slug, document: withA({ departments: [{ ...first, parentId: a.deptId }] }) }, expect: "BAD_REQUEST" },
      { note: "preferences of A's owner, who is not in the file", input: { orgSlug: target.slug, document: withA({ notificationPreferences: [{ orgId: doc.org.id, userId: a.ownerId, kind: "mention", inApp: true, email: true, updatedAt: new Date().toISOString() }] }) }, expect: "BAD_REQUEST" },
      { note: "B's own file into B's empty organisation", input: { orgSlug: target.slug, document: doc }, expect: "OK" },
    ];
  },
  "member.list": async () => [
    { note: "filter by A's department", input: { orgSlug: bSlug(), departmentId: a.deptId }, expect: "OK", empty: (r) => R(r).items },
    { note: "search A's member email", input: { orgSlug: bSlug(), search: a.memberEmail }, expect: "OK", empty: (r) => R(r).items },
  ],
  "member.updateRole": async () => [
    { note: "A's membership", input: { orgSlug: bSlug(), membershipId: a.membershipId, role: "member", version: 1 }, expect: "NOT_FOUND" },
  ],
  "member.setDepartments": async () => {
    const m = await build.member(B);
    return [
      { note: "A's membership", input: { orgSlug: bSlug(), membershipId: a.membershipId, version: 1, departments: [] }, expect: "NOT_FOUND" },
      {
        note: "B's membership into A's department",
        input: { orgSlug: bSlug(), membershipId: m.id, version: m.version, departments: [{ departmentId: a.deptId, isManager: true }] },
        expect: "BAD_REQUEST",
        field: "departments",
      },
    ];
  },
  "member.remove": async () => [{ note: "A's membership", input: { orgSlug: bSlug(), membershipId: a.membershipId }, expect: "NOT_FOUND" }],
  "department.list": async () => [{ note: "own departments only", input: { orgSlug: bSlug() }, expect: "OK" }],
  "department.create": async () => [
    { note: "under A's department", input: { orgSlug: bSlug(), name: `X ${uid()}`, parentId: a.deptId }, expect: "BAD_REQUEST", field: "parentId" },
  ],
  "department.update": async () => {
    const d = await build.department(B);
    return [
      { note: "A's department", input: { orgSlug: bSlug(), departmentId: a.deptId, name: "Stolen", parentId: null, version: 1 }, expect: "NOT_FOUND" },
      {
        note: "B's department under A's",
        input: { orgSlug: bSlug(), departmentId: d.id, name: d.name, parentId: a.deptId, version: d.version },
        expect: "BAD_REQUEST",
        field: "parentId",
      },
    ];
  },
  "department.delete": async () => [{ note: "A's department", input: { orgSlug: bSlug(), departmentId: a.deptId, version: 1 }, expect: "NOT_FOUND" }],
  "invitation.list": async () => [{ note: "own invitations only", input: { orgSlug: bSlug() }, expect: "OK" }],
  "invitation.create": async () => [
    {
      note: "into A's department",
      input: { orgSlug: bSlug(), email: `x-${uid()}@example.test`, role: "viewer", departmentIds: [a.deptId] },
      expect: "BAD_REQUEST",
      field: "departmentIds",
    },
    // A member of A is not a member of B: inviting them must work and reveal nothing.
    { note: "A's member's email", input: { orgSlug: bSlug(), email: a.memberEmail, role: "viewer", departmentIds: [] }, expect: "OK" },
  ],
  "invitation.revoke": async () => [{ note: "A's invitation", input: { orgSlug: bSlug(), invitationId: a.invitationId }, expect: "NOT_FOUND" }],
  "activity.list": async () => [
    { note: "A's owner as actor", input: { orgSlug: bSlug(), actorId: a.ownerId }, expect: "OK", empty: (r) => R(r).items },
    { note: "all of B's activity", input: { orgSlug: bSlug(), limit: 100 }, expect: "OK" },
  ],
  "period.list": async () => [{ note: "own periods only", input: { orgSlug: bSlug() }, expect: "OK" }],
  "period.create": async () => [{ note: "a period of B", input: { orgSlug: bSlug(), name: "2031" }, expect: "OK" }],
  "period.setStatus": async () => [{ note: "A's period", input: { orgSlug: bSlug(), periodId: a.periodId, status: "closed", version: 1 }, expect: "NOT_FOUND" }],
  "period.rollup": async () => [
    { note: "A's period", input: { orgSlug: bSlug(), periodId: a.periodId }, expect: "OK", empty: (r) => (r as { departments: unknown[] }).departments },
  ],
  "period.exportCsv": async () => [{ note: "A's period", input: { orgSlug: bSlug(), periodId: a.periodId }, expect: "NOT_FOUND" }],
  "period.importCsv": async () => {
    const ownerEmail = B.org.users.owner.email;
    const header = "objective,level,department,objective_owner,key_result,kr_owner,type,target";
    return [
      {
        note: "into A's period",
        input: { orgSlug: bSlug(), periodId: a.periodId, csv: `${header}\nX,company,,${ownerEmail},K,${ownerEmail},number,5\n` },
        expect: "BAD_REQUEST",
        field: "periodId",
      },
      {
        note: "owned by A's member",
        input: { orgSlug: bSlug(), periodId: B.periodId, csv: `${header}\nX,company,,${a.memberEmail},K,${a.memberEmail},number,5\n` },
        expect: "BAD_REQUEST",
      },
    ];
  },
  "objective.list": async () => [{ note: "A's period", input: { orgSlug: bSlug(), periodId: a.periodId }, expect: "OK", empty: (r) => r as unknown[] }],
  "objective.tree": async () => [
    { note: "A's period", input: { orgSlug: bSlug(), periodId: a.periodId }, expect: "OK", empty: (r) => (r as { nodes: unknown[] }).nodes },
  ],
  "objective.get": async () => [{ note: "A's objective", input: { orgSlug: bSlug(), objectiveId: a.objectiveId }, expect: "NOT_FOUND" }],
  "objective.create": async () => {
    const base = { orgSlug: bSlug(), periodId: B.periodId, title: "Cross", level: "company", ownerId: bOwner().userId };
    return [
      { note: "in A's period", input: { ...base, periodId: a.periodId }, expect: "BAD_REQUEST", field: "periodId" },
      { note: "aligned under A's objective", input: { ...base, parentIds: [a.objectiveId] }, expect: "BAD_REQUEST", field: "parentIds" },
      { note: "owned by A's owner", input: { ...base, ownerId: a.ownerId }, expect: "BAD_REQUEST", field: "ownerId" },
      { note: "in A's department", input: { ...base, level: "department", departmentId: a.deptId }, expect: "BAD_REQUEST", field: "departmentId" },
    ];
  },
  "objective.update": async () => {
    const o = await build.objective(B, bMine());
    const fields = { title: "Cross", level: "department", ownerId: o.ownerId, departmentId: o.departmentId };
    return [
      { note: "A's objective", input: { orgSlug: bSlug(), objectiveId: a.objectiveId, version: 1, ...fields }, expect: "NOT_FOUND" },
      {
        note: "B's objective under A's",
        input: { orgSlug: bSlug(), objectiveId: o.id, version: o.version, ...fields, parentIds: [a.objectiveId] },
        expect: "BAD_REQUEST",
        field: "parentIds",
      },
    ];
  },
  "objective.setStatus": async () => [
    { note: "A's objective", input: { orgSlug: bSlug(), objectiveId: a.objectiveId, status: "cancelled", version: 1 }, expect: "NOT_FOUND" },
  ],
  "objective.delete": async () => [{ note: "A's objective", input: { orgSlug: bSlug(), objectiveId: a.objectiveId }, expect: "NOT_FOUND" }],
  "keyResult.mine": async () => [{ note: "own KRs only", input: { orgSlug: bSlug() }, expect: "OK" }],
  "keyResult.checkIns": async () => [{ note: "A's KR", input: { orgSlug: bSlug(), keyResultId: a.krId }, expect: "NOT_FOUND" }],
  "keyResult.create": async () => {
    const o = await build.objective(B, bMine());
    const base = { orgSlug: bSlug(), objectiveId: o.id, title: "K", ownerId: bOwner().userId, type: "number", targetValue: 5 };
    return [
      { note: "on A's objective", input: { ...base, objectiveId: a.objectiveId }, expect: "NOT_FOUND" },
      { note: "tracking A's KPI", input: { ...base, kpiId: a.kpiId }, expect: "BAD_REQUEST", field: "kpiId" },
      { note: "owned by A's owner", input: { ...base, ownerId: a.ownerId }, expect: "BAD_REQUEST", field: "ownerId" },
    ];
  },
  "keyResult.update": async () => {
    const kr = await build.keyResult(B, bMine());
    const fields = { title: "K", ownerId: bOwner().userId, type: "number", targetValue: 5 };
    return [
      { note: "A's KR", input: { orgSlug: bSlug(), keyResultId: a.krId, version: 1, ...fields }, expect: "NOT_FOUND" },
      { note: "B's KR tracking A's KPI", input: { orgSlug: bSlug(), keyResultId: kr.id, version: kr.version, ...fields, kpiId: a.kpiId }, expect: "BAD_REQUEST", field: "kpiId" },
    ];
  },
  "keyResult.delete": async () => [{ note: "A's KR", input: { orgSlug: bSlug(), keyResultId: a.krId }, expect: "NOT_FOUND" }],
  "keyResult.checkIn": async () => [{ note: "A's KR", input: { orgSlug: bSlug(), keyResultId: a.krId, value: 9, confidence: 9 }, expect: "NOT_FOUND" }],
  "keyResult.grade": async () => [{ note: "A's KR", input: { orgSlug: bSlug(), keyResultId: a.krId, version: 1, grade: 0 }, expect: "NOT_FOUND" }],
  "initiative.create": async () => {
    const kr = await build.keyResult(B, bMine());
    return [
      { note: "on A's KR", input: { orgSlug: bSlug(), keyResultId: a.krId, title: "I" }, expect: "NOT_FOUND" },
      { note: "owned by A's owner", input: { orgSlug: bSlug(), keyResultId: kr.id, title: "I", ownerId: a.ownerId }, expect: "BAD_REQUEST", field: "ownerId" },
    ];
  },
  "initiative.update": async () => [{ note: "A's initiative", input: { orgSlug: bSlug(), initiativeId: a.initiativeId, version: 1, title: "I" }, expect: "NOT_FOUND" }],
  "initiative.delete": async () => [{ note: "A's initiative", input: { orgSlug: bSlug(), initiativeId: a.initiativeId }, expect: "NOT_FOUND" }],
  "dependency.list": async () => [{ note: "own dependencies only", input: { orgSlug: bSlug() }, expect: "OK" }],
  "dependency.request": async () => {
    const kr = await build.keyResult(B, bMine());
    const base = { orgSlug: bSlug(), keyResultId: kr.id, toDepartmentId: B.org.departmentIds.b, what: "W", neededBy: "2030-03-01" };
    return [
      { note: "from A's KR", input: { ...base, keyResultId: a.krId }, expect: "NOT_FOUND" },
      { note: "to A's department", input: { ...base, toDepartmentId: a.deptId }, expect: "BAD_REQUEST", field: "toDepartmentId" },
      { note: "for A's initiative", input: { ...base, initiativeId: a.initiativeId }, expect: "BAD_REQUEST", field: "initiativeId" },
    ];
  },
  "dependency.decide": async () => [
    { note: "A's dependency", input: { orgSlug: bSlug(), dependencyId: a.dependencyId, version: 1, decision: "accepted" }, expect: "NOT_FOUND" },
  ],
  "kpi.list": async () => [{ note: "own KPIs only", input: { orgSlug: bSlug() }, expect: "OK" }],
  "kpi.create": async () => {
    const base = { orgSlug: bSlug(), name: `K ${uid()}`, greenThreshold: 2, amberThreshold: 1 };
    return [
      { note: "in A's department", input: { ...base, departmentId: a.deptId }, expect: "BAD_REQUEST", field: "departmentId" },
      { note: "owned by A's owner", input: { ...base, ownerId: a.ownerId }, expect: "BAD_REQUEST", field: "ownerId" },
      // KPI names are unique per organisation, not globally: A's name is free in B and says nothing about A.
      { note: "with A's KPI name", input: { ...base, name: a.kpiName }, expect: "OK" },
    ];
  },
  "kpi.update": async () => [
    { note: "A's KPI", input: { orgSlug: bSlug(), kpiId: a.kpiId, version: 1, name: "Stolen", greenThreshold: 2, amberThreshold: 1 }, expect: "NOT_FOUND" },
  ],
  "kpi.delete": async () => [{ note: "A's KPI", input: { orgSlug: bSlug(), kpiId: a.kpiId }, expect: "NOT_FOUND" }],
  "kpi.recordValue": async () => [
    { note: "A's KPI", input: { orgSlug: bSlug(), kpiId: a.kpiId, observedOn: "2030-01-01", value: 1 }, expect: "NOT_FOUND" },
  ],
  "kpi.importValuesCsv": async () => [
    { note: "A's KPI by name", input: { orgSlug: bSlug(), csv: `kpi,date,value\n${a.kpi2Name},2030-01-01,1\n` }, expect: "BAD_REQUEST" },
  ],
  "objective.approvalState": async () => [
    { note: "A's period", input: { orgSlug: bSlug(), periodId: a.periodId }, expect: "OK", empty: (r) => r as unknown[] },
    { note: "A's approval period", input: { orgSlug: bSlug(), periodId: a.approvalPeriodId }, expect: "OK", empty: (r) => r as unknown[] },
  ],
  "approval.inbox": async () => [
    // B has no approval requests at all
    { note: "everything", input: { orgSlug: bSlug(), box: "all" }, expect: "OK", empty: (r) => R(r).items },
    { note: "waiting", input: { orgSlug: bSlug(), box: "waiting" }, expect: "OK", empty: (r) => R(r).items },
    { note: "OKR sets", input: { orgSlug: bSlug(), box: "all", subjectType: "objective_set", status: "pending" }, expect: "OK", empty: (r) => R(r).items },
  ],
  "approval.counts": async () => [{ note: "B's only", input: { orgSlug: bSlug() }, expect: "OK" }],
  "approval.get": async () => [{ note: "A's request", input: { orgSlug: bSlug(), requestId: a.requestId }, expect: "NOT_FOUND" }],
  "approval.request": async () => [
    {
      note: "A's OKR set",
      input: { orgSlug: bSlug(), subjectType: "objective_set", subjectId: `${a.approvalPeriodId}:${a.deptId}` },
      expect: "NOT_FOUND",
    },
    {
      note: "B's period, A's department",
      input: { orgSlug: bSlug(), subjectType: "objective_set", subjectId: `${B.periodId}:${a.deptId}` },
      expect: "NOT_FOUND",
    },
    { note: "A's campaign launch", input: { orgSlug: bSlug(), subjectType: "campaign_launch", subjectId: a.campaignId }, expect: "NOT_FOUND" },
    { note: "A's campaign budget", input: { orgSlug: bSlug(), subjectType: "campaign_budget", subjectId: a.campaignId }, expect: "NOT_FOUND" },
    {
      note: "A's period, B's department",
      input: { orgSlug: bSlug(), subjectType: "objective_set", subjectId: `${a.approvalPeriodId}:${B.org.departmentIds.a}` },
      expect: "NOT_FOUND",
    },
  ],
  "approval.decide": async () => [
    { note: "approve A's request", input: { orgSlug: bSlug(), requestId: a.requestId, decision: "approve" }, expect: "NOT_FOUND" },
    { note: "reject A's request", input: { orgSlug: bSlug(), requestId: a.requestId, decision: "reject", comment: "No" }, expect: "NOT_FOUND" },
  ],
  "approval.cancel": async () => [{ note: "A's request", input: { orgSlug: bSlug(), requestId: a.requestId }, expect: "NOT_FOUND" }],
  "approval.comment": async () => [
    { note: "on A's request", input: { orgSlug: bSlug(), requestId: a.requestId, body: "Hi" }, expect: "NOT_FOUND" },
    { note: "on A's request, mentioning A's member", input: { orgSlug: bSlug(), requestId: a.requestId, body: "Hi @Member", mentionIds: [A.org.users.member.id] }, expect: "NOT_FOUND" },
  ],
  "approval.delegations": async () => [{ note: "B's owner's only", input: { orgSlug: bSlug() }, expect: "OK", empty: (r) => r as unknown[] }],
  "approval.delegate": async () => [
    {
      note: "to A's member",
      input: { orgSlug: bSlug(), delegateId: A.org.users.member.id, startsOn: dayFromToday(0), endsOn: dayFromToday(3) },
      expect: "BAD_REQUEST",
      field: "delegateId",
    },
  ],
  "approval.revokeDelegation": async () => [{ note: "A's delegation", input: { orgSlug: bSlug(), delegationId: a.delegationId }, expect: "NOT_FOUND" }],
  "approval.settings": async () => [{ note: "B's settings", input: { orgSlug: bSlug() }, expect: "OK" }],
  "approval.updateSettings": async () => {
    const [row] = await h.db.select().from(approvalSettings).where(eq(approvalSettings.orgId, B.org.orgId));
    return [
      {
        note: "updates B's only",
        input: { orgSlug: bSlug(), slaDays: 9, okrTwoStep: true, adminsMayOverride: true, version: row?.version ?? 0 },
        expect: "OK",
      },
    ];
  },
  "campaign.list": async () => [
    { note: "filter by A's department", input: { orgSlug: bSlug(), departmentId: a.deptId }, expect: "OK", empty: (r) => R(r).items },
    { note: "filter by A's owner", input: { orgSlug: bSlug(), ownerId: a.ownerId }, expect: "OK", empty: (r) => R(r).items },
    { note: "search A's campaign name", input: { orgSlug: bSlug(), search: "A's campaign" }, expect: "OK", empty: (r) => R(r).items },
  ],
  "campaign.calendar": async () => [
    { note: "A's dates", input: { orgSlug: bSlug(), from: "2030-01-01", to: "2030-03-31" }, expect: "OK", empty: (r) => R(r).items },
    { note: "A's department", input: { orgSlug: bSlug(), from: "2030-01-01", to: "2030-03-31", departmentId: a.deptId }, expect: "OK", empty: (r) => R(r).items },
  ],
  "campaign.get": async () => [{ note: "A's campaign", input: { orgSlug: bSlug(), campaignId: a.campaignId }, expect: "NOT_FOUND" }],
  "campaign.exportCsv": async () => [
    { note: "everything of B", input: { orgSlug: bSlug() }, expect: "OK" },
    { note: "A's owner", input: { orgSlug: bSlug(), ownerId: a.ownerId }, expect: "OK" },
  ],
  // (B's own rates only: the leak check below finds no id of A's rate)
  "campaign.settings": async () => [{ note: "B's settings and rates", input: { orgSlug: bSlug() }, expect: "OK" }],
  "campaign.create": async () => {
    const base = { orgSlug: bSlug(), name: "Cross", ownerId: bOwner().userId, channels: ["email"], startsOn: "2030-01-01", endsOn: "2030-01-31" };
    return [
      { note: "owned by A's owner", input: { ...base, ownerId: a.ownerId }, expect: "BAD_REQUEST", field: "ownerId" },
      { note: "in A's department", input: { ...base, departmentId: a.deptId }, expect: "BAD_REQUEST", field: "departmentId" },
      { note: "A's member in the team", input: { ...base, teamMemberIds: [A.org.users.member.id] }, expect: "BAD_REQUEST", field: "teamMemberIds" },
      { note: "linked to A's KR", input: { ...base, keyResultLinks: [{ keyResultId: a.krId, feedMetric: "leads" }] }, expect: "BAD_REQUEST", field: "keyResultLinks" },
    ];
  },
  "campaign.update": async () => {
    const mineB = await build.campaign(B, bMine());
    const fields = { name: "Cross", ownerId: mineB.ownerId, departmentId: mineB.departmentId, channels: ["email"], startsOn: "2030-01-01", endsOn: "2030-01-31" };
    return [
      { note: "A's campaign", input: { orgSlug: bSlug(), campaignId: a.campaignId, version: 1, ...fields }, expect: "NOT_FOUND" },
      {
        note: "B's campaign linked to A's KR",
        input: { orgSlug: bSlug(), campaignId: mineB.id, version: mineB.version, ...fields, keyResultLinks: [{ keyResultId: a.krId }] },
        expect: "BAD_REQUEST",
        field: "keyResultLinks",
      },
    ];
  },
  "campaign.reschedule": async () => [
    { note: "A's campaign", input: { orgSlug: bSlug(), campaignId: a.campaignId, version: 1, startsOn: "2030-01-02", endsOn: "2030-02-01" }, expect: "NOT_FOUND" },
  ],
  "campaign.setStatus": async () => [{ note: "A's campaign", input: { orgSlug: bSlug(), campaignId: a.campaignId, status: "cancelled", version: 1 }, expect: "NOT_FOUND" }],
  "campaign.delete": async () => [{ note: "A's campaign", input: { orgSlug: bSlug(), campaignId: a.campaignId }, expect: "NOT_FOUND" }],
  "campaign.clone": async () => [{ note: "A's campaign", input: { orgSlug: bSlug(), campaignId: a.campaignId, startsOn: "2030-06-01" }, expect: "NOT_FOUND" }],
  "campaign.setBudgetLines": async () => [
    { note: "A's campaign", input: { orgSlug: bSlug(), campaignId: a.campaignId, version: 2, lines: [{ channel: "email", amountMinor: 1 }] }, expect: "NOT_FOUND" },
  ],
  "campaign.recordSpend": async () => [
    { note: "on A's campaign", input: { orgSlug: bSlug(), campaignId: a.campaignId, spentOn: "2030-01-09", channel: "email", amountMinor: 5 }, expect: "NOT_FOUND" },
  ],
  "campaign.deleteSpend": async () => [{ note: "A's spend", input: { orgSlug: bSlug(), spendId: a.spendId }, expect: "NOT_FOUND" }],
  "campaign.recordResult": async () => [
    { note: "on A's campaign", input: { orgSlug: bSlug(), campaignId: a.campaignId, metric: "leads", observedOn: "2030-01-09", value: 5 }, expect: "NOT_FOUND" },
  ],
  "campaign.addVariant": async () => [{ note: "on A's campaign", input: { orgSlug: bSlug(), campaignId: a.campaignId, name: "B" }, expect: "NOT_FOUND" }],
  "campaign.updateVariant": async () => [
    { note: "A's variant", input: { orgSlug: bSlug(), variantId: a.variantId, version: 1, name: "X", exposures: 5, conversions: 1 }, expect: "NOT_FOUND" },
  ],
  "campaign.deleteVariant": async () => [{ note: "A's variant", input: { orgSlug: bSlug(), variantId: a.variantId }, expect: "NOT_FOUND" }],
  "campaign.createUtmLink": async () => [
    { note: "on A's campaign", input: { orgSlug: bSlug(), campaignId: a.campaignId, landingUrl: "https://example.com/", channel: "email" }, expect: "NOT_FOUND" },
  ],
  "campaign.deleteUtmLink": async () => [{ note: "A's link", input: { orgSlug: bSlug(), utmLinkId: a.utmLinkId }, expect: "NOT_FOUND" }],
  "campaign.updateSettings": async () => [
    {
      note: "updates B's only",
      input: { orgSlug: bSlug(), baseCurrency: "USD", approvalThresholdMinor: 5_000_000, channels: ["email", "wechat"], version: 0 },
      expect: "OK",
    },
  ],
  "campaign.setRate": async () => [{ note: "B's rate for A's currency", input: { orgSlug: bSlug(), currency: "GBP", rate: "9.1", version: 0 }, expect: "OK" }],
  "product.stages": async () => [{ note: "B's own lifecycle", input: { orgSlug: bSlug() }, expect: "OK" }],
  "product.list": async () => [
    { note: "filtered by A's stage", input: { orgSlug: bSlug(), stageId: a.firstStageId }, expect: "OK", empty: (r) => r as unknown[] },
    { note: "filtered by A's owner", input: { orgSlug: bSlug(), ownerId: a.ownerId }, expect: "OK", empty: (r) => r as unknown[] },
  ],
  "product.get": async () => [{ note: "A's product", input: { orgSlug: bSlug(), productId: a.productId }, expect: "NOT_FOUND" }],
  "product.roadmap": async () => [{ note: "B's roadmap", input: { orgSlug: bSlug(), year: 2030 }, expect: "OK" }],
  "product.funnel": async () => [{ note: "B's funnel", input: { orgSlug: bSlug() }, expect: "OK" }],
  "product.create": async () => {
    const base = { orgSlug: bSlug(), name: `Cross ${Math.random()}`, ownerId: bOwner().userId };
    return [
      { note: "owned by A's owner", input: { ...base, ownerId: a.ownerId }, expect: "BAD_REQUEST", field: "ownerId" },
      { note: "in A's department", input: { ...base, departmentId: a.deptId }, expect: "BAD_REQUEST", field: "departmentId" },
      { note: "linked to A's objective", input: { ...base, objectiveIds: [a.objectiveId] }, expect: "BAD_REQUEST", field: "objectiveIds" },
      { note: "in A's stage", input: { ...base, stageId: a.firstStageId }, expect: "BAD_REQUEST", field: "stageId" },
    ];
  },
  "product.update": async () => {
    const mineB = await build.product(B, bMine());
    const fields = { name: `Cross ${Math.random()}`, ownerId: mineB.ownerId, departmentId: mineB.departmentId };
    return [
      { note: "A's product", input: { orgSlug: bSlug(), productId: a.productId, version: 1, ...fields }, expect: "NOT_FOUND" },
      { note: "B's product linked to A's objective", input: { orgSlug: bSlug(), productId: mineB.id, version: mineB.version, ...fields, objectiveIds: [a.objectiveId] }, expect: "BAD_REQUEST", field: "objectiveIds" },
    ];
  },
  "product.delete": async () => [{ note: "A's product", input: { orgSlug: bSlug(), productId: a.productId }, expect: "NOT_FOUND" }],
  "product.advanceStage": async () => {
    const mineB = await build.product(B, bMine(), { complete: true });
    return [
      { note: "A's product", input: { orgSlug: bSlug(), productId: a.productId, version: 1 }, expect: "NOT_FOUND" },
      { note: "B's product to A's stage", input: { orgSlug: bSlug(), productId: mineB.id, version: mineB.version, toStageId: a.productStageId, overrideReason: "skip" }, expect: "BAD_REQUEST", field: "toStageId" },
    ];
  },
  "product.moveBack": async () => {
    const mineB = await build.product(B, bMine(), { stageIndex: 1 });
    return [
      { note: "A's product", input: { orgSlug: bSlug(), productId: a.productId, version: 1, toStageId: a.firstStageId, reason: "x" }, expect: "NOT_FOUND" },
      { note: "B's product to A's stage", input: { orgSlug: bSlug(), productId: mineB.id, version: mineB.version, toStageId: a.firstStageId, reason: "x" }, expect: "BAD_REQUEST", field: "toStageId" },
    ];
  },
  "product.checkItem": async () => [{ note: "A's checklist item", input: { orgSlug: bSlug(), itemId: a.checklistItemId, version: 1, checked: true }, expect: "NOT_FOUND" }],
  "product.setStagePlans": async () => {
    const mineB = await build.product(B, bMine());
    return [
      { note: "A's product", input: { orgSlug: bSlug(), productId: a.productId, version: 1, plans: [] }, expect: "NOT_FOUND" },
      { note: "B's product planned in A's stage", input: { orgSlug: bSlug(), productId: mineB.id, version: mineB.version, plans: [{ stageId: a.firstStageId, plannedStartOn: "2030-01-01" }] }, expect: "BAD_REQUEST", field: "plans.0.stageId" },
    ];
  },
  "product.createStage": async () => [{ note: "after A's stage", input: { orgSlug: bSlug(), name: `Cross ${Math.random()}`, afterStageId: a.productStageId }, expect: "BAD_REQUEST", field: "afterStageId" }],
  "product.renameStage": async () => [{ note: "A's stage", input: { orgSlug: bSlug(), stageId: a.productStageId, version: 1, name: "Cross" }, expect: "NOT_FOUND" }],
  "product.reorderStages": async () => [{ note: "A's stages", input: { orgSlug: bSlug(), stageIds: [a.productStageId, a.firstStageId] }, expect: "BAD_REQUEST", field: "stageIds" }],
  "product.removeStage": async () => [{ note: "A's stage", input: { orgSlug: bSlug(), stageId: a.productStageId, version: 1 }, expect: "NOT_FOUND" }],
  "product.createCriterion": async () => [{ note: "on A's stage", input: { orgSlug: bSlug(), stageId: a.productStageId, label: "Cross" }, expect: "BAD_REQUEST", field: "stageId" }],
  "product.updateCriterion": async () => [{ note: "A's criterion", input: { orgSlug: bSlug(), criterionId: a.criterionId, version: 1, label: "Cross" }, expect: "NOT_FOUND" }],
  "product.deleteCriterion": async () => [{ note: "A's criterion", input: { orgSlug: bSlug(), criterionId: a.criterionId }, expect: "NOT_FOUND" }],
  "product.addFeedback": async () => {
    const mineB = await build.product(B, bMine());
    return [
      { note: "on A's product", input: { orgSlug: bSlug(), productId: a.productId, title: "Cross", source: "customer" }, expect: "NOT_FOUND" },
      { note: "linked to A's initiative", input: { orgSlug: bSlug(), productId: mineB.id, title: "Cross", source: "customer", initiativeId: a.initiativeId }, expect: "BAD_REQUEST", field: "initiativeId" },
      { note: "linked to A's KR", input: { orgSlug: bSlug(), productId: mineB.id, title: "Cross", source: "customer", keyResultId: a.krId }, expect: "BAD_REQUEST", field: "keyResultId" },
    ];
  },
  "product.updateFeedback": async () => [
    { note: "A's feedback", input: { orgSlug: bSlug(), feedbackId: a.feedbackId, version: 1, title: "Cross", source: "customer", status: "done" }, expect: "NOT_FOUND" },
  ],
  "product.deleteFeedback": async () => [{ note: "A's feedback", input: { orgSlug: bSlug(), feedbackId: a.feedbackId }, expect: "NOT_FOUND" }],
  "product.vote": async () => [{ note: "A's feedback", input: { orgSlug: bSlug(), feedbackId: a.feedbackId, vote: true }, expect: "NOT_FOUND" }],
  "risk.list": async () => [{ note: "filtered by A's owner", input: { orgSlug: bSlug(), ownerId: a.ownerId }, expect: "OK", empty: (r) => (r as { items: unknown[] }).items }],
  "risk.get": async () => [{ note: "A's risk", input: { orgSlug: bSlug(), riskId: a.riskId }, expect: "NOT_FOUND" }],
  "risk.heatMap": async () => [{ note: "B's heat map", input: { orgSlug: bSlug() }, expect: "OK" }],
  "risk.movement": async () => [{ note: "B's movement", input: { orgSlug: bSlug(), from: "2020-01-01", to: "2040-01-01" }, expect: "OK", empty: (r) => (r as { moves: unknown[] }).moves.filter((m) => (m as { riskId: string }).riskId === a.riskId) }],
  "risk.exportCsv": async () => [{ note: "filtered by A's owner", input: { orgSlug: bSlug(), ownerId: a.ownerId }, expect: "OK" }],
  "risk.settings": async () => [{ note: "B's settings", input: { orgSlug: bSlug() }, expect: "OK" }],
  "risk.create": async () => {
    const base = { orgSlug: bSlug(), title: "Cross", category: "operational", ownerId: bOwner().userId };
    return [
      { note: "owned by A's owner", input: { ...base, ownerId: a.ownerId }, expect: "BAD_REQUEST", field: "ownerId" },
      { note: "in A's department", input: { ...base, departmentId: a.deptId }, expect: "BAD_REQUEST", field: "departmentId" },
      { note: "linked to A's objective", input: { ...base, links: { objectiveIds: [a.objectiveId] } }, expect: "BAD_REQUEST", field: "links.objectiveIds" },
      { note: "linked to A's campaign", input: { ...base, links: { campaignIds: [a.campaignId] } }, expect: "BAD_REQUEST", field: "links.campaignIds" },
      { note: "linked to A's product", input: { ...base, links: { productIds: [a.productId] } }, expect: "BAD_REQUEST", field: "links.productIds" },
    ];
  },
  "risk.update": async () => {
    const mineB = await build.risk(B, bMine());
    const fields = { title: "Cross", category: "operational", ownerId: mineB.ownerId, departmentId: mineB.departmentId };
    return [
      { note: "A's risk", input: { orgSlug: bSlug(), riskId: a.riskId, version: 1, ...fields }, expect: "NOT_FOUND" },
      { note: "B's risk linked to A's product", input: { orgSlug: bSlug(), riskId: mineB.id, version: mineB.version, ...fields, links: { productIds: [a.productId] } }, expect: "BAD_REQUEST", field: "links.productIds" },
    ];
  },
  "risk.delete": async () => [{ note: "A's risk", input: { orgSlug: bSlug(), riskId: a.riskId }, expect: "NOT_FOUND" }],
  "risk.assess": async () => [
    { note: "A's risk", input: { orgSlug: bSlug(), riskId: a.riskId, version: 1, inherentLikelihood: 3, inherentImpact: 3, residualLikelihood: 2, residualImpact: 2 }, expect: "NOT_FOUND" },
  ],
  "risk.setTreatment": async () => [{ note: "A's risk", input: { orgSlug: bSlug(), riskId: a.riskId, version: 1, strategy: "mitigate" }, expect: "NOT_FOUND" }],
  "risk.setStatus": async () => [{ note: "A's risk", input: { orgSlug: bSlug(), riskId: a.riskId, version: 1, status: "closed", reason: "x" }, expect: "NOT_FOUND" }],
  "risk.addAction": async () => {
    const mineB = await build.risk(B, bMine());
    return [
      { note: "on A's risk", input: { orgSlug: bSlug(), riskId: a.riskId, title: "Cross" }, expect: "NOT_FOUND" },
      { note: "owned by A's owner", input: { orgSlug: bSlug(), riskId: mineB.id, title: "Cross", ownerId: a.ownerId }, expect: "BAD_REQUEST", field: "ownerId" },
    ];
  },
  "risk.updateAction": async () => [{ note: "A's action", input: { orgSlug: bSlug(), actionId: a.riskActionId, version: 1, title: "Cross" }, expect: "NOT_FOUND" }],
  "risk.deleteAction": async () => [{ note: "A's action", input: { orgSlug: bSlug(), actionId: a.riskActionId }, expect: "NOT_FOUND" }],
  "risk.requestAcceptance": async () => [
    { note: "A's risk", input: { orgSlug: bSlug(), riskId: a.riskId, version: 1, justification: "x", expiresOn: "2099-01-01" }, expect: "NOT_FOUND" },
  ],
  "risk.addKri": async () => {
    const mineB = await build.risk(B, bMine());
    return [
      { note: "on A's risk", input: { orgSlug: bSlug(), riskId: a.riskId, kind: "kpi", targetId: a.kpiId }, expect: "NOT_FOUND" },
      { note: "watching A's KPI", input: { orgSlug: bSlug(), riskId: mineB.id, kind: "kpi", targetId: a.kpiId }, expect: "BAD_REQUEST", field: "targetId" },
      { note: "watching A's KR", input: { orgSlug: bSlug(), riskId: mineB.id, kind: "key_result", targetId: a.krId }, expect: "BAD_REQUEST", field: "targetId" },
      { note: "watching A's campaign", input: { orgSlug: bSlug(), riskId: mineB.id, kind: "campaign", targetId: a.campaignId }, expect: "BAD_REQUEST", field: "targetId" },
    ];
  },
  "risk.removeKri": async () => [{ note: "A's indicator", input: { orgSlug: bSlug(), kriId: a.kriId }, expect: "NOT_FOUND" }],
  "risk.importCsv": async () => [
    { note: "owned by A's member", input: { orgSlug: bSlug(), csv: `title,category,owner\nX,operational,${a.memberEmail}\n` }, expect: "BAD_REQUEST" },
    { note: "in A's department", input: { orgSlug: bSlug(), csv: `title,category,owner,department\nX,operational,${B.org.users.owner.email},Audited dept\n` }, expect: "BAD_REQUEST" },
  ],
  "comment.list": async () => [{ note: "on A's risk", input: { orgSlug: bSlug(), entityType: "risk", entityId: a.riskId }, expect: "NOT_FOUND" }],
  "comment.add": async () => {
    const mineB = await build.product(B, bMine());
    return [
      { note: "on A's objective", input: { orgSlug: bSlug(), entityType: "objective", entityId: a.objectiveId, body: "x" }, expect: "NOT_FOUND" },
      { note: "on A's campaign", input: { orgSlug: bSlug(), entityType: "campaign", entityId: a.campaignId, body: "x" }, expect: "NOT_FOUND" },
      { note: "mentioning A's member", input: { orgSlug: bSlug(), entityType: "product", entityId: mineB.id, body: "x", mentionIds: [A.org.users.member.id] }, expect: "BAD_REQUEST", field: "mentionIds" },
    ];
  },
  "webhook.list": async () => [
    { note: "B's hooks only", input: { orgSlug: bSlug() }, expect: "OK", empty: (r) => (r as { id: string }[]).filter((h) => h.id === a.webhookId) },
  ],
  "webhook.get": async () => [{ note: "A's webhook", input: { orgSlug: bSlug(), webhookId: a.webhookId }, expect: "NOT_FOUND" }],
  "webhook.deliveries": async () => [{ note: "A's webhook", input: { orgSlug: bSlug(), webhookId: a.webhookId }, expect: "NOT_FOUND" }],
  "webhook.create": async () => [
    { note: "B's own hook", input: { orgSlug: bSlug(), url: "http://127.0.0.1:9/b-hook", events: ["*"] }, expect: "OK" },
  ],
  "webhook.update": async () => [
    { note: "A's webhook", input: { orgSlug: bSlug(), webhookId: a.webhookId, version: a.webhookVersion, url: "http://127.0.0.1:9/x", events: ["*"], active: true }, expect: "NOT_FOUND" },
  ],
  "webhook.rotateSecret": async () => [{ note: "A's webhook", input: { orgSlug: bSlug(), webhookId: a.webhookId, version: a.webhookVersion }, expect: "NOT_FOUND" }],
  "webhook.delete": async () => [{ note: "A's webhook", input: { orgSlug: bSlug(), webhookId: a.webhookId }, expect: "NOT_FOUND" }],
  "webhook.test": async () => [{ note: "A's webhook", input: { orgSlug: bSlug(), webhookId: a.webhookId }, expect: "NOT_FOUND" }],
  "webhook.redeliver": async () => [{ note: "A's delivery", input: { orgSlug: bSlug(), deliveryId: a.webhookDeliveryId }, expect: "NOT_FOUND" }],
  "comment.update": async () => [{ note: "A's comment", input: { orgSlug: bSlug(), commentId: a.commentId, version: 1, body: "x" }, expect: "NOT_FOUND" }],
  "comment.delete": async () => [{ note: "A's comment", input: { orgSlug: bSlug(), commentId: a.commentId }, expect: "NOT_FOUND" }],
  "apiKey.list": async () => [{ note: "B's keys only", input: { orgSlug: bSlug() }, expect: "OK", empty: (r) => (r as { id: string }[]).filter((k) => k.id === a.apiKeyId) }],
  "apiKey.create": async () => [{ note: "B's own", input: { orgSlug: bSlug(), name: "A's key", role: "viewer", expiresOn: null }, expect: "OK" }],
  "apiKey.revoke": async () => [{ note: "A's key", input: { orgSlug: bSlug(), apiKeyId: a.apiKeyId }, expect: "NOT_FOUND" }],
  "dashboard.myWork": async () => [
    {
      note: "B's owner's own work",
      input: { orgSlug: bSlug() },
      expect: "OK",
      empty: (r) => {
        const w = r as { keyResults: { id: string }[]; actions: { id: string }[]; risks: { id: string }[]; campaigns: { id: string }[] };
        return [...w.keyResults.filter((k) => k.id === a.krId), ...w.risks.filter((x) => x.id === a.riskId), ...w.campaigns.filter((c) => c.id === a.campaignId), ...w.actions.filter((x) => x.id === a.retroActionId)];
      },
    },
  ],
  "review.get": async () => [{ note: "A's period", input: { orgSlug: bSlug(), periodId: a.periodId }, expect: "NOT_FOUND" }],
  "review.markdown": async () => [{ note: "A's period", input: { orgSlug: bSlug(), periodId: a.periodId }, expect: "NOT_FOUND" }],
  "review.prefillPreview": async () => [
    { note: "A's period", input: { orgSlug: bSlug(), periodId: a.periodId }, expect: "NOT_FOUND" },
    { note: "A's retro in B's period", input: { orgSlug: bSlug(), periodId: B.periodId, retroId: a.retroId }, expect: "NOT_FOUND" },
  ],
  "review.prefillRetro": async () => [
    { note: "A's period", input: { orgSlug: bSlug(), periodId: a.periodId }, expect: "NOT_FOUND" },
    { note: "A's retro in B's period", input: { orgSlug: bSlug(), periodId: B.periodId, retroId: a.retroId }, expect: "NOT_FOUND" },
  ],
  "dashboard.org": async () => [
    { note: "A's period", input: { orgSlug: bSlug(), periodId: a.periodId }, expect: "NOT_FOUND" },
    { note: "A's department", input: { orgSlug: bSlug(), departmentId: a.deptId }, expect: "NOT_FOUND" },
    {
      note: "B's dashboard",
      input: { orgSlug: bSlug() },
      expect: "OK",
      empty: (r) => {
        const d = r as { department: unknown; okrs: { atRisk: { items: { id: string }[] }; byDepartment: { departmentId: string | null }[] }; risks: { aboveAppetite: { top: { id: string }[] }; kri: { items: { riskId: string }[] } } };
        return [
          ...d.okrs.atRisk.items.filter((k) => k.id === a.krId),
          ...d.okrs.byDepartment.filter((x) => x.departmentId === a.deptId),
          ...d.risks.aboveAppetite.top.filter((x) => x.id === a.riskId),
          ...d.risks.kri.items.filter((x) => x.riskId === a.riskId),
        ];
      },
    },
  ],
  "dashboard.checkIns": async () => [
    { note: "A's department", input: { orgSlug: bSlug(), departmentId: a.deptId }, expect: "NOT_FOUND" },
    { note: "A's period", input: { orgSlug: bSlug(), periodId: a.periodId, departmentId: B.org.departmentIds.a }, expect: "NOT_FOUND" },
    {
      note: "B's department",
      input: { orgSlug: bSlug(), departmentId: B.org.departmentIds.a },
      expect: "OK",
      empty: (r) => (r as { members: { userId: string }[] }).members.filter((m) => Object.values(A.org.users).some((u) => u.id === m.userId)),
    },
  ],
  "retro.list": async () => [
    { note: "B's retros", input: { orgSlug: bSlug() }, expect: "OK", empty: (r) => (r as { id: string }[]).filter((x) => x.id === a.retroId) },
    { note: "filtered by A's period and department", input: { orgSlug: bSlug(), periodId: a.periodId, departmentId: a.deptId }, expect: "OK", empty: (r) => r as { id: string }[] },
  ],
  "retro.get": async () => [{ note: "A's retro", input: { orgSlug: bSlug(), retroId: a.retroId }, expect: "NOT_FOUND" }],
  "retro.inputs": async () => [{ note: "A's retro", input: { orgSlug: bSlug(), retroId: a.retroId }, expect: "NOT_FOUND" }],
  "retro.export": async () => [{ note: "A's retro", input: { orgSlug: bSlug(), retroId: a.retroId }, expect: "NOT_FOUND" }],
  "retro.templates": async () => [{ note: "B's templates", input: { orgSlug: bSlug() }, expect: "OK", empty: (r) => (r as { own: { id: string }[] }).own.filter((t) => t.id === a.retroTemplateId) }],
  "retro.create": async () => {
    const base = { orgSlug: bSlug(), title: "Cross", facilitatorId: bOwner().userId };
    return [
      { note: "facilitated by A's owner", input: { ...base, facilitatorId: a.ownerId }, expect: "BAD_REQUEST", field: "facilitatorId" },
      { note: "for A's department", input: { ...base, departmentIds: [a.deptId] }, expect: "BAD_REQUEST", field: "departmentIds" },
      { note: "in A's period", input: { ...base, periodId: a.periodId }, expect: "BAD_REQUEST", field: "periodId" },
      { note: "with A's member", input: { ...base, participantIds: [A.org.users.member.id] }, expect: "BAD_REQUEST", field: "participantIds" },
      { note: "from A's template", input: { ...base, template: a.retroTemplateId }, expect: "BAD_REQUEST", field: "template" },
    ];
  },
  "retro.update": async () => [{ note: "A's retro", input: { orgSlug: bSlug(), retroId: a.retroId, version: a.retroVersion, title: "Cross" }, expect: "NOT_FOUND" }],
  "retro.delete": async () => [{ note: "A's retro", input: { orgSlug: bSlug(), retroId: a.retroId }, expect: "NOT_FOUND" }],
  "retro.setPhase": async () => [{ note: "A's retro", input: { orgSlug: bSlug(), retroId: a.retroId, version: a.retroVersion, phase: "actions" }, expect: "NOT_FOUND" }],
  "retro.reveal": async () => [{ note: "A's retro", input: { orgSlug: bSlug(), retroId: a.retroId }, expect: "NOT_FOUND" }],
  "retro.setTimer": async () => [{ note: "A's retro", input: { orgSlug: bSlug(), retroId: a.retroId, minutes: 5 }, expect: "NOT_FOUND" }],
  "retro.addCard": async () => [{ note: "in A's retro", input: { orgSlug: bSlug(), retroId: a.retroId, columnKey: "start", body: "Cross" }, expect: "NOT_FOUND" }],
  "retro.updateCard": async () => [{ note: "A's card", input: { orgSlug: bSlug(), cardId: a.retroCardId, version: 1, body: "Cross" }, expect: "NOT_FOUND" }],
  "retro.deleteCard": async () => [{ note: "A's card", input: { orgSlug: bSlug(), cardId: a.retroCardId }, expect: "NOT_FOUND" }],
  "retro.groupCard": async () => {
    const mineB = await build.retroCard(B, bMine(), { phase: "group" });
    return [
      { note: "A's card", input: { orgSlug: bSlug(), cardId: a.retroCardId, ontoCardId: null }, expect: "NOT_FOUND" },
      { note: "B's card onto A's card", input: { orgSlug: bSlug(), cardId: mineB.card.id, ontoCardId: a.retroCardId }, expect: "BAD_REQUEST", field: "ontoCardId" },
    ];
  },
  "retro.updateGroup": async () => [{ note: "A's group", input: { orgSlug: bSlug(), groupId: a.retroGroupId, version: 1, title: "Cross" }, expect: "NOT_FOUND" }],
  "retro.vote": async () => [{ note: "A's group", input: { orgSlug: bSlug(), groupId: a.retroGroupId }, expect: "NOT_FOUND" }],
  "retro.unvote": async () => [{ note: "A's group", input: { orgSlug: bSlug(), groupId: a.retroGroupId }, expect: "NOT_FOUND" }],
  "retro.addAction": async () => [{ note: "in A's retro", input: { orgSlug: bSlug(), retroId: a.retroId, title: "Cross" }, expect: "NOT_FOUND" }],
  "retro.updateAction": async () => [{ note: "A's action", input: { orgSlug: bSlug(), actionId: a.retroActionId, version: 1, title: "Cross", status: "done" }, expect: "NOT_FOUND" }],
  "retro.deleteAction": async () => [{ note: "A's action", input: { orgSlug: bSlug(), actionId: a.retroActionId }, expect: "NOT_FOUND" }],
  "retro.convertAction": async () => [{ note: "A's action", input: { orgSlug: bSlug(), actionId: a.retroActionId, to: "risk", category: "operational" }, expect: "NOT_FOUND" }],
  "retro.createTemplate": async () => [{ note: "B's own", input: { orgSlug: bSlug(), name: "A's template", columns: [{ key: "wind", label: "Wind" }] }, expect: "OK" }],
  "retro.deleteTemplate": async () => [{ note: "A's template", input: { orgSlug: bSlug(), templateId: a.retroTemplateId }, expect: "NOT_FOUND" }],
  "risk.updateSettings": async () => [
    { note: "updates B's only", input: { orgSlug: bSlug(), ...defaultRiskSettings(), appetite: 12, version: 0 }, expect: "OK" },
  ],
  "notification.list": async () => [{ note: "B's owner's only", input: { orgSlug: bSlug() }, expect: "OK", empty: (r) => R(r).items }],
  "notification.markRead": async () => [
    // A's notification stays unread (checked by the snapshot of A below)
    { note: "A's notification", input: { orgSlug: bSlug(), ids: [a.notificationId] }, expect: "OK" },
    { note: "all of B's owner's", input: { orgSlug: bSlug() }, expect: "OK" },
  ],
  // Always the caller's own in the org named: A's member's preferences are untouched (snapshot of A).
  "notification.preferences": async () => [{ note: "B's owner's own", input: { orgSlug: bSlug() }, expect: "OK" }],
  "notification.updatePreferences": async () => [
    { note: "B's owner's own", input: { orgSlug: bSlug(), preferences: [{ kind: "approvalDecided", inApp: false, email: false }] }, expect: "OK" },
  ],
};

describe("the cross-tenant table", () => {
  it("has an entry for every organisation procedure, and none for a procedure that is gone", () => {
    expect(ORG_PROCS.filter((p) => !CROSS[p.path]).map((p) => p.path)).toEqual([]);
    const known = new Set(ORG_PROCS.map((p) => p.path));
    expect(Object.keys(CROSS).filter((k) => !known.has(k))).toEqual([]);
  });
});

describe("B's owner with A's slug", () => {
  it("a slug that does not exist and A's slug give the same NOT_FOUND", async () => {
    const c = await callerFor(h.db, B.org.users.owner.id);
    const e1 = await outcome(c.org.get({ orgSlug: A.org.slug }));
    const e2 = await outcome(c.org.get({ orgSlug: `no-such-org-${uid()}` }));
    expect(e1.ok ? "OK" : e1.code).toBe("NOT_FOUND");
    expect(e2.ok ? "OK" : e2.code).toBe("NOT_FOUND");
    expect((e1 as { error: Error }).error.message).toBe((e2 as { error: Error }).error.message);
  });

  it.each(ORG_PROCS.map((p) => [p.path] as const))("%s → NOT_FOUND", async (path) => {
    const c = await callerFor(h.db, B.org.users.owner.id);
    const res = await outcome(callPath(c, path, aSlugInputs.get(path)));
    expect(res.ok ? `OK ${JSON.stringify(res.value).slice(0, 200)}` : res.code).toBe("NOT_FOUND");
  });
});

describe("B's owner with B's slug and A's ids", () => {
  it.each(ORG_PROCS.map((p) => [p.path] as const))("%s", async (path) => {
    const c = await callerFor(h.db, B.org.users.owner.id);
    const variants = await CROSS[path]!();
    for (const v of variants) {
      const res = await outcome(callPath(c, path, v.input));
      const label = `${path} (${v.note})`;
      if (v.expect === "OK") {
        expect(res.ok ? "OK" : describeError(res.error), label).toBe("OK");
        const json = JSON.stringify((res as { value: unknown }).value);
        const leaked = aUuids.filter((id) => json.includes(id) && !JSON.stringify(v.input).includes(id));
        expect(leaked, `${label} returned ids of A`).toEqual([]);
        expect(json.includes(A.org.slug), `${label} returned A's slug`).toBe(false);
        if (v.empty) expect(v.empty((res as { value: unknown }).value), label).toEqual([]);
      } else {
        expect(res.ok ? `OK ${JSON.stringify(res.value).slice(0, 200)}` : res.code, label).toBe(v.expect);
        if (v.field) {
          const fields = fieldErrorsOf((res as { error: TRPCError }).error) ?? {};
          expect(Object.keys(fields), label).toContain(v.field);
        }
        // Nothing of A in the message either.
        const msg = JSON.stringify({ m: (res as { error: Error }).error.message, f: fieldErrorsOf((res as { error: TRPCError }).error) });
        expect(aUuids.filter((id) => msg.includes(id) && !JSON.stringify(v.input).includes(id)), label).toEqual([]);
      }
    }
  });
});

describe("authenticated procedures across tenants", () => {
  it("B's owner cannot accept an invitation of A addressed to someone else", async () => {
    const c = await callerFor(h.db, B.org.users.owner.id);
    const res = await outcome(c.invitation.accept({ token: a.invitationToken }));
    expect(res.ok ? "OK" : res.code).toBe("FORBIDDEN");
  });

  it("B's owner does not see A in their organisations", async () => {
    const c = await callerFor(h.db, B.org.users.owner.id);
    const mineOrgs = await c.org.listMine();
    expect(mineOrgs.map((o) => o.slug).filter((slug) => !bImportTargets.has(slug))).toEqual([B.org.slug]);
    expect(mineOrgs.map((o) => o.slug)).not.toContain(A.org.slug);
  });
});

describe("A after all of it", () => {
  it("every row A owns is unchanged", async () => {
    const after = await snapshotOrg(h.db, A.org.orgId);
    expect(Object.keys(after).sort()).toEqual(Object.keys(aSnapshot).sort());
    for (const k of Object.keys(aSnapshot)) expect(after[k], `table ${k} of A changed`).toBe(aSnapshot[k]);
  });

  it("the snapshot covers the tables that matter and is not empty", () => {
    for (const t of [
      "organizations", "memberships", "departments", "departmentMembers", "invitations", "auditEvents", "objectives", "keyResults", "kpis",
      "approvalRequests", "approvalSteps", "approvalComments", "approvalDelegations", "notifications", "notificationPreferences",
    ]) {
      expect(aSnapshot[t], t).toBeDefined();
      expect(aSnapshot[t], t).not.toBe("[]");
    }
    expect(aUuids.length).toBeGreaterThan(20);
  });
});
