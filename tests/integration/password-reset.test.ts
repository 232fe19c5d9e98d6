/**
 * "Forgot password": a one-use, 30-minute link mailed (to a real local SMTP server) only to an account's
 * own address; the same answer whether or not the address has an account; the new password obeys the
 * rules; every session ends; other outstanding links stop working; nothing changes on a refusal.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { passwordResets, users } from "@/db/schema";
import { verifyPassword } from "@/server/auth/password";
import { startSession } from "@/server/auth/sessions";
import { verifyCredentials } from "@/server/auth/service";
import { createTestDb } from "../helpers/db";
import { expectFieldError } from "../helpers/errors";
import { callerFor, makeUser } from "../helpers/factories";
import { startSmtpSink } from "../helpers/smtp-sink";
import { knownPasswordHash } from "./_support/procedures";

let h: DbHandle;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  h = await createTestDb();
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink?.close();
  await h?.close();
});

const anon = (mail = true) =>
  callerFor(h.db, null, mail ? { mailer: sink.mailer(), baseUrl: "http://lodestar.test" } : {});
const tokenIn = (body: string) => /\/reset-password\/([A-Za-z0-9_-]+)/.exec(body)?.[1];
async function withPassword(name: string) {
  const u = await makeUser(h.db, name);
  await h.db.update(users).set({ passwordHash: await knownPasswordHash() }).where(eq(users.id, u.id));
  return u;
}
const mailsTo = (email: string) => sink.received.filter((m) => m.to.includes(email));

describe("password reset", () => {
  it("an unknown address gets the same answer and no email; a known one gets a link", async () => {
    const c = await anon();
    const before = sink.received.length;
    expect(await c.auth.requestPasswordReset({ email: "nobody-here@example.test" })).toEqual({ ok: true });
    expect(sink.received.length).toBe(before);
    const u = await withPassword("Forgetful");
    expect(await c.auth.requestPasswordReset({ email: u.email.toUpperCase() })).toEqual({ ok: true });
    const mail = mailsTo(u.email).at(-1)!;
    expect(mail.subject).toContain("Reset your Lodestar password");
    expect(mail.body).toContain("http://lodestar.test/reset-password/");
  });

  it("without email configured the request is refused saying why (for every address alike)", async () => {
    const c = await anon(false);
    await expect(c.auth.requestPasswordReset({ email: "nobody-here@example.test" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: "e.passwordResetNeedsMail" });
  });

  it("sets a new password once; old password and every session stop working; other links die too", async () => {
    const u = await withPassword("Resetter");
    const sid = await startSession(h.db, u.id);
    const c = await anon();
    await c.auth.requestPasswordReset({ email: u.email });
    await c.auth.requestPasswordReset({ email: u.email });
    const [first, second] = mailsTo(u.email).slice(-2).map((m) => tokenIn(m.body)!);
    await expectFieldError(c.auth.resetPassword({ token: first!, newPassword: "password123456" }), "newPassword", "too common");
    expect(await c.auth.resetPassword({ token: first!, newPassword: "an entirely new passphrase" })).toEqual({ email: u.email });
    const [row] = await h.db.select().from(users).where(eq(users.id, u.id));
    expect(await verifyPassword(row!.passwordHash!, "an entirely new passphrase")).toBe(true);
    expect((await verifyCredentials(h.db, u.email, "an entirely new passphrase", "10.9.9.9")).ok).toBe(true);
    const old = await callerFor(h.db, u.id, { session: { userId: u.id, epoch: 0, sid } });
    await expect(old.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(c.auth.resetPassword({ token: first!, newPassword: "yet another passphrase" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(c.auth.resetPassword({ token: second!, newPassword: "yet another passphrase" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("an expired link or a disabled account changes nothing", async () => {
    const u = await withPassword("Late");
    const c = await anon();
    await c.auth.requestPasswordReset({ email: u.email });
    const token = tokenIn(mailsTo(u.email).at(-1)!.body)!;
    await h.db.update(passwordResets).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(passwordResets.userId, u.id));
    await expect(c.auth.resetPassword({ token, newPassword: "too late for this one" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "e.passwordResetExpired" });

    const d = await withPassword("Disabled");
    await c.auth.requestPasswordReset({ email: d.email });
    const t2 = tokenIn(mailsTo(d.email).at(-1)!.body)!;
    await h.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, d.id));
    await expect(c.auth.resetPassword({ token: t2, newPassword: "should not be allowed" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const before = sink.received.length;
    await c.auth.requestPasswordReset({ email: d.email });
    expect(sink.received.length).toBe(before);
    for (const id of [u.id, d.id]) {
      const [row] = await h.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, id));
      expect(row!.hash).toBe(await knownPasswordHash());
    }
  });

  it("sends at most three links an hour per account, answering the same", async () => {
    const u = await withPassword("Spammed");
    const c = await anon();
    for (let i = 0; i < 5; i++) expect(await c.auth.requestPasswordReset({ email: u.email })).toEqual({ ok: true });
    expect(mailsTo(u.email)).toHaveLength(3);
  });
});
