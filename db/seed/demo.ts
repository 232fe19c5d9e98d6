import { and, eq } from "drizzle-orm";
import type { Database } from "../client";
import {
  checkIns,
  departmentMembers,
  departments,
  keyResults,
  kpis,
  kpiValues,
  memberships,
  objectiveAlignments,
  objectives,
  organizations,
  periods,
  users,
} from "../schema";
import type { Tx } from "../client";
import { hashPassword } from "../../server/auth/password";
import { recordAudit } from "../../server/audit/record";
import { seedCampaigns } from "./campaigns";
import { seedProducts } from "./products";
import { seedRisks } from "./risks";

export const DEMO_PASSWORD = "lodestar-demo-2026";
export const DEMO_ORG = { slug: "demo", name: "Lodestar Demo Co." };
export const DEMO_DEPARTMENTS = ["Marketing", "Product", "Operations", "Customer Success"] as const;

export const DEMO_USERS = [
  { email: "owner@demo.lodestar.app", name: "Olivia Owner", role: "owner", departments: [] as string[], manages: [] as string[] },
  { email: "admin@demo.lodestar.app", name: "Adam Admin", role: "admin", departments: ["Operations"], manages: [] },
  { email: "manager@demo.lodestar.app", name: "Mei Manager", role: "manager", departments: ["Marketing"], manages: ["Marketing"] },
  { email: "member@demo.lodestar.app", name: "Max Member", role: "member", departments: ["Marketing"], manages: [] },
  { email: "viewer@demo.lodestar.app", name: "Vera Viewer", role: "viewer", departments: [], manages: [] },
] as const;

/**
 * Creates the demo organisation, departments and one user of every role, this quarter's OKRs (first
 * run only) and marketing campaigns (whenever the demo org does not have them yet). Idempotent.
 */
export async function seedDemo(db: Database) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(organizations)
      .values(DEMO_ORG)
      .onConflictDoNothing({ target: organizations.slug })
      .returning({ id: organizations.id });
    const firstRun = inserted.length > 0;
    const [org] = await tx.select().from(organizations).where(eq(organizations.slug, DEMO_ORG.slug));
    const deptIds = new Map<string, string>();
    for (const name of DEMO_DEPARTMENTS) {
      await tx.insert(departments).values({ orgId: org!.id, name }).onConflictDoNothing();
      const [d] = await tx
        .select({ id: departments.id })
        .from(departments)
        .where(and(eq(departments.orgId, org!.id), eq(departments.name, name)));
      deptIds.set(name, d!.id);
    }
    const userIds: Record<string, string> = {};
    for (const u of DEMO_USERS) {
      await tx.insert(users).values({ email: u.email, name: u.name, passwordHash }).onConflictDoNothing({ target: users.email });
      const [row] = await tx.select({ id: users.id }).from(users).where(eq(users.email, u.email));
      userIds[u.role] = row!.id;
      await tx.insert(memberships).values({ orgId: org!.id, userId: row!.id, role: u.role }).onConflictDoNothing();
      for (const dn of u.departments) {
        await tx
          .insert(departmentMembers)
          .values({ orgId: org!.id, departmentId: deptIds.get(dn)!, userId: row!.id, isManager: (u.manages as readonly string[]).includes(dn) })
          .onConflictDoNothing();
      }
    }
    if (firstRun) {
      await seedOkrs(tx, org!.id, userIds, deptIds);
      // The demo's history, so the Activity page has something to show.
      const actor = { userId: userIds.owner!, orgId: org!.id };
      await recordAudit(tx, actor, { entityType: "organization", entityId: org!.id, action: "create", after: org });
      for (const [name, id] of deptIds) {
        await recordAudit(tx, actor, { entityType: "department", entityId: id, action: "create", after: { id, name } });
      }
      for (const u of DEMO_USERS) {
        await recordAudit(tx, actor, {
          entityType: "membership",
          entityId: userIds[u.role]!,
          action: "create",
          after: { email: u.email, role: u.role },
        });
      }
    }
    const departmentIds = Object.fromEntries(deptIds);
    const campaigns = await seedCampaigns(tx, DEMO_ORG.slug, userIds, departmentIds);
    const products = await seedProducts(tx, DEMO_ORG.slug, userIds, departmentIds, campaigns?.live ?? null);
    const risks = await seedRisks(tx, DEMO_ORG.slug, userIds, departmentIds);
    return { orgId: org!.id, userIds, departmentIds, campaigns, products, risks };
  });
}

