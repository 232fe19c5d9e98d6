/** Round trips per call: authentication and the organisation lookup share one statement. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { users } from "@/db/schema";
import { eq, sql } from "drizzle-orm";
import { createTestDb } from "../helpers/db";
import { statementLog } from "../helpers/statement-log";
import { callerFor, makeOrg, type TestOrg } from "../helpers/factories";

let h: DbHandle;
let org: TestOrg;
const { logQuery, counted } = statementLog();

beforeAll(async () => {
  h = await createTestDb({ logQuery });
  org = await makeOrg(h.db, "stmts");
});
afterAll(async () => h?.close());


describe("statements per organisation procedure", () => {
  it("a read costs one statement for session + membership, then its own query", async () => {
    const owner = await callerFor(h.db, org.users.owner.id);
    const { value, statements } = await counted(() => owner.org.get({ orgSlug: org.slug }));
    expect(value.slug).toBe(org.slug);
    expect(statements[0]).toMatch(/from "users" left join "organizations"/);
    expect(statements.length).toBe(2);
  });

  it("a campaign list page: the page with its totals in one statement after authentication", async () => {
    const owner = await callerFor(h.db, org.users.owner.id);
    const dept = org.departmentIds.a;
    for (const name of ["Spring launch", "Summer launch"]) {
      await owner.campaign.create({ orgSlug: org.slug, name, departmentId: dept, ownerId: org.users.owner.id, channels: ["email"], startsOn: "2030-01-01", endsOn: "2030-01-31" });
    }
    const { value, statements } = await counted(() => owner.campaign.list({ orgSlug: org.slug }));
    expect(value.items.length).toBe(2);
    expect(statements.some((q) => /union all/i.test(q))).toBe(false);
    expect(statements.length).toBe(2);
  });

  it("an ended session, a stranger and a bad slug are still told apart", async () => {
    const stranger = await callerFor(h.db, org.users.owner.id);
    await expect(stranger.org.get({ orgSlug: "no-such-org" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const ended = await callerFor(h.db, org.users.member.id);
    await h.db.update(users).set({ sessionEpoch: sql`${users.sessionEpoch} + 1` }).where(eq(users.id, org.users.member.id));
    await expect(ended.org.get({ orgSlug: org.slug })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const bad = await callerFor(h.db, org.users.owner.id);
    await expect(bad.org.get({ orgSlug: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect((await callerFor(h.db, null)).org.get({ orgSlug: "" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
