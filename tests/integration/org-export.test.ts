/**
 * Organisation export and import: a rich organisation (the demo seed plus a row in every table the
 * seed leaves empty) is exported, imported into a new empty organisation in the same database, and
 * exported again: the two documents hold the same rows once ids are normalised. Also: validation
 * errors name the table, row and field; a non-empty target is refused; a file that points into
 * another organisation is refused; secrets never leave; access follows the permission table.
 * Runs on PGlite and (TEST_DB=neon) on PostgreSQL.
 */
import crypto from "node:crypto";
import { and, eq, max } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { apiKeys, auditEvents, invitations, keyResults, webhooks, memberships, notifications, objectives, organizations, users } from "@/db/schema";
import { defaultRiskSettings } from "@/server/risks/scoring";
import { seedDemo } from "@/db/seed/demo";
import { exportTables } from "@/server/backup/tables";
import type { OrgExportDocument } from "@/server/backup/schema";
import { importOrganizationWithIds } from "@/server/backup/service";
import { exportDownload } from "@/server/backup/download";
import { loadActor } from "@/server/org/actor";
import { fieldErrorsOf } from "@/server/api/trpc";
import { TRPCError } from "@trpc/server";
import { createTestDb } from "../helpers/db";
import { callerFor, makeUser } from "../helpers/factories";
import { outcome, uid } from "./_support/procedures";
import { leaksIn, storedSecrets } from "./_support/secrets";

let h: DbHandle & { isPostgres: boolean };
let seeded: Awaited<ReturnType<typeof seedDemo>>;
let ownerId: string;

/** Rows the demo seed does not write: one of each, through the procedures (so they are realistic). */
async function enrich() {
  const c = await callerFor(h.db, ownerId);
  const slug = "demo";
  const [member] = await h.db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, seeded.orgId), eq(memberships.role, "member")))
    .limit(1);
  const memberId = member!.userId;
  const m = await callerFor(h.db, memberId);
  const depts = await c.department.list({ orgSlug: slug });
  const deptA = depts[0]!.id;
  await c.department.create({ orgSlug: slug, name: `Child ${uid()}`, parentId: deptA });
  await c.invitation.create({ orgSlug: slug, email: `pending-${uid()}@example.test`, role: "viewer", departmentIds: [deptA] });
  await m.notification.updatePreferences({ orgSlug: slug, preferences: [{ kind: "approvalDecided", inApp: true, email: false }] });
  await c.approval.delegate({ orgSlug: slug, delegateId: memberId, startsOn: "2030-01-01", endsOn: "2030-01-05" });
  const tpl = await c.retro.createTemplate({ orgSlug: slug, name: `Sailboat ${uid()}`, columns: [{ key: "wind", label: "Wind" }] });
  void tpl;
  const retro = await c.retro.create({ orgSlug: slug, title: "Export retro", facilitatorId: ownerId, departmentIds: [deptA], participantIds: [memberId] });
  await c.retro.addCard({ orgSlug: slug, retroId: retro.id, columnKey: "start", body: "A card" });
  let r = await c.retro.setPhase({ orgSlug: slug, retroId: retro.id, version: retro.version, phase: "collect" });
  r = await c.retro.setPhase({ orgSlug: slug, retroId: retro.id, version: r.version, phase: "group" });
  r = await c.retro.setPhase({ orgSlug: slug, retroId: retro.id, version: r.version, phase: "vote" });
  const view = await c.retro.get({ orgSlug: slug, retroId: retro.id });
  if (!view.unchanged && view.groups[0]) await c.retro.vote({ orgSlug: slug, groupId: view.groups[0].id });
  await c.retro.setPhase({ orgSlug: slug, retroId: retro.id, version: r.version, phase: "discuss" });
  await c.retro.addAction({ orgSlug: slug, retroId: retro.id, title: "Do the thing" });
  await c.approval.updateSettings({ orgSlug: slug, slaDays: 4, okrTwoStep: true, adminsMayOverride: false, version: 0 });
  await c.campaign.updateSettings({ orgSlug: slug, baseCurrency: "USD", approvalThresholdMinor: 500_000, channels: ["email", "social", "events"], version: 0 });
  await c.risk.updateSettings({ orgSlug: slug, ...defaultRiskSettings(), appetite: 9, version: 0 });
  const [kr] = await h.db.select().from(keyResults).where(eq(keyResults.orgId, seeded.orgId)).limit(1);
  const [obj] = await h.db.select().from(objectives).where(eq(objectives.id, kr!.objectiveId));
  await c.initiative.create({ orgSlug: slug, keyResultId: kr!.id, title: "Do a thing", ownerId, dueOn: "2030-02-15" });
  const to = depts.find((d) => d.id !== obj!.departmentId)!.id;
  await c.dependency.request({ orgSlug: slug, keyResultId: kr!.id, toDepartmentId: to, what: "Please deliver", neededBy: "2030-02-20" });
  await c.comment.add({ orgSlug: slug, entityType: "objective", entityId: obj!.id, body: "Can marketing own the webinar?", mentionIds: [memberId] });
  const webhook = await c.webhook.create({ orgSlug: slug, url: "http://127.0.0.1:9/hook", events: ["*"], format: "json", description: "hook" });
  await c.apiKey.create({ orgSlug: slug, name: "Key", role: "member", expiresOn: null });
  return { webhookId: webhook.webhook.id };
}

