import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { message, type MessageLocale } from "../i18n";
import { logger } from "../log";
import type { Mailer } from "../mail";

/**
 * Links in queued email are written relative to this marker, which the sender replaces with the
 * app's absolute origin: an email queued by a scheduled job (no request, no host) gets the same
 * absolute links as one queued during a request. It is stripped from anything people typed.
 */
export const ORIGIN = "{{lodestar:origin}}";

const clean = (s: string) => s.split(ORIGIN).join("");
const cleanParams = (p: Record<string, string>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, clean(String(v))]));

/** The absolute URL of an app path, in a queued email. */
export const emailLink = (path: string) => `${ORIGIN}${path.startsWith("/") ? path : `/${path}`}`;

export interface EmailContent {
  subject: string;
  text: string;
}

/** The email for one notification, in the recipient's language. */
export function notificationEmail(
  locale: MessageLocale,
  n: { kind: string; params: Record<string, string>; link: string },
  org: { name: string; slug: string },
): EmailContent {
  const params = { ...cleanParams(n.params), title: clean(n.params.title ?? "") };
  const line = message(locale, `notifications.kind.${n.kind}`, params, "notifications.kind.other");
  const lines = [line, ""];
  if (n.link) lines.push(message(locale, "notifications.email.open", { link: emailLink(n.link) }), "");
  lines.push("—", footer(locale, org));
  return { subject: `${clean(org.name)}: ${line}`, text: lines.join("\n") };
}

export function footer(locale: MessageLocale, org: { name: string; slug: string }) {
  return message(locale, "notifications.email.footer", { org: clean(org.name), link: emailLink(`/${org.slug}/account/notifications`) });
}

// ---------------------------------------------------------------------------------------------
// Sending: the outbox is drained by the jobs (and right after a request, best effort)
// ---------------------------------------------------------------------------------------------

/** After this many failed attempts a message is given up (status "failed"). */
export const MAX_ATTEMPTS = 6;
/** A message still unsent after this long is stale: it is given up rather than sent late. */
const MAX_AGE_MS = 3 * 86_400_000;
/** How long a claimed message is reserved for the sender that claimed it (a crashed sender's claim lapses). */
const LEASE_MS = 10 * 60_000;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 6 * 3_600_000;

/** Wait before the next attempt after `attempts` failures: 1, 2, 4, 8… minutes, at most 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
}

export interface SendOptions {
  mailer: Mailer | undefined;
  /** The app's absolute origin (e.g. https://lodestar.example.com), for links. */
  baseUrl: string;
  now?: Date;
  limit?: number;
}

/**
 * Sends the email that is due. Rows are claimed with FOR UPDATE SKIP LOCKED and reserved (a lease
 * on next_attempt_at) in a short transaction, then sent outside it, so several instances draining
 * at once never send one message twice and no transaction waits on SMTP. A failure leaves the row
 * pending with exponential backoff; after MAX_ATTEMPTS it is marked failed. Without a mailer
 * nothing is sent, and stale messages are given up.
 */
export async function sendDueEmails(db: Database, opts: SendOptions) {
  const now = opts.now ?? new Date();
  const stale = new Date(now.getTime() - MAX_AGE_MS);
  const expired = await db
    .update(emailOutbox)
    .set({ status: "failed", lastError: "expired: not sent in time" })
    .where(and(eq(emailOutbox.status, "pending"), lt(emailOutbox.createdAt, stale)))
    .returning({ id: emailOutbox.id });
  if (!opts.mailer) return { sent: 0, retrying: 0, failed: 0, expired: expired.length, skipped: "email is not configured" as const };

  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      // Millisecond precision: a JavaScript `now` taken right after the row was queued (PostgreSQL
      // stores microseconds) must find it due.
      .where(and(eq(emailOutbox.status, "pending"), sql`date_trunc('milliseconds', ${emailOutbox.nextAttemptAt}) <= ${now}`))
      .orderBy(asc(emailOutbox.nextAttemptAt))
      .limit(opts.limit ?? 50)
      .for("update", { skipLocked: true });
    if (!due.length) return [];
    return tx
      .update(emailOutbox)
      .set({ attempts: sql`${emailOutbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
      .where(inArray(emailOutbox.id, due.map((d) => d.id)))
      .returning();
  });

  const origin = opts.baseUrl.replace(/\/+$/, "");
  let sent = 0;
  let retrying = 0;
  let failed = 0;
  for (const row of claimed) {
    // Only the claim we hold may settle the row (a lapsed lease may have been claimed again).
    const mine = and(eq(emailOutbox.id, row.id), eq(emailOutbox.attempts, row.attempts), eq(emailOutbox.status, "pending"));
    try {
      await opts.mailer.send({ to: row.to, subject: row.subject.split(ORIGIN).join(origin), text: row.text.split(ORIGIN).join(origin) });
      await db.update(emailOutbox).set({ status: "sent", sentAt: new Date(), lastError: null }).where(mine);
      sent++;
    } catch (err) {
      const error = String(err instanceof Error ? err.message : err).slice(0, 500);
      const giveUp = row.attempts >= MAX_ATTEMPTS;
      await db
        .update(emailOutbox)
        .set(giveUp ? { status: "failed", lastError: error } : { lastError: error, nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts)) })
        .where(mine);
      if (giveUp) failed++;
      else retrying++;
      logger.warn({ emailId: row.id, attempts: row.attempts, giveUp, err: error }, "email send failed");
    }
  }
  return { sent, retrying, failed, expired: expired.length };
}

/**
 * Right after a request that may have queued email: sends what is due without delaying or failing
 * the request (errors are logged, never thrown).
 */
export async function flushEmails(db: Database, opts: SendOptions): Promise<void> {
  if (!opts.mailer) return;
  try {
    await sendDueEmails(db, { ...opts, limit: opts.limit ?? 20 });
  } catch (err) {
    logger.warn({ err: String(err) }, "email flush failed");
  }
}
