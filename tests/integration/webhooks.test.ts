/**
 * Outgoing webhooks against a real local HTTP receiver: events queued with the change that raised
 * them (outbox), delivered right after the request, signed (verified on the receiving side), retried
 * with backoff by the job when the receiver fails, only the subscribed events, nothing for a disabled
 * hook, Slack format, send test and redeliver.
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { auditEvents, jobRuns, webhookDeliveries } from "@/db/schema";
import { recordAudit } from "@/server/audit/record";
import { runJobs } from "@/server/jobs";
import { BACKOFF_SEC, MAX_ATTEMPTS, postOnce, settleWebhookDeliveries } from "@/server/webhooks/deliver";
import { verifySignature } from "@/server/webhooks/signature";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";
import { expectFieldError } from "../helpers/errors";
import { build, makeWorld, uid, type World } from "./_support/procedures";

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let h: DbHandle;
let w: World;
let server: http.Server;
let base = "";
const received: Received[] = [];
/** Status codes to answer with, per path, in order; then 200. */
const script = new Map<string, number[]>();

beforeAll(async () => {
  h = await createTestDb();
  w = await makeWorld(h.db, "hooks");
  server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body });
      const queue = script.get(path) ?? [];
      const status = queue.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "nope");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await settleWebhookDeliveries();
  await new Promise((r) => server.close(r));
  await h?.close();
});
beforeEach(() => {
  received.length = 0;
});

const admin = () => callerFor(h.db, w.org.users.admin.id);
const member = () => callerFor(h.db, w.org.users.member.id);
const mineS = () => ({ ownerId: w.org.users.member.id, departmentId: w.org.departmentIds.a });
const at = (path: string) => received.filter((r) => r.path === path);

async function hook(events: string[], opts: { format?: "json" | "slack"; path?: string } = {}) {
  const path = opts.path ?? `/h/${uid()}`;
  const res = await (await admin()).webhook.create({ orgSlug: w.org.slug, url: `${base}${path}`, events: events as never, format: opts.format ?? "json" });
  return { ...res, path };
}

/** A comment on a new objective: a `comment.created` event, raised by a member's request. */
async function comment() {
  const o = await build.objective(w, mineS());
  await (await member()).comment.add({ orgSlug: w.org.slug, entityType: "objective", entityId: o.id, body: "Ship it", mentionIds: [] });
  await settleWebhookDeliveries();
  return o;
}

const deliveriesOf = (webhookId: string) => h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId));