beforeAll(async () => {
  h = await createTestDb();
  seeded = await seedDemo(h.db);
  ownerId = seeded.userIds.owner!;
  await enrich();
}, 300_000);
afterAll(async () => h?.close());

/** A new organisation created through the app by `userId` (owner), as someone about to import would. */
async function newOrg(userId: string) {
  const c = await callerFor(h.db, userId);
  const org = await c.org.create({ name: "Restored", slug: `restored-${uid()}` });
  return org;
}

/** The document with every id mapped through `map`, the org's address and name set aside, audit ids dropped. */
function normalise(doc: OrgExportDocument, map?: Map<string, string>) {
  const re = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
  const slug = doc.org.slug;
  const fix = (v: unknown): unknown => {
    if (typeof v === "string") {
      let s = map ? v.replace(re, (m) => map.get(m.toLowerCase()) ?? m) : v;
      if (s === `/${slug}` || s.startsWith(`/${slug}/`) || s.startsWith(`/${slug}?`)) s = `/ORG${s.slice(slug.length + 1)}`;
      return s;
    }
    if (Array.isArray(v)) return v.map(fix);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fix(x)]));
    return v;
  };
  const out: Record<string, string[]> = {};
  for (const [name, rows] of Object.entries(doc.tables)) {
    out[name] = rows
      .map((r) => {
        const x = fix(r) as Record<string, unknown>;
        if (name === "auditEvents") delete x.id;
        return JSON.stringify(x, Object.keys(x).sort());
      })
      .sort();
  }
  return out;
}

const checksum = (rows: string[]) => crypto.createHash("sha256").update(rows.join("\n")).digest("hex");

