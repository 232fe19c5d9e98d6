/**
 * Sign-in checks (server/auth/service.ts verifyCredentials): per-email and per-IP rate limits over a
 * sliding window, indistinguishable failures, disabled users. Password change (session epoch) and
 * profile updates through the auth router.
 */
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { loginAttempts, users } from "@/db/schema";
import { LOGIN_LIMITS, verifyCredentials } from "@/server/auth/service";
import { verifyPassword } from "@/server/auth/password";
import { createTestDb } from "../helpers/db";
import { callerFor, makeUser } from "../helpers/factories";
import { expectFieldError } from "../helpers/errors";
import { KNOWN_PASSWORD, knownPasswordHash, makeFreshUser, outcome } from "./_support/procedures";

let h: DbHandle;

beforeAll(async () => {
  h = await createTestDb();
});
afterAll(async () => h?.close());

const WRONG = "definitely not the password";
const MIN = 60_000;
let ipSeq = 0;
/** A fresh IP per test so per-IP counts never leak between tests. */
const freshIp = () => `10.${crypto.randomInt(255)}.${crypto.randomInt(255)}.${ipSeq++ % 250}`;

async function userWithPassword(name = "Signer") {
  return makeFreshUser(h.db, name);
}

async function fail(email: string, ip: string, n: number, now?: Date) {
  for (let i = 0; i < n; i++) {
    expect(await verifyCredentials(h.db, email, WRONG, ip, now)).toEqual({ ok: false, reason: "invalid" });
  }
}

