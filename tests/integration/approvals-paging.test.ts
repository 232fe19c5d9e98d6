/** The approvals list pages on (created_at, id): requests created at the same instant are never skipped or repeated. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { approvalRequests } from "@/db/schema";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";
import { build, makeWorld, mine, whoFor, type World } from "./_support/procedures";
import { expectFieldError } from "../helpers/errors";

let h: DbHandle;
let w: World;
const ids: string[] = [];

beforeAll(async () => {
  h = await createTestDb();
  w = await makeWorld(h.db, "paging");
  const member = whoFor(w, "member");
  for (let i = 0; i < 23; i++) {
    const r = await build.approvalRequest(w, mine(w, member), { requesterId: member.userId, rule: { kind: "role", roles: ["admin", "owner"] } });
    ids.push(r.id);
  }
  // Seven share one microsecond, the rest two by two: the old cursor (created_at < last) skipped such ties.
  await h.db.execute(sql`update approval_requests set created_at = '2026-11-02 10:00:00.123456+00' where id in (${sql.join(ids.slice(0, 7).map((id) => sql`${id}::uuid`), sql`, `)})`);
  for (let i = 7; i < ids.length; i += 2) {
    const pair = ids.slice(i, i + 2).map((id) => sql`${id}::uuid`);
    await h.db.execute(sql`update approval_requests set created_at = ${`2026-11-0${3 + (i % 5)} 09:00:00.000001+00`} where id in (${sql.join(pair, sql`, `)})`);
  }
}, 60_000);
afterAll(async () => h?.close());

describe("approvals list pages", () => {
  it("walks every request exactly once, newest first, whatever the page size", async () => {
    const owner = await callerFor(h.db, w.org.users.owner.id);
    for (const limit of [1, 2, 3, 5, 7, 30]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let guard = 0; guard < 100; guard++) {
        const page = await owner.approval.inbox({ orgSlug: w.org.slug, box: "all", limit, cursor });
        seen.push(...page.items.map((i) => i.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      const mineSeen = seen.filter((id) => ids.includes(id));
      expect(mineSeen.length, `limit ${limit}`).toBe(ids.length);
      expect(new Set(seen).size, `limit ${limit}: no repeats`).toBe(seen.length);
      const order = await h.db
        .select({ id: approvalRequests.id })
        .from(approvalRequests)
        .where(sql`${approvalRequests.orgId} = ${w.org.orgId}`)
        .orderBy(sql`created_at desc, id desc`);
      expect(seen, `limit ${limit}: newest first, ties by id`).toEqual(order.map((r) => r.id));
    }
  });

  it("refuses a cursor that is not a request id, naming the field", async () => {
    const owner = await callerFor(h.db, w.org.users.owner.id);
    await expectFieldError(owner.approval.inbox({ orgSlug: w.org.slug, box: "all", cursor: "2026-11-02T10:00:00.123Z" }), "cursor", "");
  });
});
