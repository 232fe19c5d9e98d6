import { and, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import type { Database } from "@/db/client";
import { approvalDelegations, approvalSettings } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { conflict, fieldError, notFound } from "../errors";
import type { Actor } from "../org/actor";
import { assertOrgMember } from "../okrs/refs";
import { loadSettings } from "./engine";
import type { ZDelegateInput, ZSettingsInput } from "./schema";

/** Out of office: lets another member decide the actor's approvals for a date range. */
export async function delegate(db: Database, actor: Actor, input: z.infer<typeof ZDelegateInput>) {
  if (input.delegateId === actor.userId) throw fieldError("delegateId", "e.delegateSelf");
  return db.transaction(async (tx) => {
    await assertOrgMember(tx, actor, input.delegateId, "delegateId");
    const [row] = await tx
      .insert(approvalDelegations)
      .values({ orgId: actor.orgId, delegatorId: actor.userId, delegateId: input.delegateId, startsOn: input.startsOn, endsOn: input.endsOn })
      .returning();
    await recordAudit(tx, actor, { entityType: "delegation", entityId: row!.id, action: "create", after: row });
    return row!;
  });
}

export async function revokeDelegation(db: Database, actor: Actor, delegationId: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(approvalDelegations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(approvalDelegations.id, delegationId),
          eq(approvalDelegations.orgId, actor.orgId),
          eq(approvalDelegations.delegatorId, actor.userId),
          isNull(approvalDelegations.revokedAt),
        ),
      )
      .returning();
    if (!row) throw notFound("delegation");
    await recordAudit(tx, actor, { entityType: "delegation", entityId: row.id, action: "revoke", after: row });
    return { id: row.id };
  });
}

export async function getSettings(db: Database, actor: Actor) {
  return loadSettings(db, actor.orgId);
}

export async function updateSettings(db: Database, actor: Actor, input: z.infer<typeof ZSettingsInput>) {
  return db.transaction(async (tx) => {
    const before = await loadSettings(tx, actor.orgId);
    if (before.version !== input.version) throw conflict("settings");
    const values = { slaDays: input.slaDays, okrTwoStep: input.okrTwoStep, adminsMayOverride: input.adminsMayOverride };
    const [after] =
      before.version === 0
        ? await tx.insert(approvalSettings).values({ orgId: actor.orgId, ...values, version: 1 }).onConflictDoNothing().returning()
        : await tx
            .update(approvalSettings)
            .set({ ...values, updatedAt: new Date(), version: before.version + 1 })
            .where(and(eq(approvalSettings.orgId, actor.orgId), eq(approvalSettings.version, input.version)))
            .returning();
    if (!after) throw conflict("settings");
    await recordAudit(tx, actor, { entityType: "approvalSettings", entityId: actor.orgId, action: "update", before, after });
    return after;
  });
}
