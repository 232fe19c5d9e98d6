/**
 * Demo risks, made through the risk services and the approvals engine, then backdated where the
 * story needs a past:
 *
 * - "Key agency contract lapses" (Marketing): assessed above appetite, accepted by the manager until
 *   next quarter;
 * - "Lead quality drops after the pricing change": watches the "Marketing-qualified leads" key result
 *   (an early warning once its confidence falls);
 * - "Customer churn rises": watches the NPS KPI;
 * - "Partner portal data leak" (linked to the Partner Portal product, above appetite: its stage gate
 *   stays closed until it is treated or accepted), with treatment actions;
 * - "Warehouse lease renewal": its review is overdue;
 * - a few low and medium risks across categories for the heat map, one closed.
 *
 * Additive and idempotent: skipped when the demo organisation already has the first risk.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Database, Tx } from "../client";
import { keyResults, kpis, notifications, products, riskAssessments, risks } from "../schema";
import { decide } from "../../server/approvals/engine";
import { loadActor, type Actor } from "../../server/org/actor";
import * as service from "../../server/risks/service";
import { ZAddActionInput, ZAssessInput, ZCreateRiskInput } from "../../server/risks/schema";

export const DEMO_RISKS = {
  accepted: "Key agency contract lapses",
  krWatch: "Lead quality drops after the pricing change",
  kpiWatch: "Customer churn rises",
  product: "Partner portal data leak",
  overdue: "Warehouse lease renewal",
} as const;

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

export async function seedRisks(tx: Tx, orgSlug: string, userIds: Record<string, string>, departmentIds: Record<string, string>, now = new Date()) {
  const db = tx as unknown as Database;
  const actor = async (role: string) => {
    const a = await loadActor(tx, userIds[role]!, orgSlug);
    if (!a) throw new Error(`Demo seed: ${role} is not a member of ${orgSlug}`);
    return a;
  };
  const [mei, max, adam] = [await actor("manager"), await actor("member"), await actor("admin")];
  const orgId = mei.orgId;
  const [existing] = await tx
    .select({ id: risks.id })
    .from(risks)
    .where(and(eq(risks.orgId, orgId), eq(risks.title, DEMO_RISKS.accepted)))
    .limit(1);
  if (existing) return null;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const marketing = departmentIds.Marketing!;
  const operations = departmentIds.Operations ?? null;
  const cs = departmentIds["Customer Success"] ?? null;

  const create = (by: Actor, input: Parameters<typeof ZCreateRiskInput.parse>[0]) => service.createRisk(db, by, ZCreateRiskInput.parse(input));
  const assess = async (by: Actor, riskId: string, s: [number, number, number, number], rationale = "") => {
    const [r] = await tx.select({ version: risks.version }).from(risks).where(eq(risks.id, riskId));
    return service.assessRisk(
      db,
      by,
      ZAssessInput.parse({ riskId, version: r!.version, inherentLikelihood: s[0], inherentImpact: s[1], residualLikelihood: s[2], residualImpact: s[3], rationale }),
    );
  };
  const versionOf = async (id: string) => (await tx.select({ version: risks.version }).from(risks).where(eq(risks.id, id)))[0]!.version;

  // Accepted above appetite until next quarter.
  const agency = await create(max, {
    title: DEMO_RISKS.accepted,
    category: "operational",
    ownerId: max.userId,
    departmentId: marketing,
    causes: "The creative agency's framework contract ends next month; procurement is slow.",
    consequences: "Campaign assets late for the spring launch.",
  });
  await assess(max, agency.id, [4, 4, 3, 4], "A renewal is in negotiation; a fallback freelancer pool covers part of the work.");
  const acceptance = await service.requestAcceptance(db, max, {
    riskId: agency.id,
    version: await versionOf(agency.id),
    justification: "Renewal expected within weeks; a stand-in agency costs more than the exposure.",
    expiresOn: iso(today + 75 * DAY),
  });
  await decide(db, mei, { requestId: acceptance.id, decision: "approve", comment: "Accepted until the renewal is signed." });
  // Decided at once: nobody needs telling about it any more.
  await tx.update(notifications).set({ readAt: now }).where(and(eq(notifications.orgId, orgId), eq(notifications.link, `/${orgSlug}/approvals/${acceptance.id}`)));

  // Watches the Marketing KR (a low-confidence check-in raises the warning).
  const [leads] = await tx.select({ id: keyResults.id }).from(keyResults).where(and(eq(keyResults.orgId, orgId), eq(keyResults.title, "Marketing-qualified leads"))).limit(1);
  const quality = await create(mei, { title: DEMO_RISKS.krWatch, category: "market", ownerId: mei.userId, departmentId: marketing, consequences: "Pipeline target missed; sales time wasted on poor leads." });
  await assess(mei, quality.id, [3, 4, 2, 4]);
  if (leads) await service.addKri(db, mei, { riskId: quality.id, kind: "key_result", targetId: leads.id, marginPct: 15 });

  // Watches the NPS KPI.
  const [nps] = await tx.select({ id: kpis.id }).from(kpis).where(and(eq(kpis.orgId, orgId), eq(kpis.name, "Net Promoter Score"))).limit(1);
  const churn = await create(adam, { title: DEMO_RISKS.kpiWatch, category: "financial", ownerId: adam.userId, departmentId: cs, consequences: "Recurring revenue falls short of plan." });
  await assess(adam, churn.id, [3, 5, 2, 4]);
  if (nps) await service.addKri(db, adam, { riskId: churn.id, kind: "kpi", targetId: nps.id, marginPct: 10 });

  // Linked to the Partner Portal product, above appetite, being treated.
  const [portal] = await tx.select({ id: products.id }).from(products).where(and(eq(products.orgId, orgId), eq(products.name, "Partner Portal"))).limit(1);
  const leak = await create(mei, {
    title: DEMO_RISKS.product,
    category: "technology",
    ownerId: mei.userId,
    departmentId: marketing,
    causes: "Resellers share accounts; the portal exposes deal data across partners.",
    consequences: "Partner trust and contracts at stake; a reportable incident.",
    links: { objectiveIds: [], campaignIds: [], productIds: portal ? [portal.id] : [] },
  });
  await assess(mei, leak.id, [3, 5, 3, 4]);
  await service.setTreatment(db, mei, { riskId: leak.id, version: await versionOf(leak.id), strategy: "mitigate", targetLikelihood: 1, targetImpact: 4 });
  await service.setRiskStatus(db, mei, { riskId: leak.id, version: await versionOf(leak.id), status: "treating", reason: "" });
  for (const a of [
    { title: "Per-partner data partitioning", ownerId: mei.userId, dueOn: iso(today + 21 * DAY), status: "in_progress" as const, progress: 40 },
    { title: "Penetration test before launch", ownerId: adam.userId, dueOn: iso(today + 35 * DAY), costMinor: 1_200_000, currency: "USD", status: "todo" as const, progress: 0 },
  ]) {
    await service.addAction(db, mei, ZAddActionInput.parse({ riskId: leak.id, ...a }));
  }

  // Its review is overdue: assessed half a year ago.
  const lease = await create(adam, { title: DEMO_RISKS.overdue, category: "financial", ownerId: adam.userId, departmentId: operations, consequences: "Rent up 30% or a forced move in peak season." });
  await assess(adam, lease.id, [3, 3, 2, 3]);
  await tx
    .update(risks)
    .set({ lastAssessedAt: new Date(today - 200 * DAY), nextReviewOn: iso(today - 20 * DAY) })
    .where(eq(risks.id, lease.id));
  await tx.update(riskAssessments).set({ createdAt: new Date(today - 200 * DAY) }).where(eq(riskAssessments.riskId, lease.id));

  // A few more across the map.
  const more: [Actor, string, string, string | null, [number, number, number, number]][] = [
    [adam, "GDPR consent records incomplete", "compliance", operations, [2, 4, 1, 3]],
    [adam, "Key engineer leaves mid-project", "people", operations, [2, 3, 2, 2]],
    [mei, "Competitor undercuts on price", "market", marketing, [4, 3, 3, 3]],
    [max, "Event venue cancels", "operational", marketing, [2, 2, 1, 2]],
  ];
  for (const [by, title, category, departmentId, s] of more) {
    const r = await create(by, { title, category, ownerId: by.userId, departmentId });
    await assess(by, r.id, s);
  }
  const closed = await create(max, { title: "Print supplier delay", category: "operational", ownerId: max.userId, departmentId: marketing });
  await assess(max, closed.id, [2, 2, 1, 2]);
  await service.setRiskStatus(db, max, { riskId: closed.id, version: await versionOf(closed.id), status: "closed", reason: "The campaign went digital-only." });

  // The warnings stay on the risks (register, dashboard); the notices about them were read long ago.
  await tx
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.orgId, orgId), isNull(notifications.readAt), inArray(notifications.kind, ["riskWarning", "approval_approved"])));
  return { agency: agency.id, quality: quality.id, churn: churn.id, leak: leak.id, lease: lease.id };
}
