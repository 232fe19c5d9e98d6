/**
 * DATABASE_READ_URL: read-only procedures go to the replica, writes and the caller's reads right after
 * a write go to the primary. The "replica" here is a read-only copy of the primary taken at one moment,
 * so it lags forever: whatever a read returns shows which database served it.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "@/db/client";
import { appRouter } from "@/server/api/root";
import { hasRecentWrite, RECENT_WRITE_COOKIE } from "@/server/api/trpc";
import { stagesOf } from "@/server/products/refs";
import { revokeSession, startSession } from "@/server/auth/sessions";
import { createTestDb } from "../helpers/db";
import { callerFor, makeOrg } from "../helpers/factories";
import { callPath, caseFor, describeError, listProcedures, makeWorld, mine, outcome, whoFor, type World } from "./_support/procedures";

let primary: DbHandle & { isPostgres: boolean };
let replica: DbHandle | undefined;
let w: World;

beforeAll(async () => {
  primary = await createTestDb();
  w = await makeWorld(primary.db, "replica");
  await stagesOf(primary.db, w.org.orgId); // the default lifecycle, created on first use
  if (!primary.isPostgres) {
    const client = (primary.db as unknown as { $client: import("@electric-sql/pglite").PGlite }).$client;
    const dump = await client.dumpDataDir("none");
    replica = await createDb("memory://", { driver: "pglite", pgliteLoadDataDir: dump });
    await replica.db.execute(sql`set default_transaction_read_only = on`);
  }
}, 60_000);
afterAll(async () => {
  await replica?.close();
  await primary?.close();
});

describe("routing between primary and replica", () => {
  it("serves reads from the replica and writes on the primary; the writer reads the primary until the cookie expires", async (ctx) => {
    if (!replica) ctx.skip();
    const owner = w.org.users.owner.id;
    const headers = new Headers();
    const writer = await callerFor(primary.db, owner, { readDb: replica!.db, recentWrite: false, resHeaders: headers });
    const org = await writer.org.get({ orgSlug: w.org.slug });
    const renamed = `${org.name} (renamed)`;
    await writer.org.update({ orgSlug: w.org.slug, name: renamed, version: org.version } as Parameters<typeof writer.org.update>[0]);
    // The write went to the primary (the replica is read-only and would have refused it)…
    expect(headers.get("set-cookie")).toContain(`${RECENT_WRITE_COOKIE}=1`);
    expect(headers.get("set-cookie")).toMatch(/Max-Age=\d+; HttpOnly; SameSite=Lax/);
    // …so a reader without the cookie still sees the replica's (older) copy…
    const other = await callerFor(primary.db, owner, { readDb: replica!.db, recentWrite: false });
    expect((await other.org.get({ orgSlug: w.org.slug })).name).toBe(org.name);
    // …and the writer, whose next request carries the cookie, sees their own write at once.
    const next = new Headers({ cookie: `a=b; ${headers.get("set-cookie")!.split(";")[0]}` });
    expect(hasRecentWrite(next)).toBe(true);
    const after = await callerFor(primary.db, owner, { readDb: replica!.db, recentWrite: hasRecentWrite(next) });
    expect((await after.org.get({ orgSlug: w.org.slug })).name).toBe(renamed);
    // Without a replica configured, nothing is routed and no cookie is set.
    const plainHeaders = new Headers();
    const plain = await callerFor(primary.db, owner, { resHeaders: plainHeaders });
    await plain.org.update({ orgSlug: w.org.slug, name: org.name, version: org.version + 1 } as Parameters<typeof plain.org.update>[0]);
    expect(plainHeaders.get("set-cookie")).toBeNull();
    expect(hasRecentWrite(new Headers({ cookie: "lodestar_rwx=1" }))).toBe(false);
  });
});

describe("a read that must write once falls back to the primary", () => {
  it("a session started after the replica's copy (sign-in a moment ago) is confirmed on the primary; a revoked one is still refused", async (ctx) => {
    if (!replica) ctx.skip();
    const owner = w.org.users.owner.id;
    const sid = await startSession(primary.db, owner);
    const fresh = await callerFor(primary.db, owner, { readDb: replica!.db, recentWrite: false, session: { userId: owner, epoch: 0, sid } });
    expect((await fresh.org.get({ orgSlug: w.org.slug })).slug).toBe(w.org.slug);
    expect((await fresh.auth.me()).id).toBe(owner);
    await revokeSession(primary.db, owner, sid);
    await expect(fresh.org.get({ orgSlug: w.org.slug })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("an organisation's first look at its lifecycle creates it on the primary, not on the replica", async (ctx) => {
    if (!replica) ctx.skip();
    const fresh = await makeOrg(primary.db, "nostages");
    const client = (primary.db as unknown as { $client: import("@electric-sql/pglite").PGlite }).$client;
    const copy = await createDb("memory://", { driver: "pglite", pgliteLoadDataDir: await client.dumpDataDir("none") });
    try {
      await copy.db.execute(sql`set default_transaction_read_only = on`);
      const caller = await callerFor(primary.db, fresh.users.owner.id, { readDb: copy.db, recentWrite: false });
      const stages = await caller.product.stages({ orgSlug: fresh.slug });
      expect(stages.length).toBeGreaterThan(3);
      expect((await stagesOf(primary.db, fresh.orgId)).map((s) => s.id)).toEqual(stages.map((s) => s.id));
    } finally {
      await copy.close();
    }
  });
});

const PRIMARY_ONLY = new Set(
  Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { primary?: boolean } } }>)
    .filter(([, p]) => p._def.meta?.primary)
    .map(([path]) => path),
);

describe("every read-only procedure is safe on a read-only replica", () => {
  it("only the live retro board insists on the primary", () => expect([...PRIMARY_ONLY].sort()).toEqual(["retro.export", "retro.get"]));
  const QUERIES = listProcedures().filter((p) => p.type === "query" && p.permission !== "public" && !PRIMARY_ONLY.has(p.path));
  it("has queries to check", () => expect(QUERIES.length).toBeGreaterThan(30));
  it.each(QUERIES.map((p) => [p.path]))("%s writes nothing", async (path) => {
    const who = whoFor(w, "owner");
    const input = await caseFor(path).input(w, who, mine(w, who));
    const res = await outcome(
      primary.db.transaction(async (tx) => {
        await tx.execute(sql`set transaction read only`);
        return callPath(await callerFor(tx as never, who.userId), path, input);
      }),
    );
    expect(res.ok ? "OK" : describeError(res.error)).toBe("OK");
  });
});