describe("webhooks", () => {
  it("creates a hook whose secret is shown once; the list and get never show it", async () => {
    const { webhook, secret } = await hook(["*"]);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const a = await admin();
    const list = await a.webhook.list({ orgSlug: w.org.slug });
    const got = await a.webhook.get({ orgSlug: w.org.slug, webhookId: webhook.id });
    expect(JSON.stringify(list)).not.toContain(secret);
    expect(JSON.stringify(got)).not.toContain(secret);
    expect(got).not.toHaveProperty("secret");
    expect(got.events).toEqual(["*"]);
    // the audit log (readable by managers) keeps neither the secret nor the full URL (often a credential itself)
    const audit = await h.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, "webhook"), eq(auditEvents.entityId, webhook.id)));
    expect(audit.map((a) => a.action)).toEqual(["create"]);
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(JSON.stringify(audit)).not.toContain(webhook.url);
    expect(audit[0]!.after).toMatchObject({ origin: base, events: ["*"] });
  });

  it("refuses URLs that are not http(s)", async () => {
    const a = await admin();
    await expectFieldError(a.webhook.create({ orgSlug: w.org.slug, url: "ftp://example.com/x", events: ["*"] }), "url", "http");
    await expectFieldError(a.webhook.create({ orgSlug: w.org.slug, url: "file:///etc/passwd", events: ["*"] }), "url", "http");
    await expectFieldError(a.webhook.create({ orgSlug: w.org.slug, url: `${base}/x`, events: [] }), "events", "event");
  });

  it("delivers a subscribed event right after the request, signed so the receiver can verify it", async () => {
    const { webhook, secret, path } = await hook(["comment.created"]);
    const o = await comment();
    const got = at(path);
    expect(got).toHaveLength(1);
    const r = got[0]!;
    expect(r.headers["lodestar-event"]).toBe("comment.created");
    const [d] = await deliveriesOf(webhook.id);
    expect(r.headers["lodestar-delivery"]).toBe(d!.id);
    expect(d).toMatchObject({ status: "succeeded", attempts: 1, lastStatusCode: 200, lastError: null });
    expect(d!.lastDurationMs).toBeGreaterThanOrEqual(0);
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({
      event: "comment.created",
      org: { slug: w.org.slug },
      data: { entityType: "objective", entityId: o.id, action: "comment_add", link: `/${w.org.slug}/okrs/o/${o.id}` },
    });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(body.occurredAt).getTime()).toBeLessThanOrEqual(Date.now());

    // the receiver's side
    const sig = r.headers["lodestar-signature"] as string;
    expect(sig).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, sig, r.body)).toBe(true);
    expect(verifySignature(secret, sig, r.body.replace(o.id, crypto.randomUUID()))).toBe(false);
    expect(verifySignature(secret, sig, `${r.body} `)).toBe(false);
    expect(verifySignature(`${secret}x`, sig, r.body)).toBe(false);
    expect(verifySignature(secret, sig, r.body, { now: Date.now() + 301_000 })).toBe(false);
  });

  it("retries a failed delivery with backoff from the job; the log shows both attempts", async () => {
    const { webhook, path } = await hook(["comment.created"]);
    script.set(path, [500]);
    await comment();
    expect(at(path)).toHaveLength(1);
    let [d] = await deliveriesOf(webhook.id);
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500, lastError: "HTTP 500" });
    const wait = d!.nextAttemptAt.getTime() - Date.now();
    expect(wait).toBeGreaterThan((BACKOFF_SEC[0] - 5) * 1000);
    expect(wait).toBeLessThanOrEqual(BACKOFF_SEC[0] * 1000 + 1000);

    // the job before the retry is due sends nothing
    await runJobs(h.db, new Date());
    expect(at(path)).toHaveLength(1);
    // after it is due, the job retries and succeeds
    await runJobs(h.db, new Date(Date.now() + 2 * 60_000));
    expect(at(path)).toHaveLength(2);
    [d] = await deliveriesOf(webhook.id);
    expect(d).toMatchObject({ status: "succeeded", attempts: 2, lastStatusCode: 200, lastError: null });
    expect(d!.deliveredAt).not.toBeNull();
    // both attempts carried the same delivery id and event id
    const [one, two] = at(path);
    expect(one!.headers["lodestar-delivery"]).toBe(two!.headers["lodestar-delivery"]);
    expect(JSON.parse(one!.body).id).toBe(JSON.parse(two!.body).id);
    const [run] = await h.db.select().from(jobRuns).where(eq(jobRuns.job, "webhooks")).orderBy(jobRuns.startedAt).limit(1);
    expect(run?.ok).toBe(true);

    // the log, newest first
    const log = await (await admin()).webhook.deliveries({ orgSlug: w.org.slug, webhookId: webhook.id });
    expect(log.items[0]).toMatchObject({ event: "comment.created", status: "succeeded", attempts: 2, lastStatusCode: 200, nextAttemptAt: null });
  });

  it("gives up after the last attempt, waiting longer each time", async () => {
    const { webhook, path } = await hook(["comment.created"]);
    script.set(path, Array(MAX_ATTEMPTS).fill(503));
    await comment();
    let now = Date.now();
    const waits: number[] = [];
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      const [d] = await deliveriesOf(webhook.id);
      expect(d!.status).toBe("pending");
      waits.push(d!.nextAttemptAt.getTime() - now);
      now = d!.nextAttemptAt.getTime() + 1000;
      await runJobs(h.db, new Date(now));
    }
    const [d] = await deliveriesOf(webhook.id);
    expect(d).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, lastStatusCode: 503 });
    expect(at(path)).toHaveLength(MAX_ATTEMPTS);
    for (let i = 1; i < waits.length; i++) expect(waits[i]!).toBeGreaterThan(waits[i - 1]!);
    // nothing more afterwards
    await runJobs(h.db, new Date(now + 86_400_000));
    expect(at(path)).toHaveLength(MAX_ATTEMPTS);
  });

  it("queues only the subscribed events", async () => {
    const { webhook, path } = await hook(["objective.created"]);
    await comment();
    expect(await deliveriesOf(webhook.id)).toHaveLength(0);
    const input = { orgSlug: w.org.slug, periodId: w.periodId, title: `Hooked ${uid()}`, level: "department" as const, ownerId: w.org.users.member.id, departmentId: w.org.departmentIds.a };
    const o = await (await member()).objective.create(input);
    await settleWebhookDeliveries();
    const ds = await deliveriesOf(webhook.id);
    expect(ds.map((d) => d.event)).toEqual(["objective.created"]);
    expect(JSON.parse(at(path)[0]!.body).data).toMatchObject({ entityId: o.id, title: input.title });
  });

  it("announces a KR check-in and the risk warning it raises through an indicator", async () => {
    const { path } = await hook(["checkin.created", "risk.warning"]);
    const risk = await build.risk(w, mineS());
    const kr = await build.keyResult(w, mineS());
    const m = await member();
    await m.risk.addKri({ orgSlug: w.org.slug, riskId: risk.id, kind: "key_result", targetId: kr.id });
    await m.keyResult.checkIn({ orgSlug: w.org.slug, keyResultId: kr.id, value: 5, confidence: 3, note: "" });
    await settleWebhookDeliveries();
    const bodies = at(path).map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.event).sort()).toEqual(["checkin.created", "risk.warning"]);
    const checkin = bodies.find((b) => b.event === "checkin.created");
    expect(checkin.data).toMatchObject({ entityType: "keyResult", entityId: kr.id, link: `/${w.org.slug}/okrs/o/${kr.objectiveId}`, after: { value: 5, confidence: 3 } });
    const warning = bodies.find((b) => b.event === "risk.warning");
    expect(warning.data).toMatchObject({ entityType: "risk", entityId: risk.id, title: risk.title, link: `/${w.org.slug}/risks/${risk.id}` });
    // one event id per event, shared by nobody else
    expect(checkin.id).not.toBe(warning.id);
  });

  it("a rolled-back change announces nothing (the delivery is written in its transaction)", async () => {
    const { webhook } = await hook(["risk.created"]);
    const actor = { userId: w.org.users.admin.id, orgId: w.org.orgId };
    const tx = h.db.transaction(async (t) => {
      await recordAudit(t, actor, { entityType: "risk", entityId: crypto.randomUUID(), action: "create", after: { title: "Never" } });
      expect(await t.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhook.id))).toHaveLength(1);
      throw new Error("rollback");
    });
    await expect(tx).rejects.toThrow("rollback");
    expect(await deliveriesOf(webhook.id)).toHaveLength(0);
  });

  it("a disabled hook gets nothing", async () => {
    const { webhook, path } = await hook(["comment.created"]);
    const a = await admin();
    await a.webhook.update({ orgSlug: w.org.slug, webhookId: webhook.id, version: webhook.version, url: webhook.url, description: "", events: ["comment.created"], format: "json", active: false });
    await comment();
    await runJobs(h.db, new Date(Date.now() + 3_600_000));
    expect(await deliveriesOf(webhook.id)).toHaveLength(0);
    expect(at(path)).toHaveLength(0);
  });

  it("sends the Slack-compatible format: text and blocks with the link", async () => {
    const { path } = await hook(["comment.created"], { format: "slack" });
    await comment();
    const [r] = at(path);
    const body = JSON.parse(r!.body);
    expect(Object.keys(body).sort()).toEqual(["blocks", "text"]);
    expect(body.text).toContain("New comment");
    expect(Array.isArray(body.blocks)).toBe(true);
    expect(body.blocks[0]).toMatchObject({ type: "section", text: { type: "mrkdwn" } });
    expect(JSON.stringify(body.blocks)).toContain("comment.created");
    expect(r!.headers["lodestar-signature"]).toBeTruthy();
  });

  it("send test pings the hook (even disabled) and returns the outcome", async () => {
    const { webhook, secret, path } = await hook(["retro.closed"]);
    const a = await admin();
    const ok = await a.webhook.test({ orgSlug: w.org.slug, webhookId: webhook.id });
    expect(ok).toMatchObject({ status: "succeeded", statusCode: 200, error: null, attempts: 1 });
    const [r] = at(path);
    expect(r!.headers["lodestar-event"]).toBe("ping");
    expect(JSON.parse(r!.body)).toMatchObject({ event: "ping", org: { slug: w.org.slug }, data: { entityId: webhook.id } });
    expect(verifySignature(secret, r!.headers["lodestar-signature"] as string, r!.body)).toBe(true);

    script.set(path, [500]);
    const failed = await a.webhook.test({ orgSlug: w.org.slug, webhookId: webhook.id });
    // a test is tried once, not retried
    expect(failed).toMatchObject({ status: "failed", statusCode: 500, error: "HTTP 500" });

    // a receiver that is down
    const down = await hook(["retro.closed"]);
    const [row] = await h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, down.webhook.id));
    expect(row).toBeUndefined();
    await a.webhook.update({ orgSlug: w.org.slug, webhookId: down.webhook.id, version: down.webhook.version, url: "http://127.0.0.1:9/down", description: "", events: ["retro.closed"], format: "json", active: false });
    const refused = await a.webhook.test({ orgSlug: w.org.slug, webhookId: down.webhook.id });
    expect(refused).toMatchObject({ status: "failed", statusCode: null });
    expect(refused.error).toMatch(/ECONNREFUSED|refused/i);
  });

  it("redelivers a delivery as a new one with the same event id", async () => {
    const { webhook, path } = await hook(["comment.created"]);
    script.set(path, Array(MAX_ATTEMPTS).fill(500));
    await comment();
    const [first] = await deliveriesOf(webhook.id);
    script.set(path, []);
    const res = await (await admin()).webhook.redeliver({ orgSlug: w.org.slug, deliveryId: first!.id });
    expect(res).toMatchObject({ status: "succeeded", statusCode: 200 });
    expect(res.deliveryId).not.toBe(first!.id);
    const [a1, a2] = at(path);
    expect(JSON.parse(a2!.body).id).toBe(JSON.parse(a1!.body).id);
    expect(a2!.headers["lodestar-delivery"]).toBe(res.deliveryId);
    const log = await (await admin()).webhook.deliveries({ orgSlug: w.org.slug, webhookId: webhook.id });
    expect(log.items.map((i) => i.status)).toEqual(["succeeded", "pending"]);
  });

  it("rotating the secret signs with the new one only", async () => {
    const { webhook, secret, path } = await hook(["retro.closed"]);
    const a = await admin();
    const rotated = await a.webhook.rotateSecret({ orgSlug: w.org.slug, webhookId: webhook.id, version: webhook.version });
    expect(rotated.secret).not.toBe(secret);
    await a.webhook.test({ orgSlug: w.org.slug, webhookId: webhook.id });
    const [r] = at(path);
    expect(verifySignature(rotated.secret, r!.headers["lodestar-signature"] as string, r!.body)).toBe(true);
    expect(verifySignature(secret, r!.headers["lodestar-signature"] as string, r!.body)).toBe(false);
    // a stale version is a conflict
    await expect(a.webhook.rotateSecret({ orgSlug: w.org.slug, webhookId: webhook.id, version: webhook.version })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("pages the delivery log and filters it by status", async () => {
    const { webhook, path } = await hook(["retro.closed"]);
    const a = await admin();
    script.set(path, [200, 500, 200]);
    for (let i = 0; i < 3; i++) await a.webhook.test({ orgSlug: w.org.slug, webhookId: webhook.id });
    const p1 = await a.webhook.deliveries({ orgSlug: w.org.slug, webhookId: webhook.id, limit: 2 });
    expect(p1.items).toHaveLength(2);
    const p2 = await a.webhook.deliveries({ orgSlug: w.org.slug, webhookId: webhook.id, limit: 2, cursor: p1.nextCursor! });
    expect(p2.items).toHaveLength(1);
    expect(p2.nextCursor).toBeNull();
    expect(new Set([...p1.items, ...p2.items].map((i) => i.id)).size).toBe(3);
    const failed = await a.webhook.deliveries({ orgSlug: w.org.slug, webhookId: webhook.id, status: "failed" });
    expect(failed.items).toHaveLength(1);
  });

  it("deleting a hook deletes its log", async () => {
    const { webhook } = await hook(["retro.closed"]);
    const a = await admin();
    await a.webhook.test({ orgSlug: w.org.slug, webhookId: webhook.id });
    await a.webhook.delete({ orgSlug: w.org.slug, webhookId: webhook.id });
    expect(await deliveriesOf(webhook.id)).toHaveLength(0);
    await expect(a.webhook.get({ orgSlug: w.org.slug, webhookId: webhook.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("two senders at once never send a delivery twice", async () => {
    const { webhook, path } = await hook(["comment.created"]);
    script.set(path, [500]);
    await comment();
    const later = new Date(Date.now() + 5 * 60_000);
    await Promise.all([runJobs(h.db, later), runJobs(h.db, later)]);
    expect(at(path)).toHaveLength(2);
    const [d] = await h.db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.webhookId, webhook.id)));
    expect(d).toMatchObject({ status: "succeeded", attempts: 2 });
  });

  it("refuses private targets when they are not allowed (production)", async () => {
    const res = await postOnce(`${base}/private`, "{}", {}, { allowPrivate: false });
    expect(res.statusCode).toBeNull();
    expect(res.error).toMatch(/private/i);
    const viaName = await postOnce(`http://localhost:${new URL(base).port}/private`, "{}", {}, { allowPrivate: false });
    expect(viaName.error).toMatch(/private/i);
    expect(at("/private")).toHaveLength(0);
  });
});
