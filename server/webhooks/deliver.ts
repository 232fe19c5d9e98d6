import http from "node:http";
import https from "node:https";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { webhookDeliveries, webhooks } from "@/db/schema";
import { logger } from "../log";
import type { WebhookPayload } from "./outbox";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signPayload } from "./signature";
import { guardedLookup, privateTargetsAllowed, urlProblem } from "./target";

/**
 * Sending webhook deliveries. A delivery is claimed with one UPDATE … WHERE id IN (SELECT … FOR
 * UPDATE SKIP LOCKED) that counts the attempt and leases the row for LEASE_MS (pushes its
 * next_attempt_at ahead), so several instances (or the request and the cron job) never send the same
 * delivery twice, and no transaction stays open during the HTTP call. The outcome is then written:
 * succeeded, or a retry after BACKOFF_SEC[attempt - 1], or failed after MAX_ATTEMPTS.
 */
export const TIMEOUT_MS = 10_000;
const LEASE_MS = 60_000;
/** Waits after the 1st, 2nd, … failed attempt: 1 min, 5 min, 30 min, 2 h, 12 h. */
export const BACKOFF_SEC = [60, 5 * 60, 30 * 60, 2 * 3600, 12 * 3600] as const;
export const MAX_ATTEMPTS = BACKOFF_SEC.length + 1;
const BATCH = 10;

export interface AttemptResult {
  deliveryId: string;
  status: "pending" | "succeeded" | "failed";
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  attempts: number;
  nextAttemptAt: Date | null;
}

type Claimed = typeof webhookDeliveries.$inferSelect;

/** One POST, never throwing: the status code (any), or the network error, and how long it took. */
export function postOnce(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { timeoutMs?: number; allowPrivate?: boolean } = {},
): Promise<{ statusCode: number | null; error: string | null; durationMs: number }> {
  const started = performance.now();
  const timeoutMs = opts.timeoutMs ?? TIMEOUT_MS;
  const allowPrivate = opts.allowPrivate ?? privateTargetsAllowed();
  return new Promise((resolve) => {
    let done = false;
    const timer: { id?: NodeJS.Timeout } = {};
    const finish = (statusCode: number | null, error: string | null) => {
      if (done) return;
      done = true;
      if (timer.id) clearTimeout(timer.id);
      resolve({ statusCode, error, durationMs: Math.round(performance.now() - started) });
    };
    const problem = urlProblem(url, allowPrivate);
    if (problem) return finish(null, problem === "private" ? "Refused: private address" : "Refused: not an http(s) URL");
    const u = new URL(url);
    const mod = u.protocol === "https:" ? https : http;
    const req = mod.request(
      u,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: guardedLookup(allowPrivate) as unknown as http.RequestOptions["lookup"],
        agent: false,
      },
      (res) => {
        const code = res.statusCode ?? 0;
        // The response body is not needed: read and drop it.
        res.resume();
        finish(code, code >= 200 && code < 300 ? null : `HTTP ${code}`);
      },
    );
    timer.id = setTimeout(() => req.destroy(new Error(`Timed out after ${timeoutMs / 1000} s`)), timeoutMs);
    req.on("error", (e) => finish(null, e.message.slice(0, 500)));
    req.end(body);
  });
}

const EVENT_LABELS: Record<string, string> = {
  ping: "Test event from Lodestar",
  "approval.requested": "Approval requested",
  "approval.decided": "Approval decided",
  "objective.created": "Objective created",
  "objective.status_changed": "Objective status changed",
  "checkin.created": "Key result check-in",
  "kpi.value_recorded": "KPI value recorded",
  "campaign.created": "Campaign created",
  "campaign.launched": "Campaign launched",
  "campaign.completed": "Campaign completed",
  "campaign.over_budget": "Campaign over budget",
  "product.created": "Product created",
  "product.stage_advanced": "Product advanced a stage",
  "risk.created": "Risk identified",
  "risk.assessed": "Risk assessed",
  "risk.status_changed": "Risk status changed",
  "risk.accepted": "Risk accepted",
  "risk.warning": "Risk warning (indicator breached)",
  "retro.closed": "Retrospective closed",
  "action_item.completed": "Action item completed",
  "comment.created": "New comment",
};

const slackEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A Slack-compatible (incoming webhook) message for an event: `text` plus Block Kit `blocks`. */
export function slackMessage(p: WebhookPayload): { text: string; blocks: unknown[] } {
  const label = EVENT_LABELS[p.event] ?? p.event;
  const title = p.data?.title ?? null;
  const summary = title ? `${label}: ${title}` : label;
  const link = p.data?.link && /^https?:\/\//.test(p.data.link) ? p.data.link : null;
  const text = link ? `${slackEscape(summary)} — <${link}|Open in Lodestar>` : slackEscape(summary);
  const blocks: unknown[] = [{ type: "section", text: { type: "mrkdwn", text: link ? `*<${link}|${slackEscape(summary)}>*` : `*${slackEscape(summary)}*` } }];
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: slackEscape(`${p.event} · ${p.org?.slug ?? ""} · ${p.occurredAt}`) }] });
  return { text, blocks };
}

/** The exact body sent for a delivery in the webhook's format. */
export function bodyFor(format: "json" | "slack", payload: WebhookPayload): string {
  return JSON.stringify(format === "slack" ? slackMessage(payload) : payload);
}

