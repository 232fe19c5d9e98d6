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
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { sql } from "drizzle-orm";
import pg from "pg";
import superjson from "superjson";
import { NextIntlClientProvider } from "next-intl";
import { createElement, type ComponentProps } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type DbHandle } from "@/db/client";
import { DEMO_PASSWORD, seedDemo } from "@/db/seed/demo";
import { rowsOf } from "@/db/sql";
import { appRouter } from "@/server/api/root";
import { createApiHandler } from "@/server/api/rest/handler";
import { isDatabaseUnavailable } from "@/server/errors";
import { readiness } from "@/server/health";
import { translate } from "@/server/i18n";
import { GET as live } from "@/app/api/health/route";
import { PageError } from "@/app/_components/app/page-error";
import { CATALOGS } from "@/app/_i18n/catalog";
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

describe("pages when the database is unavailable", () => {
  it.each([["en"], ["zh-CN"]] as const)("the error boundary shows a friendly message, the reference and a retry button (%s)", (locale) => {
    const messages = CATALOGS[locale];
    const page = createElement(PageError, { error: Object.assign(new Error("hidden"), { digest: "1234567" }), retry: () => {} });
    const props = { locale, messages, timeZone: "UTC" } as unknown as ComponentProps<typeof NextIntlClientProvider>;
    const html = renderToStaticMarkup(createElement(NextIntlClientProvider, props, page));
    const errors = messages.errors as Record<string, string>;
    expect(html).toContain('role="alert"');
    expect(html).toContain(errors.pageTitle);
    expect(html).toContain(errors.pageBody);
    expect(html).toContain("1234567");
    expect(html).toMatch(new RegExp(`<button[^>]*>${errors.retry}</button>`));
    expect(html).not.toContain("hidden");
  });
});

/**
 * The built app (`next start`, production mode) against a PostgreSQL that stops and starts again. Runs
 * in the PostgreSQL pass when a production build exists (like multi-instance.test.ts); skipped otherwise.
 */
