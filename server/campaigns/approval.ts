import { and, asc, eq, getTableColumns } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { campaignBudgetLines, campaignKeyResults, campaigns, departments, keyResults, objectives, users } from "@/db/schema";
import { approversFor } from "../approvals/approvers";
import { registerSubject, type ApprovalRequestRow, type StepSpec, type SubjectDescription } from "../approvals/registry";
import { recordAudit } from "../audit/record";
import { AppError, conflict } from "../errors";
import type { Actor } from "../org/actor";
import { sumMinor } from "./money";
import { assertCampaignScope, CAMPAIGN_BUDGET, CAMPAIGN_LAUNCH, type CampaignRow, inBase, loadCampaign, overBudgetInputs, refreshOverBudget } from "./refs";

const campaignColumns = getTableColumns(campaigns);

/**
 * Two approval subjects, both with the campaign id as subject id:
 * - "campaign_launch": a draft campaign goes to its department's managers (admins when it has no
 *   other manager); a planned budget above the organisation's threshold, in the base currency, adds
 *   an admin step. On approval the campaign is approved and its budget locks at the planned total.
 * - "campaign_budget": raising the budget of an approved or live campaign to its (higher) plan, with
 *   the same steps. On approval the approved budget becomes the requested one.
 */
export { CAMPAIGN_BUDGET, CAMPAIGN_LAUNCH };

/**
 * What a launch or budget request freezes (the request page renders it: app/(app)/[orgSlug]/approvals/
 * [requestId]/campaign-request.tsx). Requests made before a field was added lack it: readers treat the
 * names, audience, description and key results as optional.
 */
export interface BudgetSnapshot {
  kind: string;
  campaign: {
    id: string;
    name: string;
    status: string;
    startsOn: string;
    endsOn: string;
    channels: string[];
    departmentId: string | null;
    departmentName: string | null;
    ownerId: string;
    ownerName: string | null;
    description: string;
    audience: string;
    audienceTags: string[];
  };
  /** The key results the campaign contributes to, and the metric that feeds each (null: linked only). */
  keyResults: { id: string; title: string; objectiveId: string; objectiveTitle: string; feedMetric: string | null; feedCustomName: string }[];
  currency: string;
  lines: { channel: string; category: string; amountMinor: number }[];
  /** Launch: the planned total that becomes the approved budget. Budget: the new approved budget. */
  requestedMinor: number;
  /** Budget requests: the approved budget before. */
  approvedMinor: number | null;
  baseCurrency: string;
  rate: string | null;
  requestedBaseMinor: number;
  thresholdMinor: number;
  /** Above the threshold: an admin step after the managers. */
  twoStep: boolean;
}

const linkOf = (actor: Actor, id: string) => `/${actor.orgSlug}/campaigns/${id}`;

async function describeBudget(tx: DbOrTx, actor: Actor, kind: string, c: CampaignRow): Promise<SubjectDescription> {
  const lines = await tx
    .select({ channel: campaignBudgetLines.channel, category: campaignBudgetLines.category, amountMinor: campaignBudgetLines.amountMinor })
    .from(campaignBudgetLines)
    .where(eq(campaignBudgetLines.campaignId, c.id))
    .orderBy(asc(campaignBudgetLines.position));
  const requestedMinor = sumMinor(lines.map((l) => l.amountMinor));
  const { settings, rate, baseMinor } = await inBase(tx, actor, c.currency, requestedMinor);
  const [names] = await tx
    .select({ ownerName: users.name, departmentName: departments.name })
    .from(campaigns)
    .innerJoin(users, eq(users.id, campaigns.ownerId))
    .leftJoin(departments, eq(departments.id, campaigns.departmentId))
    .where(eq(campaigns.id, c.id));
  const krs = await tx
    .select({
      id: keyResults.id,
      title: keyResults.title,
      objectiveId: objectives.id,
      objectiveTitle: objectives.title,
      feedMetric: campaignKeyResults.feedMetric,
      feedCustomName: campaignKeyResults.feedCustomName,
    })
    .from(campaignKeyResults)
    .innerJoin(keyResults, eq(keyResults.id, campaignKeyResults.keyResultId))
    .innerJoin(objectives, eq(objectives.id, keyResults.objectiveId))
    .where(and(eq(campaignKeyResults.orgId, actor.orgId), eq(campaignKeyResults.campaignId, c.id)))
    .orderBy(asc(objectives.title), asc(keyResults.title));
  const snapshot: BudgetSnapshot = {
    kind,
    campaign: {
      id: c.id,
      name: c.name,
      status: c.status,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      channels: c.channels,
      departmentId: c.departmentId,
      departmentName: names?.departmentName ?? null,
      ownerId: c.ownerId,
      ownerName: names?.ownerName ?? null,
      description: c.description,
      audience: c.audience,
      audienceTags: c.audienceTags,
    },
    keyResults: krs,
    currency: c.currency,
    lines,
    requestedMinor,
    approvedMinor: c.approvedBudgetMinor,
    baseCurrency: settings.baseCurrency,
    rate,
    requestedBaseMinor: baseMinor,
    thresholdMinor: settings.approvalThresholdMinor,
    twoStep: baseMinor > settings.approvalThresholdMinor,
  };
  return { title: c.name, departmentId: c.departmentId, link: linkOf(actor, c.id), snapshot };
}

