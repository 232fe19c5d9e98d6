/**
 * Faults on real PostgreSQL (TEST_DB=neon; skipped on PGlite, an in-process database that has no
 * connection to lose):
 *
 * 1. A connection killed mid-transaction: a write blocks (another connection holds a row lock its
 *    audit insert needs) after it already wrote; an admin terminates its backend. The call fails
 *    at once with 503 SERVICE_UNAVAILABLE and a message that names no host, SQL or driver; nothing of
 *    the write is left (the organisation's rows are unchanged); the next call on the same handle works.
 * 2. The database goes down (a throwaway PostgreSQL cluster of this file, stopped) under a running
 *    app: the tRPC HTTP handler, the REST API and readiness answer 503 with a clear message in the
 *    caller's language, quickly, while liveness stays 200; once the cluster is started again the
 *    same handles serve again, without a restart. Both production drivers: Neon (WebSocket) and pg.
 */
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { sql } from "drizzle-orm";
import pg from "pg";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type DbHandle } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { appRouter } from "@/server/api/root";
import { createApiHandler } from "@/server/api/rest/handler";
import { isDatabaseUnavailable } from "@/server/errors";
import { readiness } from "@/server/health";
import { translate } from "@/server/i18n";
import { GET as live } from "@/app/api/health/route";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";
import { startPostgres, type PgServer } from "../helpers/pg-server";
import { build, callPath, caseFor, makeWorld, mine, outcome, snapshotOrg, whoFor, type World } from "./_support/procedures";

const cfg = inject("testDb");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Words that would leak internals (driver, SQL, host) in a message meant for users. */
const LEAKS = /terminat|connection|ECONN|127\.0\.0\.1|localhost|select|insert|update |postgres|neon|socket|pg_/i;

describe("connection errors are recognised", () => {
  it.each([
    ["ECONNREFUSED", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["57P01 admin_shutdown", Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })],
    ["57P03 cannot_connect_now", Object.assign(new Error("the database system is starting up"), { code: "57P03" })],
    ["08006 connection_failure", Object.assign(new Error("connection failure"), { code: "08006" })],
    ["08P01 protocol_violation", Object.assign(new Error("protocol violation"), { code: "08P01" })],
    ["dropped connection, wrapped by Drizzle", new Error("Failed query: rollback", { cause: new Error("Connection terminated unexpectedly") })],
    ["every address refused", Object.assign(new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })]), {})],
  ])("%s → unavailable", (_name, e) => {
    expect(isDatabaseUnavailable(e)).toBe(true);
  });

  it.each([
    ["unique violation", Object.assign(new Error("duplicate key"), { code: "23505" })],
    ["serialization failure", Object.assign(new Error("could not serialize"), { code: "40001" })],
    ["syntax error", Object.assign(new Error("syntax error"), { code: "42601" })],
    ["plain bug", new TypeError("x is undefined")],
  ])("%s → not unavailable", (_name, e) => {
    expect(isDatabaseUnavailable(e)).toBe(false);
  });

  it("the 503 message exists in both languages and says nothing about internals", () => {
    for (const loc of ["en", "zh-CN"] as const) {
      const m = translate(loc, "e.unavailable");
      expect(m).not.toBe("e.unavailable");
      expect(m).not.toMatch(LEAKS);
    }
  });
});

