import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditEvents, memberships, users } from "@/db/schema";
import { callerFor, makeOrg, type TestOrg } from "../helpers/factories";
import { createTestDb } from "../helpers/db";
import { expectFieldError } from "../helpers/errors";
import type { DbHandle } from "@/db/client";

let h: DbHandle;
let org: TestOrg;

beforeAll(async () => {
  h = await createTestDb();
  org = await makeOrg(h.db, "acme");
});
afterAll(async () => h?.close());

describe("sign-up and organisation creation", () => {
  it("signs up, creates an org and becomes its owner, with audit events", async () => {
    const anon = await callerFor(h.db, null);
    const user = await anon.auth.signUp({ email: "New.Person@Example.com", name: "New Person", password: "correct horse battery" });
    expect(user.email).toBe("new.person@example.com");
    const [stored] = await h.db.select().from(users).where(eq(users.id, user.id));
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$/);

    const me = await callerFor(h.db, user.id);
    const created = await me.org.create({ name: "Newco", slug: "newco" });
    const mine = await me.org.listMine();
    expect(mine).toEqual([expect.objectContaining({ slug: "newco", role: "owner" })]);
    const events = await h.db.select().from(auditEvents).where(eq(auditEvents.orgId, created.id));
    expect(events.map((e) => `${e.entityType}.${e.action}`).sort()).toEqual(["membership.create", "organization.create"]);
  });

  it("rejects a duplicate email and a taken slug with field errors", async () => {
    const anon = await callerFor(h.db, null);
    await anon.auth.signUp({ email: "dup@example.com", name: "Dup", password: "a long enough password" });
    await expectFieldError(anon.auth.signUp({ email: "DUP@example.com", name: "Dup", password: "a long enough password" }), "email", "already exists");
    const owner = await callerFor(h.db, org.users.owner.id);
    await expectFieldError(owner.org.create({ name: "Again", slug: org.slug }), "slug", "taken");
  });

  it("rejects a short password naming the field", async () => {
    const anon = await callerFor(h.db, null);
    await expectFieldError(anon.auth.signUp({ email: "short@example.com", name: "S", password: "short" }), "password", "at least 12");
  });
});

