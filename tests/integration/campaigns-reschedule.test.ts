/**
 * campaign.reschedule (the calendar's drag and keyboard move): moves a draft's dates with an
 * optimistic version and an audit event in the same transaction; anything else writes nothing.
 */
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { auditEvents, campaigns } from "@/db/schema";
import { translate } from "@/server/i18n";
import { createTestDb } from "../helpers/db";
import { expectFieldError } from "../helpers/errors";
import { callerFor, makeOrg } from "../helpers/factories";
import { build, makeWorld, snapshotOrg, type World } from "./_support/procedures";

let h: DbHandle;
let w: World;
let U: { owner: string; admin: string; manager: string; member: string; viewer: string; memberB: string };

const as = (userId: string) => callerFor(h.db, userId);
const slug = () => w.org.slug;

beforeAll(async () => {
  h = await createTestDb();
  w = await makeWorld(h.db, "resched");
  const u = w.org.users;
  U = { owner: u.owner.id, admin: u.admin.id, manager: u.manager.id, member: u.member.id, viewer: u.viewer.id, memberB: w.other.id };
});
afterAll(async () => h?.close());

async function expectCode(p: Promise<unknown>, code: TRPCError["code"], text?: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(TRPCError);
  expect((err as TRPCError).code).toBe(code);
  if (text) expect(translate("en", (err as TRPCError).message)).toContain(text);
  return err as TRPCError;
}

/** A campaign of the member in department A, 2030-01-01 … 2030-03-31 (draft unless told). */
const campaignOf = (opts: { status?: (typeof campaigns.$inferInsert)["status"]; ownerId?: string; departmentId?: string } = {}) =>
  build.campaign(
    w,
    { ownerId: opts.ownerId ?? U.member, departmentId: opts.departmentId ?? w.org.departmentIds.a },
    { status: opts.status, approvedBudgetMinor: opts.status && opts.status !== "draft" ? 0 : null },
  );

const rowOf = async (id: string) => (await h.db.select().from(campaigns).where(eq(campaigns.id, id)))[0]!;
const auditOf = (id: string) =>
  h.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "reschedule")));