describe("verifyCredentials", () => {
  it("signs in with the right password, normalising the email, and records the success", async () => {
    const u = await userWithPassword();
    const ip = freshIp();
    const r = await verifyCredentials(h.db, `  ${u.email.toUpperCase()} `, KNOWN_PASSWORD, ip);
    expect(r).toEqual({ ok: true, user: { id: u.userId, email: u.email, name: "Signer", epoch: 0 } });
    const rows = await h.db.select().from(loginAttempts).where(eq(loginAttempts.ip, ip));
    expect(rows).toEqual([expect.objectContaining({ email: u.email, ip, success: true })]);
  });

  it("unknown email and wrong password give the same answer, and both are counted", async () => {
    const u = await userWithPassword();
    const ip = freshIp();
    const wrongPassword = await verifyCredentials(h.db, u.email, WRONG, ip);
    const unknownEmail = await verifyCredentials(h.db, `nobody-${crypto.randomUUID()}@example.test`, WRONG, ip);
    expect(wrongPassword).toEqual({ ok: false, reason: "invalid" });
    expect(unknownEmail).toEqual(wrongPassword);
    const rows = await h.db.select().from(loginAttempts).where(eq(loginAttempts.ip, ip));
    expect(rows.map((r) => r.success)).toEqual([false, false]);
  });

  it(`after ${LOGIN_LIMITS.perEmail} failures for an email, even the right password is refused as rate_limited`, async () => {
    const u = await userWithPassword();
    const now = new Date();
    // from different IPs: the per-email limit does not depend on where the attempts come from
    for (let i = 0; i < LOGIN_LIMITS.perEmail; i++) await fail(u.email, freshIp(), 1, now);
    const r = await verifyCredentials(h.db, u.email, KNOWN_PASSWORD, freshIp(), new Date(now.getTime() + MIN));
    expect(r).toEqual({ ok: false, reason: "rate_limited" });
    // a refused attempt is not checked and not counted as a failure
    const failures = await h.db.select().from(loginAttempts).where(and(eq(loginAttempts.email, u.email), eq(loginAttempts.success, false)));
    expect(failures).toHaveLength(LOGIN_LIMITS.perEmail);
  });

  it("one failure short of the limit still lets the right password in", async () => {
    const u = await userWithPassword();
    const ip = freshIp();
    const now = new Date();
    await fail(u.email, ip, LOGIN_LIMITS.perEmail - 1, now);
    expect((await verifyCredentials(h.db, u.email, KNOWN_PASSWORD, ip, now)).ok).toBe(true);
  });

  it("the limit applies to an unknown email the same way (no account enumeration through the limit)", async () => {
    const email = `ghost-${crypto.randomUUID()}@example.test`;
    const now = new Date();
    await fail(email, freshIp(), LOGIN_LIMITS.perEmail, now);
    expect(await verifyCredentials(h.db, email, WRONG, freshIp(), now)).toEqual({ ok: false, reason: "rate_limited" });
  });

  it("failures older than the window do not count", async () => {
    const u = await userWithPassword();
    const t0 = new Date(Date.now() - 60 * MIN);
    await fail(u.email, freshIp(), LOGIN_LIMITS.perEmail, t0);
    const inside = new Date(t0.getTime() + (LOGIN_LIMITS.windowMinutes - 1) * MIN);
    expect(await verifyCredentials(h.db, u.email, KNOWN_PASSWORD, freshIp(), inside)).toEqual({ ok: false, reason: "rate_limited" });
    const after = new Date(t0.getTime() + (LOGIN_LIMITS.windowMinutes + 1) * MIN);
    const r = await verifyCredentials(h.db, u.email, KNOWN_PASSWORD, freshIp(), after);
    expect(r.ok).toBe(true);
  });

  it("successful sign-ins do not count toward the limit", async () => {
    const u = await userWithPassword();
    const ip = freshIp();
    for (let i = 0; i < LOGIN_LIMITS.perEmail + 1; i++) {
      expect((await verifyCredentials(h.db, u.email, KNOWN_PASSWORD, ip)).ok).toBe(true);
    }
  });

  it(`after ${LOGIN_LIMITS.perIp} failures from one IP (any emails), that IP is refused; other IPs are not`, async () => {
    const u = await userWithPassword();
    const ip = freshIp();
    const now = new Date();
    // one real failure, to check how attempts are recorded …
    await fail(`spray-0@example.test`, ip, 1, now);
    const [recorded] = await h.db.select().from(loginAttempts).where(eq(loginAttempts.ip, ip));
    expect(recorded).toMatchObject({ email: "spray-0@example.test", ip, success: false });
    // … and the rest recorded the same way directly (password hashing makes 50 real attempts slow)
    await h.db.insert(loginAttempts).values(
      Array.from({ length: LOGIN_LIMITS.perIp - 2 }, (_, i) => ({ email: `spray-${i + 1}@example.test`, ip, success: false, createdAt: now })),
    );
    expect((await verifyCredentials(h.db, u.email, KNOWN_PASSWORD, ip, now)).ok, "one short of the IP limit").toBe(true);
    await fail("spray-last@example.test", ip, 1, now);
    expect(await verifyCredentials(h.db, u.email, KNOWN_PASSWORD, ip, now)).toEqual({ ok: false, reason: "rate_limited" });
    expect((await verifyCredentials(h.db, u.email, KNOWN_PASSWORD, freshIp(), now)).ok).toBe(true);
  });

  it("a disabled user cannot sign in, even with the right password, and their sessions end", async () => {
    const u = await userWithPassword();
    const c = await callerFor(h.db, u.userId);
    await c.auth.me();
    await h.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, u.userId));
    expect(await verifyCredentials(h.db, u.email, KNOWN_PASSWORD, freshIp())).toEqual({ ok: false, reason: "invalid" });
    const res = await outcome(c.auth.me());
    expect(res.ok ? "OK" : res.code).toBe("UNAUTHORIZED");
  });

  it("a user without a password (OAuth only) cannot sign in with any password", async () => {
    const u = await makeUser(h.db, "Oauth Only");
    expect(await verifyCredentials(h.db, u.email, "", freshIp())).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials(h.db, u.email, WRONG, freshIp())).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("auth.changePassword", () => {
  it("a wrong current password is a field error on currentPassword and changes nothing", async () => {
    const u = await userWithPassword();
    const c = await callerFor(h.db, u.userId);
    const [before] = await h.db.select().from(users).where(eq(users.id, u.userId));
    await expectFieldError(c.auth.changePassword({ currentPassword: WRONG, newPassword: "a brand new long password" }), "currentPassword", "current password is wrong");
    const [after] = await h.db.select().from(users).where(eq(users.id, u.userId));
    expect(after).toEqual(before);
    await c.auth.me(); // the session still works
  });

  it("refuses a too short or too common new password, naming newPassword", async () => {
    const u = await userWithPassword();
    const c = await callerFor(h.db, u.userId);
    await expectFieldError(c.auth.changePassword({ currentPassword: KNOWN_PASSWORD, newPassword: "short" }), "newPassword", "at least 12");
    await expectFieldError(c.auth.changePassword({ currentPassword: KNOWN_PASSWORD, newPassword: "Password1234" }), "newPassword", "too common");
    const [after] = await h.db.select().from(users).where(eq(users.id, u.userId));
    expect(after!.passwordHash).toBe(await knownPasswordHash());
  });

  it("an account without a password cannot 'change' it", async () => {
    const u = await makeUser(h.db, "No Password");
    const c = await callerFor(h.db, u.id);
    await expectFieldError(c.auth.changePassword({ currentPassword: "anything", newPassword: "a brand new long password" }), "currentPassword", "wrong");
  });

  it("success stores the new password, bumps the session epoch and ends the old session", async () => {
    const u = await userWithPassword();
    const old = await callerFor(h.db, u.userId);
    const r = await old.auth.changePassword({ currentPassword: KNOWN_PASSWORD, newPassword: "a brand new long password" });
    expect(r).toEqual({ epoch: 1 });
    const [row] = await h.db.select().from(users).where(eq(users.id, u.userId));
    expect(row!.sessionEpoch).toBe(1);
    expect(await verifyPassword(row!.passwordHash!, "a brand new long password")).toBe(true);
    expect(await verifyPassword(row!.passwordHash!, KNOWN_PASSWORD)).toBe(false);
    // the caller built before the change carries epoch 0
    const res = await outcome(old.auth.me());
    expect(res.ok ? "OK" : res.code).toBe("UNAUTHORIZED");
    // a new session (current epoch) works
    const fresh = await callerFor(h.db, u.userId);
    expect((await fresh.auth.me()).id).toBe(u.userId);
    // and sign-in follows the new password
    expect((await verifyCredentials(h.db, u.email, KNOWN_PASSWORD, freshIp())).ok).toBe(false);
    expect((await verifyCredentials(h.db, u.email, "a brand new long password", freshIp())).ok).toBe(true);
  });

  it("anonymous callers are UNAUTHORIZED", async () => {
    const anon = await callerFor(h.db, null);
    const res = await outcome(anon.auth.changePassword({ currentPassword: KNOWN_PASSWORD, newPassword: "a brand new long password" }));
    expect(res.ok ? "OK" : res.code).toBe("UNAUTHORIZED");
  });
});

describe("auth.updateProfile", () => {
  it("updates name (trimmed) and locale, bumps the version, and only for the caller", async () => {
    const u = await userWithPassword("Before Name");
    const bystander = await userWithPassword("Bystander");
    const [bBefore] = await h.db.select().from(users).where(eq(users.id, bystander.userId));
    const c = await callerFor(h.db, u.userId);
    const r = await c.auth.updateProfile({ name: "  After Name  ", locale: "zh-CN" });
    expect(r).toEqual({ id: u.userId, name: "After Name", email: u.email, locale: "zh-CN" });
    const [row] = await h.db.select().from(users).where(eq(users.id, u.userId));
    expect(row).toMatchObject({ name: "After Name", locale: "zh-CN", version: 2 });
    expect(await c.auth.me()).toMatchObject({ name: "After Name", locale: "zh-CN" });
    const [bAfter] = await h.db.select().from(users).where(eq(users.id, bystander.userId));
    expect(bAfter).toEqual(bBefore);
  });

  it("leaves out fields that are not given, and clears the locale with null", async () => {
    const u = await userWithPassword("Keep Me");
    const c = await callerFor(h.db, u.userId);
    await c.auth.updateProfile({ locale: "en" });
    expect(await c.auth.me()).toMatchObject({ name: "Keep Me", locale: "en" });
    await c.auth.updateProfile({ locale: null });
    expect(await c.auth.me()).toMatchObject({ name: "Keep Me", locale: null });
    await c.auth.updateProfile({ name: "Renamed" });
    expect(await c.auth.me()).toMatchObject({ name: "Renamed", locale: null });
  });

  it("rejects an empty name, a long name and an unknown locale with field errors, changing nothing", async () => {
    const u = await userWithPassword("Stable");
    const c = await callerFor(h.db, u.userId);
    const [before] = await h.db.select().from(users).where(eq(users.id, u.userId));
    await expectFieldError(c.auth.updateProfile({ name: "   " }), "name", "Required");
    await expectFieldError(c.auth.updateProfile({ name: "x".repeat(101) }), "name", "at most 100");
    await expectFieldError(c.auth.updateProfile({ locale: "fr" as never }), "locale", "Choose one of the options");
    const [after] = await h.db.select().from(users).where(eq(users.id, u.userId));
    expect(after).toEqual(before);
  });

  it("cannot change the email, the epoch or the role through extra fields", async () => {
    const u = await userWithPassword("Sneaky");
    const c = await callerFor(h.db, u.userId);
    await c.auth.updateProfile({ name: "Sneaky", email: "admin@example.test", sessionEpoch: 0, disabledAt: null, passwordHash: "x" } as never);
    const [row] = await h.db.select().from(users).where(eq(users.id, u.userId));
    expect(row).toMatchObject({ email: u.email, sessionEpoch: 0, passwordHash: await knownPasswordHash() });
  });

  it("anonymous callers are UNAUTHORIZED", async () => {
    const anon = await callerFor(h.db, null);
    const res = await outcome(anon.auth.updateProfile({ name: "Nobody" }));
    expect(res.ok ? "OK" : res.code).toBe("UNAUTHORIZED");
  });
});

describe("auth.signOutEverywhere", () => {
  it("bumps the epoch: every existing session ends, new ones work", async () => {
    const u = await userWithPassword();
    const a = await callerFor(h.db, u.userId);
    const b = await callerFor(h.db, u.userId);
    expect(await a.auth.signOutEverywhere()).toEqual({ ok: true });
    for (const c of [a, b]) {
      const res = await outcome(c.auth.me());
      expect(res.ok ? "OK" : res.code).toBe("UNAUTHORIZED");
    }
    const fresh = await callerFor(h.db, u.userId);
    expect((await fresh.auth.me()).id).toBe(u.userId);
    const r = await verifyCredentials(h.db, u.email, KNOWN_PASSWORD, freshIp());
    expect(r.ok && r.user.epoch).toBe(1);
  });
});