const hasBuild = fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"));
describe.runIf(cfg.kind === "neon" && hasBuild)("the running app while the database is down (next start)", () => {
  let srv: PgServer;
  let proc: ChildProcess | undefined;
  let base: string;
  const cookies = new Map<string, string>();

  async function get(p: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    headers.set("cookie", [...cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    headers.set("accept-language", "en");
    const res = await fetch(`${base}${p}`, { ...init, headers, redirect: "manual", signal: AbortSignal.timeout(20_000) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  }

  beforeAll(async () => {
    ({ srv, proc, base } = await startApp("http"));
    // Sign in as the demo manager.
    const csrf = (await (await get("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await get("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, email: "manager@demo.lodestar.app", password: DEMO_PASSWORD, callbackUrl: `${base}/demo/dashboard` }),
    });
    await res.arrayBuffer();
  }, 120_000);

  afterAll(async () => {
    await stopApp(proc);
    await srv?.stop();
  }, 30_000);

  it("pages show the friendly error, the API answers 503, and all recover when the database is back, without a restart", async () => {
    expect([...cookies.keys()].some((k) => k.includes("session-token")), "signed in").toBe(true);
    const up = await get("/demo/dashboard");
    expect(up.status).toBe(200);
    await up.text();

    await srv.halt();
    try {
      const page = await get("/demo/dashboard");
      expect(page.status).toBe(500);
      const html = await page.text();
      // No database detail reaches the page: only a digest.
      expect(html).not.toMatch(/ECONNREFUSED|Connection terminated|Failed query|e\.unavailable/);
      const api = await get(`/api/trpc/org.get?input=${encodeURIComponent(JSON.stringify({ json: { orgSlug: "demo" } }))}`);
      expect(api.status).toBe(503);
      expect(api.headers.get("retry-after")).toBe("5");
      const body = (await api.json()) as { error: { json: { message: string; data: { code: string } } } };
      expect(body.error.json.data.code).toBe("SERVICE_UNAVAILABLE");
      expect(body.error.json.message).toBe(translate("en", "e.unavailable"));
      expect((await get("/api/health/ready")).status).toBe(503);
      expect((await get("/api/health")).status).toBe(200);
    } finally {
      await srv.restart();
    }
    let status = 0;
    for (let i = 0; i < 10 && status !== 200; i++) {
      const r = await get("/demo/dashboard");
      status = r.status;
      await r.text();
      if (status !== 200) await sleep(300);
    }
    expect(status).toBe(200);
    expect((await get("/api/health/ready")).status).toBe(200);
  }, 60_000);
});

/** The same in a browser (Chromium, when installed): the error boundary, then its retry button recovering the page. */
const chromium = process.env.CHROMIUM_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
describe.runIf(cfg.kind === "neon" && hasBuild && !!chromium)("a page in the browser while the database is down (next start + Chromium)", () => {
  let srv: PgServer;
  let proc: ChildProcess | undefined;
  let base: string;

  beforeAll(async () => {
    ({ srv, proc, base } = await startApp("browser"));
  }, 120_000);
  afterAll(async () => {
    await stopApp(proc);
    await srv?.stop();
  }, 30_000);

  it("shows the friendly error with a retry button, and the button brings the page back once the database is up", async () => {
    const { chromium: browserType } = await import("playwright-core");
    const browser = await browserType.launch({ executablePath: chromium, args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
    try {
      const context = await browser.newContext({ locale: "en-US", extraHTTPHeaders: { "accept-language": "en" } });
      const page = await context.newPage();
      await page.goto(`${base}/sign-in`);
      await page.getByLabel(/email/i).fill("manager@demo.lodestar.app");
      await page.getByLabel(/password/i).fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: /sign in/i }).click();
      await page.waitForURL(/\/demo\//, { timeout: 20_000 });
      await page.goto(`${base}/demo/dashboard`);
      await page.getByText("Lodestar Demo Co.").first().waitFor({ timeout: 20_000 });

      await srv.halt();
      let restarted = false;
      try {
        await page.goto(`${base}/demo/dashboard`);
        const alert = page.getByRole("alert").filter({ hasText: "This page could not be loaded" });
        await alert.waitFor({ timeout: 20_000 });
        const retry = alert.getByRole("button", { name: "Try again" });
        expect(await retry.isVisible()).toBe(true);
        await srv.restart();
        restarted = true;
        for (let i = 0; i < 50 && !(await fetch(`${base}/api/health/ready`).then((r) => r.ok, () => false)); i++) await sleep(200);
        // One click, no reload: the boundary fetches the server components again.
        await retry.click();
        await alert.waitFor({ state: "detached", timeout: 10_000 });
        await page.getByText("Lodestar Demo Co.").first().waitFor({ timeout: 10_000 });
        expect(page.url()).toBe(`${base}/demo/dashboard`);
      } finally {
        if (!restarted) await srv.restart();
      }
    } finally {
      await browser.close();
    }
  }, 90_000);
});

/** A throwaway PostgreSQL with the demo seeded, and `next start` of the build on it (production mode). */
async function startApp(name: string): Promise<{ srv: PgServer; proc: ChildProcess; base: string }> {
  const srv = await startPostgres();
  const a = new pg.Client({ connectionString: srv.url() });
  await a.connect();
  await a.query("create database web");
  await a.end();
  const h = await createDb(srv.url("web"), { driver: "pg", poolMax: 2 });
  await h.migrate();
  await seedDemo(h.db);
  await h.close();
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const logPath = path.join(process.cwd(), "tests", "e2e", "artifacts", `instance-faults-${name}.log`);
  fs.mkdirSync(path.dirname(logPath), { recursive: true });
  const out = fs.openSync(logPath, "w");
  const proc = spawn(path.join(process.cwd(), "node_modules", ".bin", "next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: srv.url("web"),
      AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
      LOG_LEVEL: "info",
    },
    detached: true,
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !(await fetch(`${base}/api/health/ready`).then((r) => r.ok, () => false))) {
    if (proc.exitCode !== null) throw new Error(`next start exited: ${fs.readFileSync(logPath, "utf8").slice(-2000)}`);
    await sleep(200);
  }
  return { srv, proc, base };
}

/** Stops `next start` (its whole process group: npx-less, so no orphan next-server). */
async function stopApp(proc: ChildProcess | undefined) {
  if (!proc || proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once("exit", r));
  try {
    process.kill(-proc.pid!, "SIGTERM");
  } catch {
    return;
  }
  await Promise.race([exited, sleep(10_000)]);
  if (proc.exitCode === null) process.kill(-proc.pid!, "SIGKILL");
}