async function budgetSteps(tx: DbOrTx, actor: Actor, subject: SubjectDescription): Promise<StepSpec[]> {
  const snap = subject.snapshot as BudgetSnapshot;
  const deptId = subject.departmentId;
  // A manager cannot approve their own request: without another manager it goes to the admins.
  const managers = deptId
    ? (await approversFor(tx, actor.orgId, { kind: "department_managers", departmentId: deptId })).filter((m) => m !== actor.userId)
    : [];
  const specs: StepSpec[] = [
    managers.length && deptId ? { rule: { kind: "department_managers", departmentId: deptId } } : { rule: { kind: "role", roles: ["admin", "owner"] } },
  ];
  if (snap.twoStep && managers.length) specs.push({ rule: { kind: "role", roles: ["admin", "owner"] } });
  return specs;
}

async function setStatus(
  tx: DbOrTx,
  actor: Actor,
  request: ApprovalRequestRow,
  from: CampaignRow["status"],
  to: CampaignRow["status"],
  extra: Partial<typeof campaigns.$inferInsert> = {},
) {
  const [before] = await tx
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, request.subjectId), eq(campaigns.orgId, actor.orgId), eq(campaigns.status, from)))
    .for("update");
  if (!before) return null;
  const [updated] = await tx
    .update(campaigns)
    .set({ status: to, ...extra, updatedAt: new Date(), version: before.version + 1 })
    .where(and(eq(campaigns.id, before.id), eq(campaigns.status, from)))
    .returning({ row: campaignColumns, ...overBudgetInputs });
  if (!updated) return null;
  const { row: after, ...known } = updated;
  await recordAudit(tx, actor, {
    entityType: "campaign",
    entityId: before.id,
    action: `status_${to}`,
    before: { status: before.status, approvedBudgetMinor: before.approvedBudgetMinor },
    after: { status: to, approvedBudgetMinor: after.approvedBudgetMinor, approvalRequestId: request.id },
  });
  return { after, known };
}

registerSubject(CAMPAIGN_LAUNCH, {
  async assertMayRequest(tx, actor, subjectId) {
    // Locked until the request is stored, so its plan cannot change underneath the snapshot.
    const c = await loadCampaign(tx, actor, subjectId, { field: "subjectId", lock: true });
    assertCampaignScope(actor, "campaign.update", c);
    if (c.status !== "draft") throw new AppError("BAD_REQUEST", `e.campaign.notDraft|status=${c.status}`);
  },
  async describe(tx, actor, subjectId) {
    return describeBudget(tx, actor, CAMPAIGN_LAUNCH, await loadCampaign(tx, actor, subjectId));
  },
  steps: (tx, actor, subject) => budgetSteps(tx, actor, subject),
  async onRequested(tx, actor, request) {
    // Changed (e.g. cancelled) since it was described: the request must not stand.
    if (!(await setStatus(tx, actor, request, "draft", "pending_approval"))) throw conflict("campaign");
  },
  async onApproved(tx, actor, request) {
    const snap = request.snapshot as BudgetSnapshot;
    const done = await setStatus(tx, actor, request, "pending_approval", "approved", {
      approvedBudgetMinor: snap.requestedMinor,
      approvedAt: new Date(),
      overBudgetAt: null,
    });
    if (done) await refreshOverBudget(tx, actor, done.after, new Date(), done.known);
  },
  async onRejected(tx, actor, request) {
    await setStatus(tx, actor, request, "pending_approval", "draft");
  },
  async onCancelled(tx, actor, request) {
    await setStatus(tx, actor, request, "pending_approval", "draft");
  },
});

registerSubject(CAMPAIGN_BUDGET, {
  async assertMayRequest(tx, actor, subjectId) {
    const c = await loadCampaign(tx, actor, subjectId, { field: "subjectId", lock: true });
    assertCampaignScope(actor, "campaign.update", c);
    if (c.status !== "approved" && c.status !== "live") throw new AppError("BAD_REQUEST", `e.campaign.budgetNeedsApproval|status=${c.status}`);
  },
  async describe(tx, actor, subjectId) {
    const c = await loadCampaign(tx, actor, subjectId);
    const d = await describeBudget(tx, actor, CAMPAIGN_BUDGET, c);
    if ((d.snapshot as BudgetSnapshot).requestedMinor <= (c.approvedBudgetMinor ?? 0)) throw new AppError("BAD_REQUEST", "e.campaign.budgetNotRaised");
    return d;
  },
  steps: (tx, actor, subject) => budgetSteps(tx, actor, subject),
  async onApproved(tx, actor, request) {
    const snap = request.snapshot as BudgetSnapshot;
    const [before] = await tx
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.id, request.subjectId), eq(campaigns.orgId, actor.orgId)))
      .for("update");
    if (!before || (before.status !== "approved" && before.status !== "live")) return;
    const [updated] = await tx
      .update(campaigns)
      .set({ approvedBudgetMinor: snap.requestedMinor, updatedAt: new Date(), version: before.version + 1 })
      .where(eq(campaigns.id, before.id))
      .returning({ row: campaignColumns, ...overBudgetInputs });
    const { row: after, ...known } = updated!;
    await recordAudit(tx, actor, {
      entityType: "campaign",
      entityId: before.id,
      action: "budget_approved",
      before: { approvedBudgetMinor: before.approvedBudgetMinor },
      after: { approvedBudgetMinor: snap.requestedMinor, currency: snap.currency, approvalRequestId: request.id },
    });
    await refreshOverBudget(tx, actor, after, new Date(), known);
  },
  async onRejected() {
    // The approved budget stays as it was.
  },
});