describe("campaign.reschedule", () => {
  it("moves a draft's dates, bumps the version and audits before and after in the same change", async () => {
    const c = await campaignOf();
    const after = await (await as(U.member)).campaign.reschedule({
      orgSlug: slug(),
      campaignId: c.id,
      version: c.version,
      startsOn: "2030-01-08",
      endsOn: "2030-04-07",
    });
    expect(after).toMatchObject({ id: c.id, startsOn: "2030-01-08", endsOn: "2030-04-07", version: c.version + 1, status: "draft" });
    // Nothing else of the campaign changes.
    const row = await rowOf(c.id);
    expect({ ...row, startsOn: c.startsOn, endsOn: c.endsOn, version: c.version, updatedAt: c.updatedAt }).toEqual(c);

    const events = await auditOf(c.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ orgId: w.org.orgId, actorId: U.member, entityType: "campaign" });
    expect(events[0]!.before).toMatchObject({ startsOn: "2030-01-01", endsOn: "2030-03-31", version: c.version });
    expect(events[0]!.after).toMatchObject({ startsOn: "2030-01-08", endsOn: "2030-04-07", version: c.version + 1 });
  });

  it("a manager moves a draft of their department; a one-day campaign stays valid", async () => {
    const c = await campaignOf();
    const after = await (await as(U.manager)).campaign.reschedule({
      orgSlug: slug(),
      campaignId: c.id,
      version: c.version,
      startsOn: "2030-02-14",
      endsOn: "2030-02-14",
    });
    expect(after).toMatchObject({ startsOn: "2030-02-14", endsOn: "2030-02-14" });
  });

  it("the same dates again write nothing", async () => {
    const c = await campaignOf();
    const snap = await snapshotOrg(h.db, w.org.orgId);
    const same = await (await as(U.member)).campaign.reschedule({
      orgSlug: slug(),
      campaignId: c.id,
      version: c.version,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
    });
    expect(same.version).toBe(c.version);
    expect(await snapshotOrg(h.db, w.org.orgId)).toEqual(snap);
  });

  it.each([
    ["pending_approval", "waiting for approval"],
    ["approved", "approved"],
    ["live", "live"],
    ["completed", "completed"],
    ["cancelled", "cancelled"],
  ] as const)(
    "rejects a %s campaign with a field error and writes nothing",
    async (status, said) => {
      const c = await campaignOf({ status });
      const snap = await snapshotOrg(h.db, w.org.orgId);
      await expectFieldError(
        (await as(U.owner)).campaign.reschedule({ orgSlug: slug(), campaignId: c.id, version: c.version, startsOn: "2030-01-02", endsOn: "2030-04-01" }),
        "campaignId",
        `Only a draft campaign can be moved on the calendar; this one is ${said}`,
      );
      expect(await snapshotOrg(h.db, w.org.orgId)).toEqual(snap);
    },
  );

  it("rejects an end before the start on endsOn, with the shared message, and writes nothing", async () => {
    const c = await campaignOf();
    const snap = await snapshotOrg(h.db, w.org.orgId);
    const call = (await as(U.member)).campaign.reschedule({ orgSlug: slug(), campaignId: c.id, version: c.version, startsOn: "2030-02-10", endsOn: "2030-02-09" });
    await expectFieldError(call, "endsOn", translate("en", "e.endBeforeStart"));
    expect(await snapshotOrg(h.db, w.org.orgId)).toEqual(snap);
  });

  it.each([
    ["startsOn", { startsOn: "2030-02-30", endsOn: "2030-03-10" }],
    ["endsOn", { startsOn: "2030-02-01", endsOn: "2030-13-01" }],
    ["startsOn", { startsOn: "1 March 2030", endsOn: "2030-03-10" }],
  ] as const)("rejects an impossible or malformed date on %s and writes nothing", async (field, dates) => {
    const c = await campaignOf();
    const snap = await snapshotOrg(h.db, w.org.orgId);
    await expectFieldError((await as(U.member)).campaign.reschedule({ orgSlug: slug(), campaignId: c.id, version: c.version, ...dates }), field, translate("en", "v.date"));
    expect(await snapshotOrg(h.db, w.org.orgId)).toEqual(snap);
  });

  it("a stale version is a conflict and writes nothing", async () => {
    const c = await campaignOf();
    const m = await as(U.member);
    const moved = await m.campaign.reschedule({ orgSlug: slug(), campaignId: c.id, version: c.version, startsOn: "2030-01-03", endsOn: "2030-04-02" });
    const snap = await snapshotOrg(h.db, w.org.orgId);
    await expectCode(
      m.campaign.reschedule({ orgSlug: slug(), campaignId: c.id, version: c.version, startsOn: "2030-01-05", endsOn: "2030-04-04" }),
      "CONFLICT",
      "changed by someone else",
    );
    expect(await snapshotOrg(h.db, w.org.orgId)).toEqual(snap);
    expect(await rowOf(c.id)).toMatchObject({ startsOn: moved.startsOn, endsOn: moved.endsOn, version: moved.version });
  });

  it("out of scope is FORBIDDEN: a member on someone else's draft, a manager outside their department; a viewer never", async () => {
    const inB = await campaignOf({ ownerId: U.memberB, departmentId: w.org.departmentIds.b });
    const othersInA = await campaignOf({ ownerId: U.owner });
    const snap = await snapshotOrg(h.db, w.org.orgId);
    const move = (by: string, c: { id: string; version: number }) =>
      as(by).then((x) => x.campaign.reschedule({ orgSlug: slug(), campaignId: c.id, version: c.version, startsOn: "2030-01-10", endsOn: "2030-04-09" }));
    await expectCode(move(U.member, inB), "FORBIDDEN");
    await expectCode(move(U.member, othersInA), "FORBIDDEN");
    await expectCode(move(U.manager, inB), "FORBIDDEN");
    await expectCode(move(U.viewer, othersInA), "FORBIDDEN");
    expect(await snapshotOrg(h.db, w.org.orgId)).toEqual(snap);
    // Admins act anywhere.
    await expect(move(U.admin, inB)).resolves.toMatchObject({ startsOn: "2030-01-10" });
  });

  it("a campaign of another organisation is NOT_FOUND, and an unknown id too", async () => {
    const other = await makeOrg(h.db, "resched-other");
    const c = await campaignOf();
    const stranger = await as(other.users.owner.id);
    await expectCode(
      stranger.campaign.reschedule({ orgSlug: other.slug, campaignId: c.id, version: c.version, startsOn: "2030-01-10", endsOn: "2030-04-09" }),
      "NOT_FOUND",
    );
    await expectCode(
      (await as(U.owner)).campaign.reschedule({
        orgSlug: slug(),
        campaignId: "00000000-0000-4000-8000-000000000000",
        version: 1,
        startsOn: "2030-01-10",
        endsOn: "2030-04-09",
      }),
      "NOT_FOUND",
    );
    expect(await rowOf(c.id)).toMatchObject({ startsOn: "2030-01-01", version: c.version });
  });
});
