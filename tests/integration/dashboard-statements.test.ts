/**
 * dashboard.myWork: after the session + membership check, one statement for all five lists (key
 * results, approvals waiting for me, retro actions, risks, live campaigns) — however many items each
 * list has and whichever approver rules the waiting requests carry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import type { ApproverRule } from "@/db/schema";
import { createTestDb } from "../helpers/db";
import { statementLog } from "../helpers/statement-log";
import { callerFor } from "../helpers/factories";
import { build, makeWorld, type World } from "./_support/procedures";

let h: DbHandle;
let w: World;
const { logQuery, counted } = statementLog();

beforeAll(async () => {
  h = await createTestDb({ logQuery });
  w = await makeWorld(h.db, "dstmt");
});
afterAll(async () => h?.close());


describe("dashboard.myWork statements", () => {
  it("is the authentication statement plus one, with empty and with full lists", async () => {
    const manager = w.org.users.manager.id;
    const c = await callerFor(h.db, manager);
    const empty = await counted(() => c.dashboard.myWork({ orgSlug: w.org.slug }));
    expect(empty.value.approvals).toEqual({ items: [], more: false });
    expect(empty.statements).toHaveLength(2);
    expect(empty.statements[0]).toMatch(/from "users" left join "organizations"/);

    const mine = { ownerId: manager, departmentId: w.org.departmentIds.a };
    const requester = { ownerId: w.org.users.member.id, departmentId: w.org.departmentIds.a };
    for (let i = 0; i < 3; i++) await build.keyResult(w, mine);
    for (let i = 0; i < 3; i++) await build.retroAction(w, mine);
    for (let i = 0; i < 3; i++) await build.campaign(w, mine, { status: "live", approvedBudgetMinor: 0 });
    // Requests under different rules (a third of them not the manager's): still one statement, no query per rule.
    for (let i = 0; i < 18; i++) {
      const rule: ApproverRule =
        i % 3 === 0
          ? { kind: "department_managers", departmentId: w.org.departmentIds.a }
          : i % 3 === 1
            ? { kind: "users", userIds: [manager] }
            : { kind: "role", roles: ["admin"] };
      await build.approvalRequest(w, requester, { requesterId: w.org.users.member.id, rule });
    }
    const full = await counted(() => c.dashboard.myWork({ orgSlug: w.org.slug }));
    expect(full.value.keyResults).toHaveLength(3);
    expect(full.value.actions).toHaveLength(3);
    expect(full.value.campaigns).toHaveLength(3);
    expect(full.value.approvals.items).toHaveLength(10);
    expect(full.value.approvals.more).toBe(true);
    expect(full.statements).toHaveLength(2);
    expect(full.statements.length).toBeLessThanOrEqual(5);
  });
});
