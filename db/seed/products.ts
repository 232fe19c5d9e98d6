/**
 * Demo products across the lifecycle, made through the product services and the approvals engine
 * (stage gates included), then backdated so days in stage, history and the roadmap look lived-in:
 *
 * - "Lodestar Mobile" in growth: its launch gate was approved a month ago; the live campaign markets it;
 *   customer feedback with votes; a stage plan with a late launch;
 * - "Field Service App" in discovery with its checklist done and a gate request waiting for the
 *   Marketing manager;
 * - "Partner Portal" in development, linked to the Marketing objective (its baseline check fails until
 *   every KR has a check-in);
 * - "Insight Dashboards", a fresh idea; "Legacy Reports" in decline.
 *
 * Additive and idempotent: skipped when the demo organisation already has "Lodestar Mobile".
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Database, Tx } from "../client";
import { approvalDecisions, approvalRequests, campaigns, notifications, objectives, productChecklistItems, productStageVisits, products } from "../schema";
import { decide } from "../../server/approvals/engine";
import { loadActor, type Actor } from "../../server/org/actor";
import { stagesOf } from "../../server/products/refs";
import * as service from "../../server/products/service";
import { ZAddFeedbackInput, ZCreateProductInput, ZSetStagePlansInput } from "../../server/products/schema";

export const DEMO_PRODUCTS = {
  growth: "Lodestar Mobile",
  pending: "Field Service App",
  development: "Partner Portal",
  idea: "Insight Dashboards",
  decline: "Legacy Reports",
} as const;

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

export async function seedProducts(tx: Tx, orgSlug: string, userIds: Record<string, string>, departmentIds: Record<string, string>, liveCampaignId: string | null, now = new Date()) {
  const db = tx as unknown as Database;
  const actor = async (role: string) => {
    const a = await loadActor(tx, userIds[role]!, orgSlug);
    if (!a) throw new Error(`Demo seed: ${role} is not a member of ${orgSlug}`);
    return a;
  };
  const [mei, max, adam] = [await actor("manager"), await actor("member"), await actor("admin")];
  const orgId = mei.orgId;
  const [existing] = await tx
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.orgId, orgId), eq(products.name, DEMO_PRODUCTS.growth)))
    .limit(1);
  if (existing) return null;
  const stages = await stagesOf(tx, orgId);
  const stage = (key: string) => stages.find((s) => s.key === key)!;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const marketing = departmentIds.Marketing!;
  const product = departmentIds.Product ?? marketing;

  const create = async (by: Actor, input: Parameters<typeof ZCreateProductInput.parse>[0]) => service.createProduct(db, by, ZCreateProductInput.parse(input));
  const tickAll = async (productId: string, by: Actor, evidence: string) => {
    const visit = await tx
      .select({ id: productStageVisits.id })
      .from(productStageVisits)
      .where(and(eq(productStageVisits.productId, productId), isNull(productStageVisits.leftAt)));
    const items = await tx
      .select()
      .from(productChecklistItems)
      .where(and(eq(productChecklistItems.visitId, visit[0]!.id), eq(productChecklistItems.kind, "manual")))
      .orderBy(asc(productChecklistItems.position));
    for (const i of items) {
      await service.checkItem(db, by, { itemId: i.id, version: i.version, checked: true, evidenceUrl: i.requiresEvidence ? evidence : "", evidenceNote: "" });
    }
  };
  const versionOf = async (id: string) => (await tx.select({ version: products.version }).from(products).where(eq(products.id, id)))[0]!.version;
  /** Moves every visit of the product to the given dates (oldest first) and its current stage's entry date. */
  const backdate = async (productId: string, dates: number[]) => {
    const visits = await tx.select().from(productStageVisits).where(eq(productStageVisits.productId, productId)).orderBy(asc(productStageVisits.enteredAt));
    for (const [i, v] of visits.entries()) {
      const enteredAt = new Date(dates[i]!);
      const leftAt = i + 1 < visits.length ? new Date(dates[i + 1]!) : null;
      await tx.update(productStageVisits).set({ enteredAt, leftAt }).where(eq(productStageVisits.id, v.id));
    }
    await tx.update(products).set({ stageEnteredAt: new Date(dates[visits.length - 1]!) }).where(eq(products.id, productId));
  };

  // 1. In growth: launched with the live campaign; the launch gate approved by an admin a month ago.
  const mobile = await create(mei, {
    name: DEMO_PRODUCTS.growth,
    description: "The field team's phone app: check-ins, approvals and alerts on the go.",
    ownerId: mei.userId,
    departmentId: marketing,
    stageId: stage("launch").id,
    tags: ["mobile", "b2b"],
  });
  if (liveCampaignId) await tx.update(campaigns).set({ productId: mobile.id }).where(eq(campaigns.id, liveCampaignId));
  await tickAll(mobile.id, mei, "https://wiki.example.com/mobile/launch-briefing");
  if (liveCampaignId) {
    const gate = await service.requestAdvance(db, mei, { productId: mobile.id, version: await versionOf(mobile.id), overrideReason: "", comment: "Launch campaign is live and support is briefed." });
    await decide(db, adam, { requestId: gate.id, decision: "approve", comment: "Go." });
    // Asked and approved a month ago, like the stay it started.
    await tx.update(approvalRequests).set({ createdAt: new Date(today - 31 * DAY), decidedAt: new Date(today - 30 * DAY), updatedAt: new Date(today - 30 * DAY) }).where(eq(approvalRequests.id, gate.id));
    await tx.update(approvalDecisions).set({ createdAt: new Date(today - 30 * DAY) }).where(eq(approvalDecisions.requestId, gate.id));
    // A month-old decision was read long ago.
    await tx.update(notifications).set({ readAt: now }).where(and(eq(notifications.orgId, orgId), eq(notifications.link, `/${orgSlug}/approvals/${gate.id}`)));
    await backdate(mobile.id, [today - 75 * DAY, today - 30 * DAY]);
  } else {
    await backdate(mobile.id, [today - 75 * DAY]);
  }
  await service.setStagePlans(db, mei, ZSetStagePlansInput.parse({
    productId: mobile.id,
    version: await versionOf(mobile.id),
    plans: [
      { stageId: stage("launch").id, plannedStartOn: iso(today - 80 * DAY), plannedEndOn: iso(today - 45 * DAY) },
      { stageId: stage("growth").id, plannedStartOn: iso(today - 45 * DAY), plannedEndOn: iso(today + 150 * DAY) },
      { stageId: stage("maturity").id, plannedStartOn: iso(today + 150 * DAY), plannedEndOn: null },
    ],
  }));
  const ideas = [
    { title: "Offline mode for site visits", detail: "Technicians lose signal in basements.", source: "customer", account: "Northwind Facilities", importance: 3, votes: [max, adam, mei] },
    { title: "Dark mode", detail: "", source: "support", account: "", importance: 1, votes: [max] },
    { title: "Approve campaign budgets from the phone", detail: "Managers approve on the move.", source: "sales", account: "Contoso Retail", importance: 2, votes: [adam, mei] },
  ] as const;
  for (const i of ideas) {
    const f = await service.addFeedback(db, max, ZAddFeedbackInput.parse({ productId: mobile.id, title: i.title, detail: i.detail, source: i.source, account: i.account, importance: i.importance }));
    for (const v of i.votes) await service.voteFeedback(db, v, { feedbackId: f.id, vote: true });
  }

  // 2. Discovery with the checklist done, its gate to development waiting for the Marketing manager.
  const field = await create(max, { name: DEMO_PRODUCTS.pending, description: "Scheduling and job reports for field technicians.", ownerId: max.userId, departmentId: marketing, stageId: stage("discovery").id });
  await tickAll(field.id, max, "https://docs.example.com/field-service/interviews");
  await backdate(field.id, [today - 20 * DAY]);
  await service.requestAdvance(db, max, { productId: field.id, version: await versionOf(field.id), overrideReason: "", comment: "Twelve customer interviews are written up." });

  // 3. Development, linked to the Marketing objective.
  const [mktObjective] = await tx
    .select({ id: objectives.id })
    .from(objectives)
    .where(and(eq(objectives.orgId, orgId), eq(objectives.title, "Fill the pipeline with qualified leads")))
    .limit(1);
  const portal = await create(mei, {
    name: DEMO_PRODUCTS.development,
    description: "Self-service portal for resellers: deal registration, assets and training.",
    ownerId: mei.userId,
    departmentId: marketing,
    stageId: stage("development").id,
    objectiveIds: mktObjective ? [mktObjective.id] : [],
    tags: ["partners"],
  });
  await backdate(portal.id, [today - 40 * DAY]);
  await service.setStagePlans(db, mei, ZSetStagePlansInput.parse({
    productId: portal.id,
    version: await versionOf(portal.id),
    plans: [
      { stageId: stage("development").id, plannedStartOn: iso(today - 45 * DAY), plannedEndOn: iso(today + 20 * DAY) },
      { stageId: stage("launch").id, plannedStartOn: iso(today + 20 * DAY), plannedEndOn: iso(today + 60 * DAY) },
    ],
  }));

  // 4. A fresh idea, and 5. a product in decline.
  await create(max, { name: DEMO_PRODUCTS.idea, description: "Dashboards customers build themselves from their own data.", ownerId: max.userId, departmentId: product });
  const legacy = await create(adam, { name: DEMO_PRODUCTS.decline, description: "The old PDF report builder, replaced by dashboards.", ownerId: adam.userId, departmentId: product, stageId: stage("decline").id });
  await backdate(legacy.id, [today - 120 * DAY]);

  return { mobile: mobile.id, field: field.id, portal: portal.id };
}
