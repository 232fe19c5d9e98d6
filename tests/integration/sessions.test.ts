/**
 * Server-side sessions: each sign-in has a user_sessions row whose id the token carries. Signing out
 * (one session, or everywhere) ends it on the server, so the same token is refused on its next request,
 * in and outside an organisation. Nobody can see or end another person's sessions.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { loginAttempts, userSessions } from "@/db/schema";
import { SESSION_ABSOLUTE_MAX_AGE_S } from "@/server/auth/config";
import { startSession } from "@/server/auth/sessions";
import { housekeeping } from "@/server/housekeeping";
import { createTestDb } from "../helpers/db";
import { callerFor, makeOrg, type TestOrg } from "../helpers/factories";

let h: DbHandle;
let org: TestOrg;
beforeAll(async () => {
  h = await createTestDb();
  org = await makeOrg(h.db, "sess");
});
afterAll(async () => h?.close());

/** A caller holding a token for this server-side session, as the HTTP handler would build it. */
const withSession = (userId: string, sid: string) => callerFor(h.db, userId, { session: { userId, epoch: 0, sid } });

describe("server-side sessions", () => {
  it("a live session works in and outside the organisation and is listed as the current one", async () => {
    const sid = await startSession(h.db, org.users.member.id, { userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Chrome/130.0", ip: "203.0.113.9" });
    const c = await withSession(org.users.member.id, sid);
    expect((await c.auth.me()).id).toBe(org.users.member.id);
    expect((await c.org.get({ orgSlug: org.slug })).slug).toBe(org.slug);
    const list = await c.auth.sessions();
    const mine = list.find((s) => s.id === sid);
    expect(mine).toMatchObject({ current: true, ip: "203.0.113.9" });
    expect(mine!.userAgent).toContain("Chrome");
  });

  it("signing one session out ends it at once; the user's other sessions go on", async () => {
    const laptop = await startSession(h.db, org.users.manager.id);
    const phone = await startSession(h.db, org.users.manager.id);
    const onLaptop = await withSession(org.users.manager.id, laptop);
    const onPhone = await withSession(org.users.manager.id, phone);
    expect(await onLaptop.auth.revokeSession({ sessionId: phone })).toEqual({ ok: true, current: false });
    await expect(onPhone.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "e.sessionEnded" });
    await expect(onPhone.org.get({ orgSlug: org.slug })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(onPhone.member.list({ orgSlug: org.slug, limit: 5 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await onLaptop.auth.me()).id).toBe(org.users.manager.id);
    expect((await onLaptop.auth.sessions()).map((s) => s.id)).not.toContain(phone);
  });

  it("a token naming someone else's session, or one that does not exist, is signed out", async () => {
    const adminSid = await startSession(h.db, org.users.admin.id);
    const forged = await withSession(org.users.viewer.id, adminSid);
    await expect(forged.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const ghost = await withSession(org.users.viewer.id, "00000000-0000-4000-8000-000000000000");
    await expect(ghost.org.get({ orgSlug: org.slug })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("nobody can end another person's session: NOT_FOUND, and it keeps working", async () => {
    const ownerSid = await startSession(h.db, org.users.owner.id);
    const viewerSid = await startSession(h.db, org.users.viewer.id);
    const viewer = await withSession(org.users.viewer.id, viewerSid);
    await expect(viewer.auth.revokeSession({ sessionId: ownerSid })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await (await withSession(org.users.owner.id, ownerSid)).auth.me()).id).toBe(org.users.owner.id);
    expect((await viewer.auth.sessions()).map((s) => s.id)).not.toContain(ownerSid);
  });

  it("sign out everywhere revokes every session row of the user", async () => {
    const u = org.users.admin.id;
    const a = await startSession(h.db, u);
    const b = await startSession(h.db, u);
    const c = await withSession(u, a);
    await c.auth.signOutEverywhere();
    const rows = await h.db.select({ revokedAt: userSessions.revokedAt }).from(userSessions).where(eq(userSessions.userId, u));
    expect(rows.every((r) => r.revokedAt !== null)).toBe(true);
    // Even a token carrying the new epoch is refused: its session row is revoked.
    const sameEpoch = await callerFor(h.db, u, { session: { userId: u, epoch: 1, sid: b } });
    await expect(sameEpoch.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("housekeeping deletes sessions that can no longer be used and old login attempts, nothing live", async () => {
    const u = org.users.member.id;
    const live = await startSession(h.db, u);
    const [old] = await h.db
      .insert(userSessions)
      .values({ userId: u, createdAt: new Date(Date.now() - (SESSION_ABSOLUTE_MAX_AGE_S + 2 * 86_400) * 1000) })
      .returning({ id: userSessions.id });
    const [revoked] = await h.db
      .insert(userSessions)
      .values({ userId: u, revokedAt: new Date(Date.now() - 2 * 86_400_000) })
      .returning({ id: userSessions.id });
    await h.db.insert(loginAttempts).values({ email: "old@example.test", ip: "1.2.3.4", success: false, createdAt: new Date(Date.now() - 2 * 86_400_000) });
    const swept = await housekeeping(h.db);
    expect(swept.sessions).toBeGreaterThanOrEqual(2);
    expect(swept.loginAttempts).toBeGreaterThanOrEqual(1);
    const left = (await h.db.select({ id: userSessions.id }).from(userSessions).where(eq(userSessions.userId, u))).map((r) => r.id);
    expect(left).toContain(live);
    expect(left).not.toContain(old!.id);
    expect(left).not.toContain(revoked!.id);
  });
});
