import crypto from "node:crypto";
import { and, count, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { passwordResets, users } from "@/db/schema";
import { AppError, fieldError } from "../errors";
import { hashToken } from "../org/invitations";
import { translate, type MessageLocale } from "../i18n";
import { logger } from "../log";
import type { Mailer } from "../mail";
import { hashPassword } from "./password";
import { isWeakPassword } from "./password-policy";
import { revokeAllSessions } from "./sessions";

/** How long a reset link works, and how many links one account gets per hour. */
export const PASSWORD_RESET = { ttlMinutes: 30, perHour: 3 } as const;

/**
 * "Forgot password": mails a one-use link to the account's address. The answer is the same whether or
 * not the address has an account (no account discovery); disabled accounts get nothing, and past
 * the hourly limit nothing more is sent. Without email configured, the request is refused, saying so.
 */
export async function requestPasswordReset(
  db: Database,
  email: string,
  opts: { mailer: Mailer | undefined; baseUrl: string; locale: MessageLocale; now?: Date; requestId?: string },
): Promise<{ ok: true }> {
  if (!opts.mailer) throw new AppError("PRECONDITION_FAILED", "e.passwordResetNeedsMail");
  const now = opts.now ?? new Date();
  const [user] = await db
    .select({ id: users.id, email: users.email, disabledAt: users.disabledAt, locale: users.locale })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  if (!user || user.disabledAt) return { ok: true };
  const [recent] = await db
    .select({ n: count() })
    .from(passwordResets)
    .where(and(eq(passwordResets.userId, user.id), gt(passwordResets.createdAt, new Date(now.getTime() - 3_600_000))));
  if ((recent?.n ?? 0) >= PASSWORD_RESET.perHour) return { ok: true };

  const token = crypto.randomBytes(32).toString("base64url");
  await db.insert(passwordResets).values({
    userId: user.id,
    tokenHash: hashToken(token),
    expiresAt: new Date(now.getTime() + PASSWORD_RESET.ttlMinutes * 60_000),
    createdAt: now,
  });
  const locale: MessageLocale = user.locale === "zh-CN" || user.locale === "en" ? user.locale : opts.locale;
  const params = `|link=${opts.baseUrl}/reset-password/${token}|minutes=${PASSWORD_RESET.ttlMinutes}`;
  try {
    await opts.mailer.send({
      to: user.email,
      subject: translate(locale, "mail.passwordReset.subject"),
      text: translate(locale, `mail.passwordReset.body${params}`),
    });
  } catch (err) {
    // Same answer as success (the address must not be confirmed by an error); the link stays unused.
    logger.warn({ requestId: opts.requestId, err: String(err) }, "password reset mail failed");
  }
  return { ok: true };
}

/**
 * Sets a new password from a reset link: once, before it expires, under the password rules. Every
 * session of the account ends and every other outstanding reset link stops working.
 */
export async function resetPassword(db: Database, token: string, newPassword: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const [reset] = await tx
      .select({ id: passwordResets.id, userId: passwordResets.userId, expiresAt: passwordResets.expiresAt, email: users.email, disabledAt: users.disabledAt })
      .from(passwordResets)
      .innerJoin(users, eq(users.id, passwordResets.userId))
      .where(and(eq(passwordResets.tokenHash, hashToken(token)), isNull(passwordResets.usedAt)))
      .for("update", { of: passwordResets })
      .limit(1);
    if (!reset || reset.disabledAt) throw new AppError("NOT_FOUND", "e.passwordResetInvalid");
    if (reset.expiresAt <= now) throw new AppError("BAD_REQUEST", "e.passwordResetExpired");
    if (isWeakPassword(newPassword, reset.email)) throw fieldError("newPassword", "e.commonPassword");
    const passwordHash = await hashPassword(newPassword);
    await tx
      .update(users)
      .set({ passwordHash, sessionEpoch: sql`${users.sessionEpoch} + 1`, updatedAt: now })
      .where(eq(users.id, reset.userId));
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, reset.userId), isNull(passwordResets.usedAt)));
    await revokeAllSessions(tx, reset.userId, now);
    return { email: reset.email };
  });
}
