import crypto from "node:crypto";
import { and, count, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { emailChanges, users } from "@/db/schema";
import { AppError, fieldError } from "../errors";
import { hashToken } from "../org/invitations";
import { translate, type MessageLocale } from "../i18n";
import { logger } from "../log";
import type { Mailer } from "../mail";
import { verifyPassword } from "./password";
import { revokeAllSessions } from "./sessions";

/** How long the confirmation link works, and how many links a user may ask for per hour. */
export const EMAIL_CHANGE = { ttlMinutes: 60, perHour: 5 } as const;

/**
 * Step 1 of changing one's email: re-authenticate with the current password, then a link goes to the
 * NEW address. Nothing changes until it is opened (confirmEmailChange). Needs email to be configured:
 * without it the address could not be proven, so the change is refused with a clear message.
 */
export async function requestEmailChange(
  db: Database,
  userId: string,
  input: { currentPassword: string; newEmail: string },
  opts: { mailer: Mailer | undefined; baseUrl: string; locale: MessageLocale; now?: Date; requestId?: string },
) {
  const now = opts.now ?? new Date();
  const [user] = await db
    .select({ email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!user) throw new AppError("NOT_FOUND", "e.notFound|what=user");
  if (!user.passwordHash) throw fieldError("currentPassword", "e.noPasswordSet");
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) throw fieldError("currentPassword", "e.wrongPassword");
  if (input.newEmail === user.email) throw fieldError("newEmail", "e.sameEmail");
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.newEmail)).limit(1);
  if (taken) throw fieldError("newEmail", "e.emailTaken");
  if (!opts.mailer) throw new AppError("PRECONDITION_FAILED", "e.emailChangeNeedsMail");
  const [recent] = await db
    .select({ n: count() })
    .from(emailChanges)
    .where(and(eq(emailChanges.userId, userId), gt(emailChanges.createdAt, new Date(now.getTime() - 3_600_000))));
  if ((recent?.n ?? 0) >= EMAIL_CHANGE.perHour) throw new AppError("TOO_MANY_REQUESTS", "e.emailChangeTooMany");

  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + EMAIL_CHANGE.ttlMinutes * 60_000);
  const [row] = await db
    .insert(emailChanges)
    .values({ userId, newEmail: input.newEmail, tokenHash: hashToken(token), expiresAt, createdAt: now })
    .returning({ id: emailChanges.id });
  const link = `${opts.baseUrl}/confirm-email/${token}`;
  const params = `|link=${link}|email=${input.newEmail}|minutes=${EMAIL_CHANGE.ttlMinutes}`;
  try {
    await opts.mailer.send({
      to: input.newEmail,
      subject: translate(opts.locale, "mail.emailChange.subject"),
      text: translate(opts.locale, `mail.emailChange.body${params}`),
    });
  } catch (err) {
    // The link never left: remove it, so it cannot count against the hourly limit or linger.
    await db.delete(emailChanges).where(eq(emailChanges.id, row!.id));
    logger.warn({ requestId: opts.requestId, err: String(err) }, "email change mail failed");
    throw new AppError("SERVICE_UNAVAILABLE", "e.emailSendFailed");
  }
  return { sentTo: input.newEmail, expiresAt };
}

/**
 * Step 2: the link's token sets the new address, once, before it expires. The change ends every
 * session of the user (their sign-in name changed) and tells the old address what happened.
 */
export async function confirmEmailChange(
  db: Database,
  token: string,
  opts: { mailer: Mailer | undefined; locale: MessageLocale; now?: Date; requestId?: string },
) {
  const now = opts.now ?? new Date();
  const result = await db.transaction(async (tx) => {
    const [change] = await tx
      .select({ id: emailChanges.id, userId: emailChanges.userId, newEmail: emailChanges.newEmail, expiresAt: emailChanges.expiresAt })
      .from(emailChanges)
      .where(and(eq(emailChanges.tokenHash, hashToken(token)), isNull(emailChanges.usedAt)))
      .for("update")
      .limit(1);
    if (!change) throw new AppError("NOT_FOUND", "e.emailChangeInvalid");
    if (change.expiresAt <= now) throw new AppError("BAD_REQUEST", "e.emailChangeExpired");
    const [before] = await tx.select({ email: users.email }).from(users).where(eq(users.id, change.userId)).for("update");
    if (!before) throw new AppError("NOT_FOUND", "e.emailChangeInvalid");
    const [clash] = await tx.select({ id: users.id }).from(users).where(eq(users.email, change.newEmail)).limit(1);
    if (clash) throw new AppError("CONFLICT", "e.emailTaken");
    await tx
      .update(users)
      .set({ email: change.newEmail, sessionEpoch: sql`${users.sessionEpoch} + 1`, updatedAt: now, version: sql`${users.version} + 1` })
      .where(eq(users.id, change.userId));
    await tx.update(emailChanges).set({ usedAt: now }).where(eq(emailChanges.id, change.id));
    await revokeAllSessions(tx, change.userId, now);
    return { oldEmail: before.email, newEmail: change.newEmail };
  });
  if (opts.mailer) {
    await opts.mailer
      .send({
        to: result.oldEmail,
        subject: translate(opts.locale, "mail.emailChanged.subject"),
        text: translate(opts.locale, `mail.emailChanged.body|email=${result.newEmail}`),
      })
      .catch((err) => logger.warn({ requestId: opts.requestId, err: String(err) }, "email changed notice failed"));
  }
  return { email: result.newEmail };
}
