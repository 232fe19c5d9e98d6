/**
 * Comments on objectives, campaigns, products and risks: one table, mentions notify, only the author
 * edits (admins may also delete), another organisation's things are NOT_FOUND.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { notifications } from "@/db/schema";
import { createTestDb } from "../helpers/db";
import { callerFor, makeUser } from "../helpers/factories";
import { expectFieldError } from "../helpers/errors";
import { build, makeWorld, type World } from "./_support/procedures";

let h: DbHandle;
let w: World;

beforeAll(async () => {
  h = await createTestDb();
  w = await makeWorld(h.db, "comments");
});
afterAll(async () => h?.close());

const mentions = (userId: string) =>
  h.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, "mention")));

describe("comments", () => {
  it("lives on each kind of thing, in order, and notifies the people mentioned (not the author)", async () => {
    const s = { ownerId: w.org.users.member.id, departmentId: w.org.departmentIds.a };
    const member = await callerFor(h.db, w.org.users.member.id);
    const things = [
      { entityType: "objective" as const, entityId: (await build.objective(w, s)).id, path: "okrs/o" },
      { entityType: "campaign" as const, entityId: (await build.campaign(w, s)).id, path: "campaigns" },
      { entityType: "product" as const, entityId: (await build.product(w, s)).id, path: "products" },
      { entityType: "risk" as const, entityId: (await build.risk(w, s)).id, path: "risks" },
    ];
    for (const t of things) {
      await member.comment.add({ orgSlug: w.org.slug, ...t, body: "First", mentionIds: [w.org.users.manager.id, w.org.users.member.id] });
      await member.comment.add({ orgSlug: w.org.slug, ...t, body: "Second" });
      const list = await member.comment.list({ orgSlug: w.org.slug, ...t });
      expect(list.map((c) => [c.body, c.mine, c.authorName])).toEqual([
        ["First", true, "comments member"],
        ["Second", true, "comments member"],
      ]);
    }
    const got = await mentions(w.org.users.manager.id);
    expect(got.map((n) => n.link).sort()).toEqual(things.map((t) => `/${w.org.slug}/${t.path}/${t.entityId}`).sort());
    expect(await mentions(w.org.users.member.id)).toHaveLength(0);
  });

  it("only the author edits (newly mentioned people are told); the author or an admin deletes", async () => {
    const s = { ownerId: w.org.users.member.id, departmentId: w.org.departmentIds.a };
    const target = { entityType: "risk" as const, entityId: (await build.risk(w, s)).id };
    const member = await callerFor(h.db, w.org.users.member.id);
    const manager = await callerFor(h.db, w.org.users.manager.id);
    const admin = await callerFor(h.db, w.org.users.admin.id);
    const c = await member.comment.add({ orgSlug: w.org.slug, ...target, body: "Draft" });
    await expect(manager.comment.update({ orgSlug: w.org.slug, commentId: c.id, version: c.version, body: "Hijacked" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(manager.comment.delete({ orgSlug: w.org.slug, commentId: c.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const before = (await mentions(w.org.users.admin.id)).length;
    const edited = await member.comment.update({ orgSlug: w.org.slug, commentId: c.id, version: c.version, body: "Final", mentionIds: [w.org.users.admin.id] });
    expect(edited.editedAt).not.toBeNull();
    expect(await mentions(w.org.users.admin.id)).toHaveLength(before + 1);
    // Same mention again: nobody is told twice.
    await member.comment.update({ orgSlug: w.org.slug, commentId: c.id, version: edited.version, body: "Final!", mentionIds: [w.org.users.admin.id] });
    expect(await mentions(w.org.users.admin.id)).toHaveLength(before + 1);
    await expect(member.comment.update({ orgSlug: w.org.slug, commentId: c.id, version: c.version, body: "Stale" })).rejects.toMatchObject({ code: "CONFLICT" });
    await admin.comment.delete({ orgSlug: w.org.slug, commentId: c.id });
    expect(await member.comment.list({ orgSlug: w.org.slug, ...target })).toEqual([]);
  });

  it("refuses mentions of non-members, empty bodies, viewers, and unknown things", async () => {
    const s = { ownerId: w.org.users.member.id, departmentId: w.org.departmentIds.a };
    const target = { entityType: "product" as const, entityId: (await build.product(w, s)).id };
    const member = await callerFor(h.db, w.org.users.member.id);
    const outsider = await makeUser(h.db, "not a member");
    await expectFieldError(member.comment.add({ orgSlug: w.org.slug, ...target, body: "Hi", mentionIds: [outsider.id] }), "mentionIds", "");
    await expectFieldError(member.comment.add({ orgSlug: w.org.slug, ...target, body: "   " }), "body", "");
    const viewer = await callerFor(h.db, w.org.users.viewer.id);
    await expect(viewer.comment.add({ orgSlug: w.org.slug, ...target, body: "Hi" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await viewer.comment.list({ orgSlug: w.org.slug, ...target })).toEqual([]);
    await expect(member.comment.add({ orgSlug: w.org.slug, entityType: "risk", entityId: target.entityId, body: "Hi" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