async function claim(db: Database, where: { ids?: string[]; now: Date; orgId?: string; limit: number }): Promise<Claimed[]> {
  const conds = [eq(webhookDeliveries.status, "pending")];
  if (where.ids) conds.push(inArray(webhookDeliveries.id, where.ids));
  else {
    // Compared at millisecond precision: a JavaScript `now` taken a moment after a row was queued
    // (PostgreSQL stores microseconds) must find it due.
    conds.push(sql`date_trunc('milliseconds', ${webhookDeliveries.nextAttemptAt}) <= ${where.now}`);
    // Deliveries of a disabled webhook wait until it is enabled again.
    conds.push(inArray(webhookDeliveries.webhookId, db.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.active, true))));
  }
  if (where.orgId) conds.push(eq(webhookDeliveries.orgId, where.orgId));
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(...conds))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(where.limit)
    .for("update", { skipLocked: true });
  return db
    .update(webhookDeliveries)
    .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, nextAttemptAt: new Date(Math.max(Date.now(), where.now.getTime()) + LEASE_MS) })
    .where(inArray(webhookDeliveries.id, due))
    .returning();
}

async function attempt(db: Database, d: Claimed, now: Date): Promise<AttemptResult> {
  const [hook] = await db.select().from(webhooks).where(eq(webhooks.id, d.webhookId)).limit(1);
  const payload = d.payload as unknown as WebhookPayload;
  let res: { statusCode: number | null; error: string | null; durationMs: number };
  if (!hook) res = { statusCode: null, error: "Webhook deleted", durationMs: 0 };
  else {
    const body = bodyFor(hook.format, payload);
    res = await postOnce(hook.url, body, {
      "content-type": "application/json",
      "user-agent": "Lodestar-Webhooks/1",
      [EVENT_HEADER]: d.event,
      [DELIVERY_HEADER]: d.id,
      [SIGNATURE_HEADER]: signPayload(hook.secret, body),
    });
  }
  const ok = res.error === null && res.statusCode !== null;
  // A test ping is tried once; everything else retries with backoff.
  const maxAttempts = d.event === "ping" ? 1 : MAX_ATTEMPTS;
  const giveUp = !ok && (d.attempts >= maxAttempts || !hook);
  const status = ok ? "succeeded" : giveUp ? "failed" : "pending";
  const nextAttemptAt = status === "pending" ? new Date(now.getTime() + BACKOFF_SEC[Math.min(d.attempts, BACKOFF_SEC.length) - 1]! * 1000) : null;
  await db
    .update(webhookDeliveries)
    .set({
      status,
      lastStatusCode: res.statusCode,
      lastError: res.error,
      lastDurationMs: res.durationMs,
      deliveredAt: ok ? new Date() : null,
      ...(nextAttemptAt ? { nextAttemptAt } : {}),
    })
    .where(eq(webhookDeliveries.id, d.id));
  if (!ok) logger.info({ deliveryId: d.id, webhookId: d.webhookId, event: d.event, attempts: d.attempts, status, error: res.error }, "webhook attempt failed");
  return { deliveryId: d.id, status, statusCode: res.statusCode, error: res.error, durationMs: res.durationMs, attempts: d.attempts, nextAttemptAt };
}

/** Sends one delivery now (send test, redeliver), whatever its schedule. Null if another sender has it. */
export async function deliverNow(db: Database, deliveryId: string, now = new Date()): Promise<AttemptResult | null> {
  const [d] = await claim(db, { ids: [deliveryId], now, limit: 1 });
  return d ? attempt(db, d, now) : null;
}

/**
 * Sends the deliveries that are due (of one organisation, or all), BATCH at a time in parallel, up
 * to `max`. Used after a request commits and by the scheduled job.
 */
export async function deliverDue(db: Database, opts: { now?: Date; orgId?: string; max?: number } = {}) {
  const now = opts.now ?? new Date();
  const max = opts.max ?? 200;
  const out = { attempted: 0, succeeded: 0, retrying: 0, failed: 0 };
  while (out.attempted < max) {
    const batch = await claim(db, { now, orgId: opts.orgId, limit: Math.min(BATCH, max - out.attempted) });
    if (!batch.length) break;
    const results = await Promise.all(batch.map((d) => attempt(db, d, now)));
    for (const r of results) {
      out.attempted++;
      if (r.status === "succeeded") out.succeeded++;
      else if (r.status === "pending") out.retrying++;
      else out.failed++;
    }
  }
  return out;
}

const inFlight = new Set<Promise<unknown>>();

/**
 * Starts sending an organisation's due deliveries in the background (best effort: the job retries
 * whatever does not get through). The returned promise never rejects.
 */
export function kickDeliveries(db: Database, orgId: string): Promise<unknown> {
  const p: Promise<unknown> = deliverDue(db, { orgId, max: 50 })
    .catch((e) => logger.warn({ orgId, err: e instanceof Error ? e.message : String(e) }, "webhook delivery after request failed"))
    .finally(() => inFlight.delete(p));
  inFlight.add(p);
  return p;
}

/** Waits for background deliveries started by kickDeliveries (tests, graceful shutdown). */
export async function settleWebhookDeliveries(): Promise<void> {
  while (inFlight.size) await Promise.allSettled([...inFlight]);
}