/** Current-quarter OKRs for the demo: a company objective, aligned department objectives, check-ins, a KPI. */
async function seedOkrs(tx: Tx, orgId: string, userIds: Record<string, string>, deptIds: Map<string, string>) {
  const now = new Date();
  const year = now.getUTCFullYear();
  const q = Math.floor(now.getUTCMonth() / 3) + 1;
  const startMonth = (q - 1) * 3;
  const startsOn = new Date(Date.UTC(year, startMonth, 1)).toISOString().slice(0, 10);
  const endsOn = new Date(Date.UTC(year, startMonth + 3, 0)).toISOString().slice(0, 10);
  const [period] = await tx
    .insert(periods)
    .values({ orgId, name: `${year}-Q${q}`, kind: "quarter", startsOn, endsOn, status: "active" })
    .returning();
  const [company] = await tx
    .insert(objectives)
    .values({ orgId, periodId: period!.id, title: "Grow recurring revenue with customers who stay", level: "company", ownerId: userIds.owner!, status: "active", commitment: "committed" })
    .returning();
  const [marketing] = await tx
    .insert(objectives)
    .values({ orgId, periodId: period!.id, title: "Fill the pipeline with qualified leads", level: "department", departmentId: deptIds.get("Marketing"), ownerId: userIds.manager!, status: "active", commitment: "committed" })
    .returning();
  const [cs] = await tx
    .insert(objectives)
    .values({ orgId, periodId: period!.id, title: "Make onboarding effortless", level: "department", departmentId: deptIds.get("Customer Success"), ownerId: userIds.admin!, status: "draft", commitment: "aspirational" })
    .returning();
  await tx.insert(objectiveAlignments).values([
    { orgId, childId: marketing!.id, parentId: company!.id },
    { orgId, childId: cs!.id, parentId: company!.id },
  ]);
  // Next quarter is being planned: its period is open for planning, with Marketing's first draft objective.
  const nextYear = q === 4 ? year + 1 : year;
  const nextQ = q === 4 ? 1 : q + 1;
  const [next] = await tx
    .insert(periods)
    .values({
      orgId,
      name: `${nextYear}-Q${nextQ}`,
      kind: "quarter",
      startsOn: new Date(Date.UTC(nextYear, (nextQ - 1) * 3, 1)).toISOString().slice(0, 10),
      endsOn: new Date(Date.UTC(nextYear, nextQ * 3, 0)).toISOString().slice(0, 10),
      status: "planning",
    })
    .returning();
  await tx
    .insert(objectives)
    .values({ orgId, periodId: next!.id, title: "Turn leads into pipeline faster", level: "department", departmentId: deptIds.get("Marketing"), ownerId: userIds.manager!, status: "draft", commitment: "committed" });
  const [nps] = await tx
    .insert(kpis)
    .values({ orgId, name: "Net Promoter Score", unit: "pts", departmentId: deptIds.get("Customer Success"), ownerId: userIds.admin!, direction: "higher_is_better", greenThreshold: 40, amberThreshold: 25 })
    .returning();
  const krs = await tx
    .insert(keyResults)
    .values([
      { orgId, objectiveId: company!.id, title: "Monthly recurring revenue", ownerId: userIds.owner!, type: "currency", unit: "¥k", startValue: 800, targetValue: 1000, weight: 2, position: 0 },
      { orgId, objectiveId: company!.id, title: "Logo churn", ownerId: userIds.admin!, type: "percentage", direction: "decrease", startValue: 4, targetValue: 2, position: 1 },
      { orgId, objectiveId: marketing!.id, title: "Marketing-qualified leads", ownerId: userIds.member!, type: "number", unit: "leads", startValue: 0, targetValue: 5000, position: 0 },
      { orgId, objectiveId: marketing!.id, title: "Launch the partner referral programme", ownerId: userIds.manager!, type: "milestone", startValue: 0, targetValue: 1, position: 1 },
      { orgId, objectiveId: cs!.id, title: "Net Promoter Score", ownerId: userIds.admin!, type: "number", unit: "pts", startValue: 31, targetValue: 45, kpiId: nps!.id, position: 0 },
    ])
    .returning();
  const day = 86_400_000;
  const start = Date.parse(`${startsOn}T00:00:00Z`);
  const history: [number, number[], number[]][] = [
    [0, [840, 880, 905], [7, 7, 6]],
    [1, [3.8, 3.5, 3.4], [6, 6, 5]],
    [2, [900, 1800, 2350], [8, 7, 6]],
  ];
  for (const [i, values, conf] of history) {
    const kr = krs[i]!;
    for (let k = 0; k < values.length; k++) {
      const at = new Date(Math.min(start + (k + 1) * 18 * day, now.getTime() - (values.length - k) * day));
      await tx.insert(checkIns).values({ orgId, keyResultId: kr.id, value: values[k]!, confidence: conf[k]!, note: "", authorId: kr.ownerId, createdAt: at });
    }
    await tx
      .update(keyResults)
      .set({ currentValue: values[values.length - 1]!, confidence: conf[conf.length - 1]!, lastCheckInAt: now })
      .where(eq(keyResults.id, kr.id));
  }
  for (const [k, v] of [28, 33, 35, 34, 38].entries()) {
    await tx.insert(kpiValues).values({ orgId, kpiId: nps!.id, observedOn: new Date(start + k * 14 * day).toISOString().slice(0, 10), value: v });
  }
}
