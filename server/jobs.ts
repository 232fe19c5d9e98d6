import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { escalateOverdue } from "./approvals/engine";
import { housekeeping } from "./housekeeping";
import { logger } from "./log";
import type { Mailer } from "./mail";
import { weeklyDigests } from "./notifications/digest";
import { sendDueEmails } from "./notifications/email";
import { checkInReminders } from "./okrs/reminders";
import { runRiskJobs } from "./risks/jobs";
import { notifyOverdueActions } from "./retros/overdue";
import { deliverDue } from "./webhooks/deliver";

/** Runs one job and records the run (and its outcome) in job_runs. */
async function recorded<T>(db: Database, job: string, now: Date, run: () => Promise<T>): Promise<T> {
  const [row] = await db.insert(jobRuns).values({ job, startedAt: now }).returning({ id: jobRuns.id });
  try {
    const result = await run();
    await db.update(jobRuns).set({ finishedAt: new Date(), ok: true, result: result as object }).where(eq(jobRuns.id, row!.id));
    return result;
  } catch (e) {
    await db.update(jobRuns).set({ finishedAt: new Date(), ok: false, result: { error: e instanceof Error ? e.message : String(e) } }).where(eq(jobRuns.id, row!.id));
    throw e;
  }
}

export interface JobOptions {
  /** Present when SMTP is configured: queued email is sent, and weekly digests are written. */
  mailer?: Mailer;
  /** The app's absolute origin, for links in email. */
  baseUrl?: string;
}

/**
 * Every scheduled job, run by `/api/cron` (a serverless host's cron) or `npm run jobs`. Each job is
 * idempotent: running twice in the same window does nothing the second time. Email goes last, so
 * what the jobs queued is sent in the same run.
 */
export async function runJobs(db: Database, now = new Date(), opts: JobOptions = {}) {
  const started = Date.now();
  const approvals = await recorded(db, "approvals_escalation", now, () => escalateOverdue(db, now));
  const risks = await recorded(db, "risks", now, () => runRiskJobs(db, now));
  const actions = await recorded(db, "retro_actions_overdue", now, () => notifyOverdueActions(db, now));
  // Claims its week in job_runs itself (once per week, whatever the cron's schedule).
  const reminders = await checkInReminders(db, now);
  // Email only: without SMTP there is nobody to send it, so the week is left unclaimed.
  const digests = opts.mailer ? await weeklyDigests(db, now) : { skipped: "email is not configured" };
  const email = await recorded(db, "email_outbox", now, () =>
    sendDueEmails(db, { mailer: opts.mailer, baseUrl: opts.baseUrl ?? "http://localhost:3000", now }),
  );
  // Last, so the events the jobs above raised go out in the same run. Claims with SKIP LOCKED:
  // several instances running jobs at once never send a delivery twice.
  const webhooks = await recorded(db, "webhooks", now, () => deliverDue(db, { now }));
  const swept = await recorded(db, "housekeeping", now, () => housekeeping(db, now));
  const result = { approvals, risks, actions, reminders, digests, email, webhooks, swept, ms: Date.now() - started };
  logger.info({ job: "all", ...result }, "jobs ran");
  return result;
}
