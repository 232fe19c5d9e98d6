/**
 * Changing one's email: re-authentication with the current password, a link to the NEW address (a real
 * local SMTP server receives it), the change only when the link is confirmed, once, before it expires;
 * every session ends and the old address is told. Nothing changes on any refusal.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { emailChanges, users } from "@/db/schema";
import { startSession } from "@/server/auth/sessions";
import { createTestDb } from "../helpers/db";
import { expectFieldError } from "../helpers/errors";
import { callerFor, makeUser } from "../helpers/factories";
import { startSmtpSink } from "../helpers/smtp-sink";
import { KNOWN_PASSWORD, knownPasswordHash, uid } from "./_support/procedures";

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

const mailer = () => sink.mailer();

async function userWithPassword() {
  const u = await makeUser(h.db, "Mover");
  await h.db.update(users).set({ passwordHash: await knownPasswordHash() }).where(eq(users.id, u.id));
  return u;
}
const emailOf = async (id: string) => (await h.db.select({ email: users.email }).from(users).where(eq(users.id, id)))[0]!.email;
const tokenIn = (body: string) => /\/confirm-email\/([A-Za-z0-9_-]+)/.exec(body)?.[1];

describe("changing one's email", () => {
  it("needs the current password; refuses the same or a taken address; nothing is sent or stored", async () => {
    const u = await userWithPassword();
    const other = await makeUser(h.db, "Taken");
    const c = await callerFor(h.db, u.id, { mailer: mailer(), baseUrl: "http://lodestar.test" });
    const mails = sink.received.length;
    await expectFieldError(c.auth.requestEmailChange({ currentPassword: "not my password", newEmail: `new-${uid()}@example.test` }), "currentPassword", "wrong");
    await expectFieldError(c.auth.requestEmailChange({ currentPassword: KNOWN_PASSWORD, newEmail: u.email }), "newEmail", "already your email");
    await expectFieldError(c.auth.requestEmailChange({ currentPassword: KNOWN_PASSWORD, newEmail: other.email }), "newEmail", "already");
    await expectFieldError(c.auth.requestEmailChange({ currentPassword: KNOWN_PASSWORD, newEmail: "not an email" }), "newEmail", "email");
    expect(sink.received.length).toBe(mails);
    expect(await h.db.select().from(emailChanges).where(eq(emailChanges.userId, u.id))).toEqual([]);
  });

  it("without email configured, is refused with a message that says why", async () => {
    const u = await userWithPassword();
    const c = await callerFor(h.db, u.id, { mailer: undefined, baseUrl: "http://lodestar.test" });
    await expect(c.auth.requestEmailChange({ currentPassword: KNOWN_PASSWORD, newEmail: `n-${uid()}@example.test` })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "e.emailChangeNeedsMail",
    });
  });

  it("mails a link to the new address; the email changes only on confirmation, every session ends, the old address is told", async () => {
    const u = await userWithPassword();
    const sid = await startSession(h.db, u.id);
    const c = await callerFor(h.db, u.id, { mailer: mailer(), baseUrl: "http://lodestar.test", session: { userId: u.id, epoch: 0, sid } });
    const newEmail = `moved-${uid()}@example.test`;
    const r = await c.auth.requestEmailChange({ currentPassword: KNOWN_PASSWORD, newEmail: newEmail.toUpperCase() });
    expect(r.sentTo).toBe(newEmail);
    expect(await emailOf(u.id)).toBe(u.email); // not yet
    const mail = sink.received.find((m) => m.to.includes(newEmail))!;
    expect(mail.subject).toContain("Confirm your new email");
    const token = tokenIn(mail.body)!;
    expect(token).toBeTruthy();
    expect(mail.body).toContain("http://lodestar.test/confirm-email/");

    const anon = await callerFor(h.db, null, { mailer: mailer() });
    expect(await anon.auth.confirmEmailChange({ token })).toEqual({ email: newEmail });
    expect(await emailOf(u.id)).toBe(newEmail);
    await expect(c.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect.poll(() => sink.received.some((m) => m.to.includes(u.email) && m.subject.includes("was changed"))).toBe(true);
    // The link works once.
    await expect(anon.auth.confirmEmailChange({ token })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("an expired link, a made-up token, or an address taken meanwhile change nothing", async () => {
    const u = await userWithPassword();
    const c = await callerFor(h.db, u.id, { mailer: mailer(), baseUrl: "http://lodestar.test" });
    const anon = await callerFor(h.db, null);
    await expect(anon.auth.confirmEmailChange({ token: "x".repeat(43) })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const wanted = `wanted-${uid()}@example.test`;
    await c.auth.requestEmailChange({ currentPassword: KNOWN_PASSWORD, newEmail: wanted });
    const token = tokenIn(sink.received.filter((m) => m.to.includes(wanted)).at(-1)!.body)!;
    await makeUser(h.db, "Squatter").then((s) => h.db.update(users).set({ email: wanted }).where(eq(users.id, s.id)));
    await expect(anon.auth.confirmEmailChange({ token })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await emailOf(u.id)).toBe(u.email);

    const later = `later-${uid()}@example.test`;
    await c.auth.requestEmailChange({ currentPassword: KNOWN_PASSWORD, newEmail: later });
    const t2 = tokenIn(sink.received.filter((m) => m.to.includes(later)).at(-1)!.body)!;
    await h.db.update(emailChanges).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(emailChanges.newEmail, later));
    await expect(anon.auth.confirmEmailChange({ token: t2 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "e.emailChangeExpired" });
    expect(await emailOf(u.id)).toBe(u.email);
  });

  it("limits requests per hour", async () => {
    const u = await userWithPassword();
    const c = await callerFor(h.db, u.id, { mailer: mailer(), baseUrl: "http://lodestar.test" });
    for (let i = 0; i < 5; i++) await c.auth.requestEmailChange({ currentPassword: KNOWN_PASSWORD, newEmail: `r${i}-${uid()}@example.test` });
    await expect(c.auth.requestEmailChange({ currentPassword: KNOWN_PASSWORD, newEmail: `r9-${uid()}@example.test` })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });
});
