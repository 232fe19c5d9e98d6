/**
 * The scheduled jobs: every run is recorded in job_runs; the weekly check-in reminder claims its
 * ISO week there, so running the jobs again that week reminds nobody twice.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { jobRuns, keyResults, notifications, objectives } from "@/db/schema";
import { runJobs } from "@/server/jobs";
import { isoWeek } from "@/server/okrs/reminders";
import { createTestDb } from "../helpers/db";
import { build, makeWorld, type World } from "./_support/procedures";

let h: DbHandle;
let w: World;

beforeAll(async () => {
  h = await createTestDb();
  w = await makeWorld(h.db, "jobs");
});
afterAll(async () => h?.close());

describe("ISO weeks", () => {
  it("numbers weeks from Monday, with week 1 holding the first Thursday", () => {
    expect(isoWeek(new Date("2026-11-27T12:00:00Z"))).toBe("2026-W48");
    expect(isoWeek(new Date("2026-11-30T00:00:00Z"))).toBe("2026-W49");
    expect(isoWeek(new Date("2026-01-01T00:00:00Z"))).toBe("2026-W01");
    expect(isoWeek(new Date("2027-01-01T00:00:00Z"))).toBe("2026-W53");
    expect(isoWeek(new Date("2021-01-03T00:00:00Z"))).toBe("2020-W53");
  });
});

describe("check-in reminders", () => {
  it("reminds each owner of due key results once a week, and records the runs", async () => {
    const member = { ownerId: w.org.users.member.id, departmentId: w.org.departmentIds.a };
    const manager = { ownerId: w.org.users.manager.id, departmentId: w.org.departmentIds.a };
    // Two due KRs of the member on a running objective; one checked in yesterday by the manager; one on a draft.
    const kr1 = await build.keyResult(w, member);
    const [kr2] = await h.db.insert(keyResults).values({ orgId: w.org.orgId, objectiveId: kr1.objectiveId, title: "Second", ownerId: member.ownerId, type: "number", targetValue: 10 }).returning();
    await h.db.update(objectives).set({ status: "active" }).where(eq(objectives.id, kr1.objectiveId));
    const fresh = await build.keyResult(w, manager);
    await h.db.update(objectives).set({ status: "active" }).where(eq(objectives.id, fresh.objectiveId));
    const now = new Date("2030-01-15T08:00:00Z");
    await h.db.update(keyResults).set({ lastCheckInAt: new Date(now.getTime() - 86_400_000) }).where(eq(keyResults.id, fresh.id));
    const draft = await build.keyResult(w, { ownerId: w.org.users.admin.id, departmentId: w.org.departmentIds.a });

    const reminders = (userId: string) =>
      h.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, userId), eq(notifications.kind, "checkInReminder")));

    const first = await runJobs(h.db, now);
    expect(first.reminders).toMatchObject({ window: "2030-W03", skipped: false, reminded: 1 });
    const got = await reminders(member.ownerId);
    expect(got.map((n) => [n.params, n.link])).toEqual([[{ count: "2" }, `/${w.org.slug}/okrs/mine`]]);
    expect(await reminders(manager.ownerId)).toHaveLength(0);
    expect(await reminders(w.org.users.admin.id)).toHaveLength(0);
    expect(kr2 && draft).toBeTruthy();

    // The same week again: nothing more.
    const again = await runJobs(h.db, new Date(now.getTime() + 3 * 3_600_000));
    expect(again.reminders).toMatchObject({ skipped: true, reminded: 0 });
    expect(await reminders(member.ownerId)).toHaveLength(1);

    // Next week: reminded again (the manager's KR is due by then too).
    const next = await runJobs(h.db, new Date(now.getTime() + 7 * 86_400_000));
    expect(next.reminders).toMatchObject({ window: "2030-W04", reminded: 2 });
    expect(await reminders(member.ownerId)).toHaveLength(2);
    expect(await reminders(manager.ownerId)).toHaveLength(1);

    // Every run is on record, finished and ok; the reminder once per week.
    const runs = await h.db.select().from(jobRuns);
    expect(runs.filter((r) => r.job === "checkin_reminders").map((r) => r.window).sort()).toEqual(["2030-W03", "2030-W04"]);
    expect(runs.filter((r) => r.job === "approvals_escalation")).toHaveLength(3);
    expect(runs.filter((r) => r.job === "risks")).toHaveLength(3);
    expect(runs.every((r) => r.ok === true && r.finishedAt !== null)).toBe(true);
  });
});