describe("org.export → org.import → org.export", () => {
  let first: OrgExportDocument;

  it("exports every table of the organisation, and no secret", async () => {
    const c = await callerFor(h.db, ownerId);
    first = (await c.org.export({ orgSlug: "demo" })) as OrgExportDocument;
    expect(first.format).toBe("lodestar-org-export");
    expect(first.version).toBe(1);
    expect(Object.keys(first.tables).sort()).toEqual(["users", ...exportTables().map((t) => t.name)].sort());
    const empty = Object.entries(first.tables).filter(([, rows]) => rows.length === 0).map(([k]) => k);
    // The seed plus enrich() leave nothing empty except tables only some workflows fill.
    expect(empty, "tables without rows in the seeded organisation").toEqual([]);
    const text = JSON.stringify(first.tables);
    expect(/passwordHash|tokenHash|"secret"|"hash"/.test(text), "a secret column in the tables").toBe(false);
    // The actual secrets of the organisation appear nowhere in the file.
    const secrets = [
      ...(await h.db.select({ s: webhooks.secret }).from(webhooks).where(eq(webhooks.orgId, seeded.orgId))).map((r) => r.s),
      ...(await h.db.select({ s: apiKeys.hash }).from(apiKeys).where(eq(apiKeys.orgId, seeded.orgId))).map((r) => r.s),
      ...(await h.db.select({ s: invitations.tokenHash }).from(invitations).where(eq(invitations.orgId, seeded.orgId))).map((r) => r.s),
      ...(await h.db.select({ s: users.passwordHash }).from(users).where(eq(users.id, ownerId))).map((r) => r.s!),
    ];
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    expect(leaksIn(first, await storedSecrets(h.db))).toEqual([]);
    const whole = JSON.stringify(first);
    expect(secrets.filter((x) => whole.includes(x))).toEqual([]);
    const [hook] = first.tables.webhooks!;
    expect(hook).not.toHaveProperty("secret");
    expect(first.tables.users!.every((u) => !("passwordHash" in u))).toBe(true);
    // Exporting is recorded.
    const [ev] = await h.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, seeded.orgId), eq(auditEvents.action, "export")));
    expect(ev?.entityType).toBe("organization");
  });

  it("imports into a new empty organisation, and exporting that gives the same rows", async () => {
    const target = await newOrg(ownerId);
    // Looking at products once gives a new organisation the default lifecycle: still "empty".
    const stages = await (await callerFor(h.db, ownerId)).product.stages({ orgSlug: target.slug });
    expect(stages.length).toBeGreaterThan(0);
    const [before] = await h.db.select({ n: max(auditEvents.id) }).from(auditEvents).where(eq(auditEvents.orgId, target.id));
    const actor = (await loadActor(h.db, ownerId, target.slug))!;
    // Through JSON text, as a file would travel.
    const doc = JSON.parse(JSON.stringify(first)) as unknown;
    const res = await importOrganizationWithIds(h.db, actor, doc);
    expect(res.orgId).toBe(target.id);
    for (const t of exportTables()) expect(res.counts[t.name], t.name).toBe(first.tables[t.name]!.length);
    expect(res.users.created).toBe(0);
    expect(res.users.linked).toBe(first.tables.users!.length);

    const c = await callerFor(h.db, ownerId);
    const second = (await c.org.export({ orgSlug: target.slug })) as OrgExportDocument;
    // The target's own history (its creation, the import itself) is not part of the file.
    second.tables.auditEvents = second.tables.auditEvents!.filter((e) => Number(e.id) > Number(before!.n ?? 0) && e.action !== "imported");

    const a = normalise(first, res.idMap);
    const b = normalise(second);
    for (const name of Object.keys(a)) {
      expect(b[name]!.length, `${name} count`).toBe(a[name]!.length);
      if (checksum(a[name]!) !== checksum(b[name]!)) {
        const missing = a[name]!.filter((x) => !b[name]!.includes(x)).slice(0, 2);
        const extra = b[name]!.filter((x) => !a[name]!.includes(x)).slice(0, 2);
        expect({ table: name, missing, extra }).toEqual({ table: name, missing: [], extra: [] });
      }
    }
    expect(second.org.defaultLocale).toBe(first.org.defaultLocale);
    // No id of the source survives in the new organisation's rows (except users, linked by email).
    const userIds = new Set(first.tables.users!.map((u) => String(u.id)));
    const srcIds = new Set<string>([first.org.id]);
    for (const rows of Object.values(first.tables)) for (const r of rows) if (typeof r.id === "string" && !userIds.has(r.id)) srcIds.add(r.id);
    const text = JSON.stringify(second.tables);
    expect([...srcIds].filter((id) => text.includes(id))).toEqual([]);
    // Links point at the new organisation.
    const links = await h.db.select({ link: notifications.link }).from(notifications).where(eq(notifications.orgId, target.id));
    expect(links.filter((l) => l.link.startsWith("/demo/"))).toEqual([]);
    // The import is in the audit log.
    const [ev] = await h.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, target.id), eq(auditEvents.action, "imported")));
    expect(ev?.entityType).toBe("organization");
    // The importer is still the owner.
    const [own] = await h.db.select().from(memberships).where(and(eq(memberships.orgId, target.id), eq(memberships.userId, ownerId)));
    expect(own?.role).toBe("owner");
  }, 120_000);

  it("creates missing users without a password, and links existing ones", async () => {
    const doc = JSON.parse(JSON.stringify(first)) as OrgExportDocument;
    const stranger = doc.tables.users!.find((u) => u.id !== ownerId)!;
    const email = `new-${uid()}@example.test`;
    stranger.email = email;
    const target = await newOrg(ownerId);
    const res = await importOrganizationWithIds(h.db, (await loadActor(h.db, ownerId, target.slug))!, doc);
    expect(res.users.created).toBe(1);
    expect(res.notes).toContain("orgBackup.noteNewUsers|count=1");
    const [u] = await h.db.select().from(users).where(eq(users.email, email));
    expect(u?.passwordHash).toBeNull();
  }, 120_000);
});

