import crypto from "node:crypto";
import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import { departmentMembers, departments, invitations, memberships, organizations, users } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { AppError, fieldError, notFound } from "../errors";
import { assignableRoles } from "../rbac/permissions";
import { translate } from "../i18n";
import { logger } from "../log";
import type { Mailer } from "../mail";
import type { Actor } from "./actor";
import type { z } from "zod";
import type { ZCreateInvitationInput } from "./schema";

export const INVITATION_TTL_DAYS = 7;

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** Creates an invitation; the token is returned once (for the link) and only its hash is stored. */
export async function createInvitation(db: Database, actor: Actor, input: z.infer<typeof ZCreateInvitationInput>) {
  if (!assignableRoles(actor.role).includes(input.role)) {
    throw new AppError("FORBIDDEN", `e.cannotAssignRole|role=${actor.role}|target=${input.role}`);
  }
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, actor.orgId), eq(users.email, input.email)))
      .limit(1);
    if (existing) throw fieldError("email", "e.alreadyMember");
    const deptIds = [...new Set(input.departmentIds)];
    if (deptIds.length) {
      const found = await tx
        .select({ id: departments.id })
        .from(departments)
        .where(and(eq(departments.orgId, actor.orgId), inArray(departments.id, deptIds)));
      if (found.length !== deptIds.length) {
        throw fieldError("departmentIds", "e.unknownDepartment");
      }
    }
    const token = crypto.randomBytes(24).toString("base64url");
    const [row] = await tx
      .insert(invitations)
      .values({
        orgId: actor.orgId,
        email: input.email,
        role: input.role,
        departmentIds: deptIds,
        tokenHash: hashToken(token),
        invitedBy: actor.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
      })
      .returning();
    await recordAudit(tx, actor, { entityType: "invitation", entityId: row!.id, action: "create", after: row });
    return { id: row!.id, email: row!.email, role: row!.role, expiresAt: row!.expiresAt, token, path: `/invite/${token}` };
  });
}

export async function revokeInvitation(db: Database, actor: Actor, invitationId: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.id, invitationId),
          eq(invitations.orgId, actor.orgId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning();
    if (!row) throw notFound("invitation");
    await recordAudit(tx, actor, { entityType: "invitation", entityId: row.id, action: "revoke", after: row });
    return { id: row.id };
  });
}

export type InvitationPreview = {
  orgName: string;
  orgSlug: string;
  email: string;
  role: string;
  status: "pending" | "expired" | "used" | "revoked";
};

/** What the invite page shows before accepting. Unknown tokens are NOT_FOUND. */
export async function previewInvitation(db: DbOrTx, token: string): Promise<InvitationPreview> {
  const [row] = await db
    .select({
      orgName: organizations.name,
      orgSlug: organizations.slug,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) throw notFound("invitation");
  const status = row.revokedAt
    ? "revoked"
    : row.acceptedAt
      ? "used"
      : row.expiresAt.getTime() <= Date.now()
        ? "expired"
        : "pending";
  return { orgName: row.orgName, orgSlug: row.orgSlug, email: row.email, role: row.role, status };
}

/**
 * Accepts an invitation for the signed-in user, whose email must match. Single use: the claim is one
 * conditional update, so two clicks or two tabs give one membership.
 */
export async function acceptInvitation(
  db: Database,
  user: { id: string; email: string },
  token: string,
  requestId?: string,
) {
  return db.transaction(async (tx) => {
    const preview = await previewInvitation(tx, token);
    if (preview.status !== "pending") {
      throw new AppError("BAD_REQUEST", `e.invitationUnusable|status=${preview.status}`, {
        status: preview.status,
      });
    }
    if (preview.email !== user.email.toLowerCase()) {
      throw new AppError(
        "FORBIDDEN",
        `e.invitationOtherEmail|email=${preview.email}`,
      );
    }
    const [inv] = await tx
      .update(invitations)
      .set({ acceptedAt: new Date(), acceptedBy: user.id })
      .where(
        and(
          eq(invitations.tokenHash, hashToken(token)),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, new Date()),
        ),
      )
      .returning();
    if (!inv) throw new AppError("CONFLICT", "e.invitationJustUsed");
    const [m] = await tx
      .insert(memberships)
      .values({ orgId: inv.orgId, userId: user.id, role: inv.role })
      .onConflictDoNothing()
      .returning();
    if (!m) throw new AppError("BAD_REQUEST", "e.youAreMember");
    const deptIds = inv.departmentIds;
    if (deptIds.length) {
      const existing = await tx
        .select({ id: departments.id })
        .from(departments)
        .where(and(eq(departments.orgId, inv.orgId), inArray(departments.id, deptIds)));
      if (existing.length) {
        await tx
          .insert(departmentMembers)
          .values(existing.map((d) => ({ orgId: inv.orgId, departmentId: d.id, userId: user.id, isManager: false })))
          .onConflictDoNothing();
      }
    }
    const actor = { userId: user.id, orgId: inv.orgId, requestId };
    await recordAudit(tx, actor, { entityType: "invitation", entityId: inv.id, action: "accept", after: inv });
    await recordAudit(tx, actor, { entityType: "membership", entityId: m.id, action: "create", after: { ...m, email: user.email } });
    return { orgSlug: preview.orgSlug };
  });
}

/**
 * Emails the invitation link (English and Chinese in one message). Best effort, after the invitation is
 * committed: a mail failure leaves the invitation valid and the link still shown to the inviter.
 */
export async function emailInvitation(
  mailer: Mailer | undefined,
  invite: { email: string; role: string; path: string },
  ctx: { orgName: string; inviterName: string; baseUrl: string; requestId?: string },
): Promise<boolean> {
  if (!mailer) return false;
  const link = `${ctx.baseUrl}${invite.path}`;
  const clean = (v: string) => v.replace(/\|/g, "/");
  const params = `|org=${clean(ctx.orgName)}|inviter=${clean(ctx.inviterName)}|link=${link}`;
  const part = (loc: "en" | "zh-CN") =>
    translate(loc, `mail.invite.body${params}|role=${translate(loc, `roles.${invite.role}`)}`);
  try {
    await mailer.send({
      to: invite.email,
      subject: `${translate("en", `mail.invite.subject${params}`)} / ${translate("zh-CN", `mail.invite.subject${params}`)}`,
      text: `${part("en")}\n\n---\n\n${part("zh-CN")}`,
    });
    return true;
  } catch (err) {
    logger.warn({ requestId: ctx.requestId, err: String(err) }, "invitation email failed");
    return false;
  }
}
