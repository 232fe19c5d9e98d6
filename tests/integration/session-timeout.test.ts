/** Sessions end after the absolute timeout, however active; before it they work. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { SESSION_ABSOLUTE_MAX_AGE_S, SESSION_MAX_AGE_S } from "@/server/auth/config";
import { createTestDb } from "../helpers/db";
import { callerFor, makeOrg, type TestOrg } from "../helpers/factories";

let h: DbHandle;
let org: TestOrg;
beforeAll(async () => {
  h = await createTestDb();
  org = await makeOrg(h.db, "timeout");
});
afterAll(async () => h?.close());

const secondsAgo = (s: number) => Math.floor(Date.now() / 1000) - s;

describe("absolute session timeout", () => {
  it("is longer than the idle timeout", () => {
    expect(SESSION_ABSOLUTE_MAX_AGE_S).toBeGreaterThan(SESSION_MAX_AGE_S);
  });

  it("lets a session signed in just within the limit act, in and outside an organisation", async () => {
    const c = await callerFor(h.db, org.users.member.id, {
      session: { userId: org.users.member.id, epoch: 0, authAt: secondsAgo(SESSION_ABSOLUTE_MAX_AGE_S - 60) },
    });
    expect((await c.auth.me()).id).toBe(org.users.member.id);
    expect((await c.org.get({ orgSlug: org.slug })).slug).toBe(org.slug);
  });

  it("ends a session signed in longer ago than the limit: UNAUTHORIZED everywhere", async () => {
    const c = await callerFor(h.db, org.users.member.id, {
      session: { userId: org.users.member.id, epoch: 0, authAt: secondsAgo(SESSION_ABSOLUTE_MAX_AGE_S + 60) },
    });
    await expect(c.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(c.org.get({ orgSlug: org.slug })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(c.objective.list({ orgSlug: org.slug, periodId: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
