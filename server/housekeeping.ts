import { lt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { loginAttempts, rateLimitCounters } from "@/db/schema";
import { sweepSessions } from "./auth/sessions";

/**
 * Deletes rows nothing reads any more: sessions that can no longer be used, login attempts older than
 * a day (the rate limit looks back 15 minutes) and API rate-limit windows older than an hour.
 */
export async function housekeeping(db: Database, now = new Date()) {
  const sessions = await sweepSessions(db, now);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const attempts = (await db.delete(loginAttempts).where(lt(loginAttempts.createdAt, dayAgo)).returning({ id: loginAttempts.id })).length;
  const counters = (
    await db.delete(rateLimitCounters).where(lt(rateLimitCounters.windowStart, hourAgo)).returning({ key: rateLimitCounters.key })
  ).length;
  return { sessions, loginAttempts: attempts, rateLimitCounters: counters };
}
