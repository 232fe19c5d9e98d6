import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smtpMailer } from "@/server/mail";
import type { DbHandle } from "@/db/client";
import { createTestDb } from "../helpers/db";
import { startSmtpSink } from "../helpers/smtp-sink";
import { callerFor, makeOrg, type TestOrg } from "../helpers/factories";

let h: DbHandle;
let org: TestOrg;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;

beforeAll(async () => {
  h = await createTestDb();
  org = await makeOrg(h.db, "mail");
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink?.close();
  await h?.close();
});

describe("invitation email", () => {
  it("emails the invitation link in both languages when SMTP is configured", async () => {
    const mailer = sink.mailer();
    const admin = await callerFor(h.db, org.users.admin.id, { mailer, baseUrl: "https://lodestar.test" });
    const inv = await admin.invitation.create({ orgSlug: org.slug, email: "mailed@example.com", role: "member", departmentIds: [] });
    expect(inv.emailed).toBe(true);
    expect(sink.received).toHaveLength(1);
    const msg = sink.received[0]!;
    expect(msg.to).toEqual(["mailed@example.com"]);
    const body = msg.raw.replace(/=\r?\n/g, "");
    expect(body).toContain(`https://lodestar.test/invite/${inv.token}`);
  });

  it("still creates the invitation when sending fails, and says it was not emailed", async () => {
    const mailer = smtpMailer("smtp://127.0.0.1:1", "x@test.local");
    const admin = await callerFor(h.db, org.users.admin.id, { mailer, baseUrl: "https://lodestar.test" });
    const inv = await admin.invitation.create({ orgSlug: org.slug, email: "unsent@example.com", role: "viewer", departmentIds: [] });
    expect(inv.emailed).toBe(false);
    const list = await admin.invitation.list({ orgSlug: org.slug });
    expect(list.map((i) => i.email)).toContain("unsent@example.com");
  });

  it("does not email without SMTP", async () => {
    const admin = await callerFor(h.db, org.users.admin.id);
    const inv = await admin.invitation.create({ orgSlug: org.slug, email: "nomail@example.com", role: "viewer", departmentIds: [] });
    expect(inv.emailed).toBe(false);
  });
});
