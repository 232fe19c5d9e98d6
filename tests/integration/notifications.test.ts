/**
 * Notifications: per-user preferences (in-app / email per kind), the email outbox and its sender
 * (against a real local SMTP sink), the weekly digest, overdue action items and mentions in
 * approval comments.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { emailOutbox, jobRuns, keyResults, memberships, notificationPreferences, notifications, objectives, organizations, retroActions, users } from "@/db/schema";
import { runJobs } from "@/server/jobs";
import { smtpMailer } from "@/server/mail";
import { weeklyDigests } from "@/server/notifications/digest";
import { MAX_ATTEMPTS, sendDueEmails } from "@/server/notifications/email";
import { notify } from "@/server/notifications/service";
import { notifyOverdueActions } from "@/server/retros/overdue";
import { createTestDb } from "../helpers/db";
import { startSmtpSink } from "../helpers/smtp-sink";
import { callerFor, makeUser } from "../helpers/factories";
import { build, makeWorld, type World } from "./_support/procedures";

let h: DbHandle & { isPostgres: boolean };
let w: World;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const BASE = "https://lodestar.test";
const mailer = () => sink.mailer();

beforeAll(async () => {
  h = await createTestDb();
  w = await makeWorld(h.db, "notif");
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink?.close();
  await h?.close();
});
beforeEach(async () => {
  // Each test starts from an empty outbox (rows of earlier tests would be sent again otherwise).
  await h.db.delete(emailOutbox).where(sql`true`);
  sink.received.length = 0;
});

const inApp = (userId: string, kind: string) =>
  h.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));
const outbox = (userId: string) => h.db.select().from(emailOutbox).where(eq(emailOutbox.userId, userId));

describe("preferences", () => {
  it("lists every kind with its defaults, and saves only the caller's own", async () => {
    const member = await callerFor(h.db, w.org.users.member.id);
    const prefs = await member.notification.preferences({ orgSlug: w.org.slug });
    expect(prefs.emailConfigured).toBe(false);
    const byKind = Object.fromEntries(prefs.items.map((p) => [p.kind, p]));
    expect(byKind.approvalRequested).toMatchObject({ inApp: true, email: true });
    expect(byKind.checkInReminder).toMatchObject({ inApp: true, email: false });
    expect(byKind.weeklyDigest).toMatchObject({ inApp: false, email: true, inAppAvailable: false });

    const saved = await member.notification.updatePreferences({
      orgSlug: w.org.slug,
      preferences: [{ kind: "checkInReminder", inApp: false, email: true }],
    });
    expect(saved.find((p) => p.kind === "checkInReminder")).toMatchObject({ inApp: false, email: true });
    // The manager's are untouched.
    const manager = await callerFor(h.db, w.org.users.manager.id, { mailer: mailer() });
    const theirs = await manager.notification.preferences({ orgSlug: w.org.slug });
    expect(theirs.emailConfigured).toBe(true);
    expect(theirs.items.find((p) => p.kind === "checkInReminder")).toMatchObject({ inApp: true, email: false });
    await expect(
      member.notification.updatePreferences({ orgSlug: w.org.slug, preferences: [{ kind: "nope", inApp: true, email: true }] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("in-app off: no notification row; email on: one email, in the recipient's language, with an absolute link", async () => {
    const u = await makeUser(h.db, "Prefs person");
    await h.db.insert(memberships).values({ orgId: w.org.orgId, userId: u.id, role: "member" });
    await h.db.update(users).set({ locale: "zh-CN" }).where(eq(users.id, u.id));
    await h.db.insert(notificationPreferences).values({ orgId: w.org.orgId, userId: u.id, kind: "riskWarning", inApp: false, email: true });
    const link = `/${w.org.slug}/risks/00000000-0000-4000-8000-000000000001`;
    await notify(h.db, w.org.orgId, [u.id], { kind: "riskWarning", params: { title: "Supplier | exit" }, link });

    expect(await inApp(u.id, "riskWarning")).toHaveLength(0);
    const queued = await outbox(u.id);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ to: u.email, status: "pending", kind: "riskWarning" });

    const res = await sendDueEmails(h.db, { mailer: mailer(), baseUrl: BASE });
    expect(res).toMatchObject({ sent: 1, retrying: 0 });
    expect(sink.received).toHaveLength(1);
    const msg = sink.received[0]!;
    expect(msg.to).toEqual([u.email]);
    expect(msg.subject).toBe("Org notif: 风险预警：Supplier | exit");
    expect(msg.body).toContain(`${BASE}${link}`);
    expect(msg.body).toContain(`${BASE}/${w.org.slug}/account/notifications`);
    expect(msg.body).not.toContain("{{");
  });

  it("falls back to the organisation's language, and sends no email when the kind's email is off", async () => {
    await h.db.update(organizations).set({ defaultLocale: "en" }).where(eq(organizations.id, w.org.orgId));
    const owner = w.org.users.owner.id;
    await notify(h.db, w.org.orgId, [owner], { kind: "approval_approved", params: { title: "Q3 set" }, link: `/${w.org.slug}/approvals/x` });
    await notify(h.db, w.org.orgId, [owner], { kind: "checkInReminder", params: { count: "2" }, link: `/${w.org.slug}/okrs/mine` });
    expect(await inApp(owner, "checkInReminder")).toHaveLength(1);
    const queued = await outbox(owner);
    expect(queued.map((q) => [q.kind, q.subject])).toEqual([["approval_approved", "Org notif: Approved: Q3 set"]]);
  });
});

describe("the email sender", () => {
  it("sends each message once, however often it runs", async () => {
    const member = w.org.users.member.id;
    await notify(h.db, w.org.orgId, [member], { kind: "mention", params: { title: "Launch plan" }, link: `/${w.org.slug}/products/p` });
    const m = mailer();
    const [a, b] = await Promise.all([sendDueEmails(h.db, { mailer: m, baseUrl: BASE }), sendDueEmails(h.db, { mailer: m, baseUrl: BASE })]);
    expect(a.sent + b.sent).toBe(1);
    expect((await sendDueEmails(h.db, { mailer: m, baseUrl: BASE })).sent).toBe(0);
    await runJobs(h.db, new Date(), { mailer: m, baseUrl: BASE });
    expect(sink.received).toHaveLength(1);
    const [row] = await outbox(member);
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
    expect(row!.sentAt).toBeInstanceOf(Date);
  });

  it("keeps the message pending with backoff while SMTP is down, then sends it", async () => {
    const member = w.org.users.member.id;
    await notify(h.db, w.org.orgId, [member], { kind: "mention", params: { title: "Retry me" }, link: `/${w.org.slug}/risks/r` });
    const down = smtpMailer("smtp://127.0.0.1:1", "x@test.local");
    const t0 = new Date(Date.now() + 1000);
    const first = await sendDueEmails(h.db, { mailer: down, baseUrl: BASE, now: t0 });
    expect(first).toMatchObject({ sent: 0, retrying: 1 });
    let [row] = await outbox(member);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.lastError).toBeTruthy();
    expect(row!.nextAttemptAt.getTime()).toBe(t0.getTime() + 60_000);

    // Not due yet: nothing is tried, even with a working server.
    expect((await sendDueEmails(h.db, { mailer: mailer(), baseUrl: BASE, now: new Date(t0.getTime() + 30_000) })).sent).toBe(0);
    // Second failure: the wait doubles.
    const t1 = new Date(t0.getTime() + 61_000);
    await sendDueEmails(h.db, { mailer: down, baseUrl: BASE, now: t1 });
    [row] = await outbox(member);
    expect(row).toMatchObject({ status: "pending", attempts: 2 });
    expect(row!.nextAttemptAt.getTime()).toBe(t1.getTime() + 120_000);
    // SMTP is back: sent.
    const ok = await sendDueEmails(h.db, { mailer: mailer(), baseUrl: BASE, now: new Date(t1.getTime() + 121_000) });
    expect(ok.sent).toBe(1);
    [row] = await outbox(member);
    expect(row).toMatchObject({ status: "sent", attempts: 3, lastError: null });
    expect(sink.received.map((r) => r.subject)).toEqual(["Org notif: Retry me: you were mentioned in a comment"]);
  });

  it("gives up after the last attempt", async () => {
    const member = w.org.users.member.id;
    await notify(h.db, w.org.orgId, [member], { kind: "mention", params: { title: "Doomed" }, link: "" });
    const down = smtpMailer("smtp://127.0.0.1:1", "x@test.local");
    let now = Date.now() + 1000;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await sendDueEmails(h.db, { mailer: down, baseUrl: BASE, now: new Date(now) });
      now += 7 * 3_600_000;
    }
    const [row] = await outbox(member);
    expect(row).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    expect((await sendDueEmails(h.db, { mailer: mailer(), baseUrl: BASE, now: new Date(now) })).sent).toBe(0);
  });
});

describe.runIf(process.env.TEST_DB === "neon")("several senders at once (PostgreSQL)", () => {
  it("claim disjoint messages: each is sent exactly once", async () => {
    const slow = await startSmtpSink(0, 40);
    try {
      const people = [w.org.users.owner.id, w.org.users.admin.id, w.org.users.manager.id, w.org.users.member.id, w.org.users.viewer.id];
      for (let i = 0; i < 3; i++) {
        await notify(h.db, w.org.orgId, people, { kind: "mention", params: { title: `Race ${i}` }, link: `/${w.org.slug}/risks/r${i}` });
      }
      const m = smtpMailer(`smtp://127.0.0.1:${slow.port}`, "x@test.local");
      // Slow claims (each row update sleeps), so the senders' claim transactions overlap.
      await h.db.execute(sql`create or replace function test_slow_outbox() returns trigger language plpgsql as $$ begin perform pg_sleep(0.03); return new; end $$`);
      await h.db.execute(sql`create trigger test_slow_outbox before update on email_outbox for each row execute function test_slow_outbox()`);
      let results;
      try {
        results = await Promise.all([0, 1, 2, 3].map(() => sendDueEmails(h.db, { mailer: m, baseUrl: BASE, limit: 6 })));
      } finally {
        await h.db.execute(sql`drop trigger test_slow_outbox on email_outbox`);
      }
      expect(results.filter((r) => r.sent > 0).length).toBeGreaterThan(1);
      // A sender whose candidates were taken meanwhile may come back with fewer: the next run sends the rest.
      const rest = await sendDueEmails(h.db, { mailer: m, baseUrl: BASE });
      expect(results.reduce((n, r) => n + r.sent, 0) + rest.sent).toBe(15);
      expect(slow.received).toHaveLength(15);
      const keys = slow.received.map((r) => `${r.to[0]} ${r.subject}`);
      expect(new Set(keys).size).toBe(15);
    } finally {
      await slow.close();
    }
  });
});

describe("overdue action items", () => {
  it("tells the owner once per due date, however often the job runs", async () => {
    const owner = w.org.users.member.id;
    const a = await build.retroAction(w, { ownerId: owner, departmentId: w.org.departmentIds.a });
    await h.db.update(retroActions).set({ dueOn: "2030-02-01" }).where(eq(retroActions.id, a.id));
    const done = await build.retroAction(w, { ownerId: owner, departmentId: w.org.departmentIds.a });
    await h.db.update(retroActions).set({ dueOn: "2030-02-01", status: "done" }).where(eq(retroActions.id, done.id));

    expect((await notifyOverdueActions(h.db, new Date("2030-02-01T12:00:00Z"))).notified).toBe(0);
    expect((await notifyOverdueActions(h.db, new Date("2030-02-02T08:00:00Z"))).notified).toBe(1);
    expect((await notifyOverdueActions(h.db, new Date("2030-02-02T09:00:00Z"))).notified).toBe(0);
    await runJobs(h.db, new Date("2030-02-03T08:00:00Z"));
    const got = await inApp(owner, "retroActionOverdue");
    expect(got).toHaveLength(1);
    expect(got[0]!.params).toEqual({ title: a.title, date: "2030-02-01" });
    expect(got[0]!.link).toBe(`/${w.org.slug}/retros/${a.retroId}`);

    // A new due date, missed again: told again, once.
    await h.db.update(retroActions).set({ dueOn: "2030-02-10" }).where(eq(retroActions.id, a.id));
    expect((await notifyOverdueActions(h.db, new Date("2030-02-11T08:00:00Z"))).notified).toBe(1);
    expect((await notifyOverdueActions(h.db, new Date("2030-02-12T08:00:00Z"))).notified).toBe(0);
    expect(await inApp(owner, "retroActionOverdue")).toHaveLength(2);
  });
});

describe("email right after a mutation", () => {
  it("is sent after the commit when the mutation queued some, and nothing is attempted when it queued none", async () => {
    const member = w.org.users.member.id;
    const manager = w.org.users.manager.id;
    const p = await build.period(w, "active");
    await build.objective(w, { ownerId: member, departmentId: w.org.departmentIds.a }, p.id);
    const req = await (await callerFor(h.db, member)).approval.request({ orgSlug: w.org.slug, subjectType: "objective_set", subjectId: `${p.id}:${w.org.departmentIds.a}` });
    await h.db.delete(emailOutbox).where(sql`true`);
    sink.received.length = 0;

    const deferred: Promise<unknown>[] = [];
    const extra = { mailer: mailer(), baseUrl: BASE, defer: (work: Promise<unknown>) => void deferred.push(work) };
    // A mention emails the admin (mentions email by default): flushed after the commit.
    const mgr = await callerFor(h.db, manager, extra);
    await mgr.approval.comment({ orgSlug: w.org.slug, requestId: req.id, body: "@Admin please look", mentionIds: [w.org.users.admin.id] });
    expect(deferred).toHaveLength(1);
    await Promise.all(deferred);
    expect(sink.received.map((m) => m.to)).toContainEqual([(await h.db.select({ email: users.email }).from(users).where(eq(users.id, w.org.users.admin.id)))[0]!.email]);
    expect((await h.db.select().from(emailOutbox)).every((r) => r.status === "sent")).toBe(true);

    // A change that notifies nobody schedules no email work.
    deferred.length = 0;
    const owner = await callerFor(h.db, w.org.users.owner.id, extra);
    const [o] = await h.db.select({ version: organizations.version }).from(organizations).where(eq(organizations.id, w.org.orgId));
    await owner.org.update({ orgSlug: w.org.slug, name: "Notif org renamed", version: o!.version });
    expect(deferred).toHaveLength(0);
  });
});

describe("mentions in approval comments", () => {
  it("notifies the members mentioned (once), the requester of the comment, and refuses non-members", async () => {
    const member = w.org.users.member.id;
    const manager = w.org.users.manager.id;
    const p = await build.period(w, "active");
    await build.objective(w, { ownerId: member, departmentId: w.org.departmentIds.a }, p.id);
    const req = await (await callerFor(h.db, member)).approval.request({ orgSlug: w.org.slug, subjectType: "objective_set", subjectId: `${p.id}:${w.org.departmentIds.a}` });
    const mgr = await callerFor(h.db, manager);
    await mgr.approval.comment({ orgSlug: w.org.slug, requestId: req.id, body: "@Admin can you check the budget?", mentionIds: [w.org.users.admin.id, manager] });

    const mentions = (await inApp(w.org.users.admin.id, "mention")).filter((n) => n.link.includes(req.id));
    expect(mentions.map((n) => [n.params.title, n.link])).toEqual([[req.title, `/${w.org.slug}/approvals/${req.id}`]]);
    expect((await inApp(manager, "mention")).filter((n) => n.link.includes(req.id))).toHaveLength(0);
    expect((await inApp(member, "approvalComment")).length).toBeGreaterThan(0);

    // The requester mentioned: one notification (a mention), not two.
    const before = (await inApp(member, "approvalComment")).length;
    const mentionsBefore = (await inApp(member, "mention")).length;
    await mgr.approval.comment({ orgSlug: w.org.slug, requestId: req.id, body: "@Member see above", mentionIds: [member] });
    expect(await inApp(member, "approvalComment")).toHaveLength(before);
    expect(await inApp(member, "mention")).toHaveLength(mentionsBefore + 1);

    const stranger = await makeUser(h.db, "Stranger");
    await expect(
      mgr.approval.comment({ orgSlug: w.org.slug, requestId: req.id, body: "hi", mentionIds: [stranger.id] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("weekly digest", () => {
  it("emails each person with something waiting once per ISO week, and nobody with nothing", async () => {
    // A fresh world, so what other tests left behind does not count.
    const d = await makeWorld(h.db, "digest");
    const member = d.org.users.member.id;
    const kr = await build.keyResult(d, { ownerId: member, departmentId: d.org.departmentIds.a });
    await h.db.update(objectives).set({ status: "active" }).where(eq(objectives.id, kr.objectiveId));
    await h.db.update(keyResults).set({ lastCheckInAt: null }).where(eq(keyResults.id, kr.id));
    // The admin has something too, but turned the digest off.
    await build.keyResult(d, { ownerId: d.org.users.admin.id, departmentId: d.org.departmentIds.a });
    await h.db.insert(notificationPreferences).values({ orgId: d.org.orgId, userId: d.org.users.admin.id, kind: "weeklyDigest", inApp: false, email: false });
    await h.db.update(users).set({ locale: "en" }).where(eq(users.id, member));

    const now = new Date("2031-03-04T07:00:00Z");
    const first = await weeklyDigests(h.db, now);
    expect(first).toMatchObject({ window: "2031-W10", skipped: false });
    const ofOrg = async () => (await h.db.select().from(emailOutbox).where(eq(emailOutbox.orgId, d.org.orgId))).filter((r) => r.kind === "weeklyDigest");
    let rows = await ofOrg();
    expect(rows.map((r) => r.userId)).toEqual([member]);
    expect(rows[0]!.subject).toBe("Org digest: your week, 1 thing needs you");
    expect(rows[0]!.text).toContain(kr.title);
    // Nobody else of this org (the viewer, the owner… have nothing).
    expect(first.nothing).toBeGreaterThanOrEqual(4);

    // Again the same week, directly and through the jobs: nothing more.
    expect(await weeklyDigests(h.db, new Date(now.getTime() + 86_400_000))).toMatchObject({ skipped: true, queued: 0 });
    await runJobs(h.db, new Date(now.getTime() + 2 * 86_400_000), { mailer: mailer(), baseUrl: BASE });
    rows = await ofOrg();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe("sent");
    const sent = sink.received.filter((r) => r.to.includes((rows[0]!.to)));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toContain(`${BASE}/${d.org.slug}/okrs/mine`);

    // Next week: again.
    await weeklyDigests(h.db, new Date(now.getTime() + 7 * 86_400_000));
    expect(await ofOrg()).toHaveLength(2);
    const runs = await h.db.select().from(jobRuns).where(eq(jobRuns.job, "weekly_digest"));
    expect(runs.map((r) => r.window).filter((x) => x?.startsWith("2031")).sort()).toEqual(["2031-W10", "2031-W11"]);
  });

  it("is not written without SMTP", async () => {
    const res = await runJobs(h.db, new Date("2031-06-02T07:00:00Z"));
    expect(res.digests).toMatchObject({ skipped: "email is not configured" });
  });
});