describe.runIf(cfg.kind === "neon")("a connection killed mid-transaction (PostgreSQL)", () => {
  let h: DbHandle;
  let w: World;
  let admin: pg.Client;
  let dbName: string;

  beforeAll(async () => {
    h = await createTestDb();
    w = await makeWorld(h.db, "killed");
    dbName = rowsOf<{ d: string }>(await h.db.execute(sql`select current_database() as d`))[0]!.d;
    const u = new URL((cfg as { adminUrl: string }).adminUrl);
    u.pathname = `/${dbName}`;
    admin = new pg.Client({ connectionString: u.toString() });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end().catch(() => {});
    await h?.close();
  });

  // Multi-statement writes: each changes rows, then records its audit row last.
  it.each([["objective.update"], ["campaign.setBudgetLines"], ["risk.assess"], ["retro.updateCard"]] as const)(
    "%s: terminated while blocked after its first writes → 503 at once, nothing left behind, the next call works",
    async (path) => {
      const who = whoFor(w, "owner");
      const input = (await caseFor(path).input(w, who, mine(w, who))) as Record<string, unknown>;
      const caller = await callerFor(h.db, who.userId);
      const before = await snapshotOrg(h.db, w.org.orgId);

      // Hold the organisation row: an insert referencing it (the audit row) must wait for its key-share lock.
      await admin.query("begin");
      await admin.query("select 1 from organizations where id = $1 for update", [w.org.orgId]);
      const adminPid = (await admin.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
      const call = outcome(callPath(caller, path, input));
      let victim: { pid: number; xid: string | null; query: string } | undefined;
      try {
        for (let i = 0; i < 100 && !victim; i++) {
          await sleep(50);
          victim = (
            await admin.query<{ pid: number; xid: string | null; query: string }>(
              "select pid, backend_xid::text as xid, query from pg_stat_activity where datname = $1 and $2 = any(pg_blocking_pids(pid))",
              [dbName, adminPid],
            )
          ).rows[0];
        }
        expect(victim, "the write never blocked on the held lock").toBeDefined();
        // It had already written in its transaction (it holds a transaction id), and waits on a later
        // insert that references the organisation (a child row or its audit row).
        expect(victim!.xid).not.toBeNull();
        expect(victim!.query).toMatch(/^insert into "/);
        await admin.query("select pg_terminate_backend($1)", [victim!.pid]);
        const started = Date.now();
        const res = await call;
        expect(Date.now() - started).toBeLessThan(5000);
        expect(res.ok).toBe(false);
        const err = (res as { error: unknown }).error;
        expect(err).toBeInstanceOf(TRPCError);
        expect((err as TRPCError).code).toBe("SERVICE_UNAVAILABLE");
        expect((err as TRPCError).message).toBe("e.unavailable");
      } finally {
        await admin.query("rollback");
      }
      // Nothing of the write is left.
      expect(await snapshotOrg(h.db, w.org.orgId)).toEqual(before);
      // The pool dropped the dead connection: the same call on the same handle now succeeds.
      const again = await outcome(callPath(await callerFor(h.db, who.userId), path, input));
      expect(again.ok, again.ok ? "" : String((again as { error: unknown }).error)).toBe(true);
      expect(await snapshotOrg(h.db, w.org.orgId)).not.toEqual(before);
    },
  );
});

describe.runIf(cfg.kind === "neon")("the database goes down and comes back (PostgreSQL)", () => {
  let srv: PgServer;

  beforeAll(async () => {
    srv = await startPostgres();
    const a = new pg.Client({ connectionString: srv.url() });
    await a.connect();
    await a.query("create database app");
    await a.end();
  });
  afterAll(async () => srv?.stop());

  describe.each([["neon"], ["pg"]] as const)("through the %s driver", (driver) => {
    let h: DbHandle;
    let w: World;
    let apiKey: string;

    beforeAll(async () => {
      h = await createDb(srv.url("app"), { driver, neonWsProxy: (cfg as { wsProxy?: string }).wsProxy, poolMax: 5 });
      await h.migrate();
      w = await makeWorld(h.db, `down-${driver}`);
      apiKey = (await build.apiKey(w, w.org.users.owner.id)).key;
    });
    afterAll(async () => h?.close());

    /** The app's tRPC endpoint over HTTP, as app/api/trpc/[trpc]/route.ts serves it (session of the owner). */
    const trpc = (path: string, input: unknown, opts: { mutation?: boolean; locale?: string } = {}) => {
      const enc = JSON.stringify(superjson.serialize(input));
      const url = `http://lodestar.test/api/trpc/${path}${opts.mutation ? "" : `?input=${encodeURIComponent(enc)}`}`;
      const req = new Request(url, {
        method: opts.mutation ? "POST" : "GET",
        headers: { "content-type": "application/json", "accept-language": opts.locale ?? "en" },
        body: opts.mutation ? enc : undefined,
      });
      return fetchRequestHandler({
        endpoint: "/api/trpc",
        req,
        router: appRouter,
        createContext: ({ resHeaders }) => ({
          db: h.db,
          session: { userId: w.org.users.owner.id, epoch: 0 },
          requestId: `faults-${Date.now()}`,
          ip: "127.0.0.1",
          locale: opts.locale === "zh-CN" ? ("zh-CN" as const) : ("en" as const),
          resHeaders,
        }),
      });
    };
    const rest = (path: string, locale = "en") =>
      createApiHandler({ db: async () => h.db, rateLimitPerMinute: 1000, baseUrl: "http://lodestar.test" })(
        new Request(`http://lodestar.test/api/v1${path}`, { headers: { authorization: `Bearer ${apiKey}`, "accept-language": locale } }),
      );
    /** A tRPC error response (superjson-encoded, so under `json`). */
    type TrpcError = { error: { json: { message: string; data: { code: string; httpStatus: number; requestId?: string } } } };

    it("serves, answers 503 with a clear message while the database is down, and serves again once it is back, without a restart", async () => {
      // Up.
      expect((await trpc("org.get", { orgSlug: w.org.slug })).status).toBe(200);
      expect((await rest(`/orgs/${w.org.slug}/periods`)).status).toBe(200);
      expect((await readiness(async () => h.db, 2000)).status).toBe("ready");

      await srv.halt();
      try {
        const started = Date.now();
        // tRPC: query and mutation, both languages.
        const q = await trpc("org.get", { orgSlug: w.org.slug });
        expect(q.status).toBe(503);
        expect(q.headers.get("retry-after")).toBe("5");
        const qb = (await q.json()) as TrpcError;
        expect(qb.error.json.data.code).toBe("SERVICE_UNAVAILABLE");
        expect(qb.error.json.data.httpStatus).toBe(503);
        expect(qb.error.json.message).toBe(translate("en", "e.unavailable"));
        expect(qb.error.json.message).not.toMatch(LEAKS);

        const m = await trpc("objective.create", { orgSlug: w.org.slug, periodId: w.periodId, title: "While down", level: "company", ownerId: w.org.users.owner.id }, { mutation: true, locale: "zh-CN" });
        expect(m.status).toBe(503);
        const mb = (await m.json()) as TrpcError;
        expect(mb.error.json.data.code).toBe("SERVICE_UNAVAILABLE");
        expect(mb.error.json.message).toBe(translate("zh-CN", "e.unavailable"));

        // REST API.
        const r = await rest(`/orgs/${w.org.slug}/periods`);
        expect(r.status).toBe(503);
        expect(r.headers.get("retry-after")).toBe("5");
        const rb = (await r.json()) as { error: { code: string; message: string; requestId: string } };
        expect(rb.error.code).toBe("SERVICE_UNAVAILABLE");
        expect(rb.error.message).toBe(translate("en", "e.unavailable"));
        expect(rb.error.requestId).toBeTruthy();
        const rz = (await (await rest(`/orgs/${w.org.slug}/periods`, "zh-CN")).json()) as { error: { message: string } };
        expect(rz.error.message).toBe(translate("zh-CN", "e.unavailable"));

        // Health: readiness says why (its route answers 503); liveness touches no database and stays 200.
        expect(await readiness(async () => h.db, 2000)).toMatchObject({ status: "unavailable", reason: "database_unreachable" });
        expect(live().status).toBe(200);

        // None of it hung.
        expect(Date.now() - started).toBeLessThan(10_000);
      } finally {
        await srv.restart();
      }

      // Back: the same handles, no restart. A pool may still hand out one connection that died with
      // the server; it is discarded on that error, so allow a couple of tries.
      let status = 0;
      for (let i = 0; i < 5 && status !== 200; i++) {
        status = (await trpc("org.get", { orgSlug: w.org.slug })).status;
        if (status !== 200) await sleep(200);
      }
      expect(status).toBe(200);
      expect((await rest(`/orgs/${w.org.slug}/periods`)).status).toBe(200);
      expect((await readiness(async () => h.db, 2000)).status).toBe("ready");
      const created = await trpc("objective.create", { orgSlug: w.org.slug, periodId: w.periodId, title: "After", level: "company", ownerId: w.org.users.owner.id }, { mutation: true });
      expect(created.status).toBe(200);
    });
  });
});
