import type { Database } from "@/db/client";
import { escalateOverdue } from "./approvals/engine";
import { logger } from "./log";
import { runRiskJobs } from "./risks/jobs";

/**
 * Every scheduled job, run by `/api/cron` (a serverless host's cron) or `npm run jobs`. Each job is
 * idempotent: running twice in the same window does nothing the second time.
 */
export async function runJobs(db: Database, now = new Date()) {
  const started = Date.now();
  const approvals = await escalateOverdue(db, now);
  const risks = await runRiskJobs(db, now);
  const result = { approvals, risks, ms: Date.now() - started };
  logger.info({ job: "all", ...result }, "jobs ran");
  return result;
}