describe("the download route", () => {
  const ctx = async (userId: string | null) => {
    const session = userId ? { userId, epoch: (await h.db.select({ e: users.sessionEpoch }).from(users).where(eq(users.id, userId)))[0]!.e } : null;
    return { db: h.db, session, requestId: `dl-${uid()}`, ip: "127.0.0.1" };
  };

  it("sends the document as a JSON attachment to admins and owners; others get 403/404/401", async () => {
    const res = await exportDownload(await ctx(ownerId), "demo");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="lodestar-demo-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.headers.get("content-type")).toContain("application/json");
    const doc = (await res.json()) as OrgExportDocument;
    expect(doc.format).toBe("lodestar-org-export");
    const [viewer] = await h.db.select().from(memberships).where(and(eq(memberships.orgId, seeded.orgId), eq(memberships.role, "viewer")));
    expect((await exportDownload(await ctx(viewer!.userId), "demo")).status).toBe(403);
    const outsider = await makeUser(h.db, "Outsider");
    const notFound = await exportDownload(await ctx(outsider.id), "demo");
    expect(notFound.status).toBe(404);
    expect(await notFound.text()).not.toContain(seeded.orgId);
    expect((await exportDownload(await ctx(null), "demo")).status).toBe(401);
  });
});

describe("import refuses", () => {
  const importAs = async (userId: string, slug: string, document: unknown) => outcome((await callerFor(h.db, userId)).org.import({ orgSlug: slug, document }));
  let doc: OrgExportDocument;
  beforeAll(async () => {
    doc = (await (await callerFor(h.db, ownerId)).org.export({ orgSlug: "demo" })) as OrgExportDocument;
  });

  it("a non-empty organisation, saying what it holds", async () => {
    const res = await importAs(ownerId, "demo", doc);
    expect(res.ok ? "OK" : res.code).toBe("PRECONDITION_FAILED");
    expect((res as { error: Error }).error.message).toMatch(/empty/i);
  });

  it("an invalid document, naming the table, row and field", async () => {
    const target = await newOrg(ownerId);
    const bad = JSON.parse(JSON.stringify(doc)) as OrgExportDocument;
    (bad.tables.keyResults![2] as Record<string, unknown>).targetValue = "ten";
    const res = await importAs(ownerId, target.slug, bad);
    expect(res.ok ? "OK" : res.code).toBe("BAD_REQUEST");
    const cause = (res as { error: TRPCError }).error.cause as { details?: { errors?: { table: string; row: number; field: string }[] } };
    expect(cause.details?.errors?.[0]).toMatchObject({ table: "keyResults", row: 2, field: "targetValue" });
    expect((res as { error: Error }).error.message).toContain("tables.keyResults[2].targetValue");
    const wrong = await importAs(ownerId, target.slug, { format: "something-else" });
    expect(wrong.ok ? "OK" : wrong.code).toBe("BAD_REQUEST");
    // Nothing was written.
    const rows = await h.db.select().from(memberships).where(eq(memberships.orgId, target.id));
    expect(rows).toHaveLength(1);
    void fieldErrorsOf;
  });

  it("a webhook to an address an admin could not add", async () => {
    const target = await newOrg(ownerId);
    const bad = JSON.parse(JSON.stringify(doc)) as OrgExportDocument;
    bad.tables.webhooks![0]!.url = "ftp://example.com/hook";
    const res = await importAs(ownerId, target.slug, bad);
    expect(res.ok ? "OK" : res.code).toBe("BAD_REQUEST");
    const errors = ((res as { error: TRPCError }).error.cause as { details?: { errors?: { table: string; field: string }[] } }).details?.errors;
    expect(errors?.[0]).toMatchObject({ table: "webhooks", field: "url" });
  });

  it("a row pointing at a row that is not in the file", async () => {
    const target = await newOrg(ownerId);
    const bad = JSON.parse(JSON.stringify(doc)) as OrgExportDocument;
    bad.tables.objectives![0]!.periodId = crypto.randomUUID();
    const res = await importAs(ownerId, target.slug, bad);
    expect(res.ok ? "OK" : res.code).toBe("BAD_REQUEST");
    expect((res as { error: Error }).error.message).toContain("tables.objectives[0].periodId");
    const errors = ((res as { error: TRPCError }).error.cause as { details?: { errors?: { field: string; message: string }[] } }).details?.errors;
    expect(errors?.[0]).toMatchObject({ field: "periodId", message: "e.orgImport.missingRow|table=periods" });
  });

  it("a file that points into another organisation (soft references included)", async () => {
    const target = await newOrg(ownerId);
    const other = await newOrg(ownerId);
    const bad = JSON.parse(JSON.stringify(doc)) as OrgExportDocument;
    // A comment about something of another organisation: entity_id has no foreign key.
    bad.tables.comments![0]!.entityId = other.id;
    expect(bad.tables.comments![0]!.entityType).toBeTruthy();
    const res = await importAs(ownerId, target.slug, bad);
    expect(res.ok ? "OK" : res.code).toBe("BAD_REQUEST");
    const errors = ((res as { error: TRPCError }).error.cause as { details?: { errors?: { message: string }[] } }).details?.errors;
    expect(errors?.map((e) => e.message)).toContain(`e.orgImport.outside|id=${other.id}`);
  });

  it.runIf(process.env.TEST_DB === "neon")("a second import running at the same time into the same organisation (PostgreSQL)", async () => {
    const target = await newOrg(ownerId);
    const [a, b] = await Promise.all([importAs(ownerId, target.slug, doc), importAs(ownerId, target.slug, doc)]);
    const codes = [a, b].map((r) => (r.ok ? "OK" : r.code)).sort();
    expect(codes).toEqual(["OK", "PRECONDITION_FAILED"]);
    const imported = await h.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, target.id), eq(auditEvents.action, "imported")));
    expect(imported).toHaveLength(1);
  });

  it("admins and others: FORBIDDEN; non-members: NOT_FOUND", async () => {
    const target = await newOrg(ownerId);
    const admin = await makeUser(h.db, "Admin");
    await h.db.insert(memberships).values({ orgId: target.id, userId: admin.id, role: "admin" });
    const res = await importAs(admin.id, target.slug, doc);
    expect(res.ok ? "OK" : res.code).toBe("FORBIDDEN");
    const outsider = await makeUser(h.db, "Outsider");
    const res2 = await importAs(outsider.id, target.slug, doc);
    expect(res2.ok ? "OK" : res2.code).toBe("NOT_FOUND");
    const res3 = outcome((await callerFor(h.db, outsider.id)).org.export({ orgSlug: "demo" }));
    expect(await res3.then((r) => (r.ok ? "OK" : r.code))).toBe("NOT_FOUND");
    const [o] = await h.db.select().from(organizations).where(eq(organizations.id, target.id));
    expect(o).toBeTruthy();
  });
});