describe("members and roles", () => {
  it("changes a role with the current version, and refuses a stale version with CONFLICT", async () => {
    const admin = await callerFor(h.db, org.users.admin.id);
    const { items } = await admin.member.list({ orgSlug: org.slug, limit: 50 });
    const target = items.find((m) => m.userId === org.users.member.id)!;
    const updated = await admin.member.updateRole({ orgSlug: org.slug, membershipId: target.membershipId, role: "viewer", version: target.version });
    expect(updated.role).toBe("viewer");
    expect(updated.version).toBe(target.version + 1);
    await expect(
      admin.member.updateRole({ orgSlug: org.slug, membershipId: target.membershipId, role: "manager", version: target.version }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const [row] = await h.db.select().from(memberships).where(eq(memberships.id, target.membershipId));
    expect(row!.role).toBe("viewer");
    // the role change takes effect on the next request
    const demoted = await callerFor(h.db, org.users.member.id);
    await expect(demoted.department.create({ orgSlug: org.slug, name: "Nope" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await admin.member.updateRole({ orgSlug: org.slug, membershipId: target.membershipId, role: "member", version: updated.version });
  });

  it("keeps at least one owner", async () => {
    const owner = await callerFor(h.db, org.users.owner.id);
    const { items } = await owner.member.list({ orgSlug: org.slug, limit: 50 });
    const me = items.find((m) => m.userId === org.users.owner.id)!;
    await expect(owner.member.updateRole({ orgSlug: org.slug, membershipId: me.membershipId, role: "admin", version: me.version })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(owner.member.remove({ orgSlug: org.slug, membershipId: me.membershipId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("an admin cannot make owners or touch an owner", async () => {
    const admin = await callerFor(h.db, org.users.admin.id);
    const { items } = await admin.member.list({ orgSlug: org.slug, limit: 50 });
    const viewer = items.find((m) => m.userId === org.users.viewer.id)!;
    const owner = items.find((m) => m.userId === org.users.owner.id)!;
    await expect(admin.member.updateRole({ orgSlug: org.slug, membershipId: viewer.membershipId, role: "owner", version: viewer.version })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.member.remove({ orgSlug: org.slug, membershipId: owner.membershipId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("removing a member ends their access on the next request", async () => {
    const admin = await callerFor(h.db, org.users.admin.id);
    const inv = await admin.invitation.create({ orgSlug: org.slug, email: "temp@example.com", role: "member", departmentIds: [org.departmentIds.b] });
    const anon = await callerFor(h.db, null);
    const temp = await anon.auth.signUp({ email: "temp@example.com", name: "Temp", password: "a stopgap passphrase" });
    const tempCaller = await callerFor(h.db, temp.id);
    await tempCaller.invitation.accept({ token: inv.token });
    const { items } = await tempCaller.member.list({ orgSlug: org.slug, limit: 50 });
    const m = items.find((i) => i.userId === temp.id)!;
    expect(m.departments.map((d) => d.id)).toEqual([org.departmentIds.b]);
    await admin.member.remove({ orgSlug: org.slug, membershipId: m.membershipId });
    await expect(tempCaller.org.get({ orgSlug: org.slug })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("invitations", () => {
  it("is single use and bound to the invited email", async () => {
    const admin = await callerFor(h.db, org.users.admin.id);
    const inv = await admin.invitation.create({ orgSlug: org.slug, email: "invitee@example.com", role: "manager", departmentIds: [org.departmentIds.a] });
    const anon = await callerFor(h.db, null);
    expect(await anon.invitation.preview({ token: inv.token })).toMatchObject({ email: "invitee@example.com", status: "pending", orgSlug: org.slug });

    const other = await anon.auth.signUp({ email: "someone-else@example.com", name: "Else", password: "another long password" });
    await expect((await callerFor(h.db, other.id)).invitation.accept({ token: inv.token })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const invitee = await anon.auth.signUp({ email: "invitee@example.com", name: "Invitee", password: "joining the team today" });
    const c = await callerFor(h.db, invitee.id);
    const [r1, r2] = await Promise.allSettled([c.invitation.accept({ token: inv.token }), c.invitation.accept({ token: inv.token })]);
    expect([r1.status, r2.status].sort()).toEqual(["fulfilled", "rejected"]);
    const rows = await h.db.select().from(memberships).where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, invitee.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.role).toBe("manager");
    expect((await anon.invitation.preview({ token: inv.token })).status).toBe("used");
  });

  it("revoked invitations cannot be accepted", async () => {
    const admin = await callerFor(h.db, org.users.admin.id);
    const inv = await admin.invitation.create({ orgSlug: org.slug, email: "revoked@example.com", role: "viewer", departmentIds: [] });
    await admin.invitation.revoke({ orgSlug: org.slug, invitationId: inv.id });
    const anon = await callerFor(h.db, null);
    const u = await anon.auth.signUp({ email: "revoked@example.com", name: "R", password: "no longer welcome here" });
    await expect((await callerFor(h.db, u.id)).invitation.accept({ token: inv.token })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("sessions", () => {
  it("sign out everywhere ends the session on the next request", async () => {
    const c = await callerFor(h.db, org.users.viewer.id);
    await c.org.get({ orgSlug: org.slug });
    await c.auth.signOutEverywhere();
    await expect(c.org.get({ orgSlug: org.slug })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("department list", () => {
  it("counts members and names the managers of each department", async () => {
    const fresh = await makeOrg(h.db, "fresh");
    const viewer = await callerFor(h.db, fresh.users.viewer.id);
    const list = await viewer.department.list({ orgSlug: fresh.slug });
    const a = list.find((d) => d.id === fresh.departmentIds.a)!;
    const b = list.find((d) => d.id === fresh.departmentIds.b)!;
    expect(a.managers.map((m) => m.userId)).toEqual([fresh.users.manager.id]);
    expect(a.memberCount).toBe(2);
    expect(b.managers).toEqual([]);
  });

  it("lists a member's departments and filters members by department", async () => {
    const fresh = await makeOrg(h.db, "fresh");
    const viewer = await callerFor(h.db, fresh.users.viewer.id);
    const { items } = await viewer.member.list({ orgSlug: fresh.slug, limit: 50, departmentId: fresh.departmentIds.a });
    expect(items.map((m) => m.userId).sort()).toEqual([fresh.users.manager.id, fresh.users.member.id].sort());
    const mgr = items.find((m) => m.userId === fresh.users.manager.id)!;
    expect(mgr.departments).toEqual([{ id: fresh.departmentIds.a, name: "Dept A", isManager: true }]);
  });
});
