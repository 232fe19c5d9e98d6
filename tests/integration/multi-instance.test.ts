/**
 * Many stateless instances over one PostgreSQL: two `next start` processes (A and B) of the same
 * build share nothing but the database. Runs in the PostgreSQL pass (TEST_DB=neon) when a production
 * build exists (`next build`; CI's e2e step makes one before this pass); skipped otherwise.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { freePort } from "@/bench/proc";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb } from "@/db/client";
import { seedDemo } from "@/db/seed/demo";
import { LOGIN_LIMITS } from "@/server/auth/service";
import { withDb } from "../helpers/global-setup";

const cfg = inject("testDb");
const root = process.cwd();
const hasBuild = fs.existsSync(path.join(root, ".next", "BUILD_ID"));
const PASSWORD = "lodestar-demo-2026";

interface Instance {
  name: string;
  url: string;
  proc: ChildProcess;
  log: () => string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startInstance(name: string, env: NodeJS.ProcessEnv): Promise<Instance> {
  const port = await freePort();
  const logPath = path.join(root, "tests", "e2e", "artifacts", `instance-${name}.log`);
  fs.mkdirSync(path.dirname(logPath), { recursive: true });
  const out = fs.openSync(logPath, "w");
  const proc = spawn(path.join(root, "node_modules", ".bin", "next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`instance ${name} exited: ${fs.readFileSync(logPath, "utf8").slice(-2000)}`);
    const ok = await fetch(`${url}/api/health/ready`).then((r) => r.ok, () => false);
    if (ok) return { name, url, proc, log: () => fs.readFileSync(logPath, "utf8") };
    await sleep(200);
  }
  throw new Error(`instance ${name} not ready in 60 s`);
}

async function stop(i: Instance | undefined) {
  if (!i || i.proc.exitCode !== null) return;
  const exited = new Promise((r) => i.proc.once("exit", r));
  try {
    process.kill(-i.proc.pid!, "SIGTERM");
  } catch {
    return;
  }
  await Promise.race([exited, sleep(10_000)]);
  if (i.proc.exitCode === null) process.kill(-i.proc.pid!, "SIGKILL");
}

/** A cookie jar for one browser-like client. */
class Client {
  cookies = new Map<string, string>();
  constructor(private readonly ip = "10.0.0.1") {}
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  }
  async fetch(url: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    headers.set("cookie", this.header());
    headers.set("x-forwarded-for", this.ip);
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    this.keep(res);
    return res;
  }
  /** Signs in through next-auth's credentials endpoint; true when a session cookie came back. */
  async signIn(base: string, email: string, password: string) {
    const csrf = (await (await this.fetch(`${base}/api/auth/csrf`)).json()) as { csrfToken: string };
    const res = await this.fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, email, password, callbackUrl: `${base}/demo/dashboard` }),
    });
    await res.arrayBuffer();
    return [...this.cookies.keys()].some((k) => k.includes("session-token"));
  }
  async query<T>(base: string, proc: string, input: unknown): Promise<{ status: number; data?: T; error?: { message: string; data?: { code: string } } }> {
    const res = await this.fetch(`${base}/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
    const body = (await res.json()) as { result?: { data: { json: T } }; error?: { json: { message: string; data?: { code: string } } } };
    return { status: res.status, data: body.result?.data.json, error: body.error?.json };
  }
  async mutate<T>(base: string, proc: string, input: unknown): Promise<{ status: number; data?: T; error?: { message: string; data?: { code: string } } }> {
    const res = await this.fetch(`${base}/api/trpc/${proc}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ json: input }),
    });
    const body = (await res.json()) as { result?: { data: { json: T } }; error?: { json: { message: string; data?: { code: string } } } };
    return { status: res.status, data: body.result?.data.json, error: body.error?.json };
  }
}

describe.runIf(cfg.kind === "neon" && hasBuild)("two instances over one PostgreSQL", () => {
  let dbName: string;
  let dbUrl: string;
  let admin: pg.Client;
  let A: Instance | undefined;
  let B: Instance | undefined;
  /** An instance with DATABASE_READ_URL pointing at a read-only copy of the database (a replica that lags forever). */
  let C: Instance | undefined;
  let replicaName: string;
  const cronSecret = crypto.randomBytes(24).toString("base64url");

  beforeAll(async () => {
    if (cfg.kind !== "neon") return;
    dbName = `lodestar_multi_${crypto.randomBytes(4).toString("hex")}`;
    admin = new pg.Client({ connectionString: cfg.adminUrl });
    await admin.connect();
    await admin.query(`create database ${dbName} template ${cfg.template}`);
    dbUrl = withDb(cfg.adminUrl, dbName);
    const handle = await createDb(dbUrl, { driver: "pg", poolMax: 2 });
    await seedDemo(handle.db);
    await handle.close();
    replicaName = `${dbName}_replica`;
    await admin.query(`create database ${replicaName} template ${dbName}`);
    await admin.query(`alter database ${replicaName} set default_transaction_read_only = on`);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: dbUrl,
      AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
      CRON_SECRET: cronSecret,
      LOG_LEVEL: "info",
    };
    [A, B, C] = await Promise.all([
      startInstance("a", env),
      startInstance("b", env),
      startInstance("c", { ...env, DATABASE_READ_URL: withDb(cfg.adminUrl, replicaName) }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([stop(A), stop(B), stop(C)]);
    if (admin) {
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.query(`drop database if exists ${replicaName} with (force)`);
      await admin.end();
    }
  }, 60_000);

  it("a user signed in on A continues on B", async () => {
    const c = new Client();
    expect(await c.signIn(A!.url, "manager@demo.lodestar.app", PASSWORD)).toBe(true);
    const onB = await c.query<{ name: string; me: { role: string } }>(B!.url, "org.get", { orgSlug: "demo" });
    expect(onB.status).toBe(200);
    expect(onB.data?.me.role).toBe("manager");
    // Without the cookie, nobody is signed in on A.
    const anon = await new Client().query(A!.url, "org.get", { orgSlug: "demo" });
    expect(anon.status).toBe(401);
  });

  it("a login rate limit counted on A applies on B", async () => {
    const c = new Client("10.0.0.77");
    for (let i = 0; i < LOGIN_LIMITS.perEmail; i++) {
      expect(await c.signIn(A!.url, "viewer@demo.lodestar.app", `wrong password ${i}`)).toBe(false);
    }
    // The right password on B is refused now: the failures on A count there too.
    const d = new Client("10.0.0.78");
    expect(await d.signIn(B!.url, "viewer@demo.lodestar.app", PASSWORD)).toBe(false);
    // Another user is not affected.
    expect(await new Client("10.0.0.79").signIn(B!.url, "member@demo.lodestar.app", PASSWORD)).toBe(true);
  });

  it("a retro change made on B appears on A's live view within 2 s", async () => {
    const onA = new Client("10.0.1.1");
    const onB = new Client("10.0.1.2");
    expect(await onA.signIn(A!.url, "manager@demo.lodestar.app", PASSWORD)).toBe(true);
    expect(await onB.signIn(B!.url, "manager@demo.lodestar.app", PASSWORD)).toBe(true);
    const me = (await onB.query<{ id: string }>(B!.url, "auth.me", undefined)).data!;
    const created = await onB.mutate<{ id: string; version: number }>(B!.url, "retro.create", { orgSlug: "demo", title: "Two-instance retro", facilitatorId: me.id });
    expect(created.error?.message ?? "ok").toBe("ok");
    const retroId = created.data!.id;
    const collect = await onB.mutate(B!.url, "retro.setPhase", { orgSlug: "demo", retroId, version: created.data!.version, phase: "collect" });
    expect(collect.error?.message ?? "ok").toBe("ok");
    const before = await onA.query<{ seq: number }>(A!.url, "retro.get", { orgSlug: "demo", retroId });
    const seq = before.data!.seq;
    const started = Date.now();
    const card = await onB.mutate(B!.url, "retro.addCard", { orgSlug: "demo", retroId, columnKey: "start", body: "Seen on A" });
    expect(card.error?.message ?? "ok").toBe("ok");
    let seen = false;
    while (Date.now() - started < 2000 && !seen) {
      const now = await onA.query<{ unchanged?: boolean; seq: number; cards?: { body: string | null }[] }>(A!.url, "retro.get", { orgSlug: "demo", retroId, since: seq });
      seen = !now.data!.unchanged && now.data!.seq > seq && !!now.data!.cards?.some((c) => c.body === "Seen on A");
      if (!seen) await sleep(250); // the board's polling interval is shorter than this
    }
    expect(seen, "the card added on B is on A's board").toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("the scheduled-job endpoint called on both in the same window acts once", async () => {
    const call = (i: Instance) =>
      fetch(`${i.url}/api/cron`, { method: "POST", headers: { authorization: `Bearer ${cronSecret}` } }).then(async (r) => ({ status: r.status, body: (await r.json()) as { reminders: { sent?: number; skipped?: boolean } } }));
    const [ra, rb] = await Promise.all([call(A!), call(B!)]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    try {
      const claims = await db.query(`select job, "window" from job_runs where "window" is not null`);
      const windows = claims.rows.map((r) => `${r.job}:${r.window}`);
      expect(windows.length).toBeGreaterThan(0);
      expect(new Set(windows).size).toBe(windows.length);
      const dupes = await db.query(`select user_id, count(*) from notifications where kind = 'checkInReminder' group by user_id having count(*) > 1`);
      expect(dupes.rows).toEqual([]);
      // A third call, later in the same window, sends nothing either.
      const before = await db.query(`select count(*)::int as n from notifications`);
      await call(A!);
      const after = await db.query(`select count(*)::int as n from notifications`);
      expect(after.rows[0].n).toBe(before.rows[0].n);
    } finally {
      await db.end();
    }
  });

  it("an approval decided on A at the same moment as on B gives one decision", async () => {
    const onA = new Client("10.0.2.1");
    const onB = new Client("10.0.2.2");
    expect(await onA.signIn(A!.url, "manager@demo.lodestar.app", PASSWORD)).toBe(true);
    expect(await onB.signIn(B!.url, "manager@demo.lodestar.app", PASSWORD)).toBe(true);
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    try {
      const { rows } = await db.query(
        `select r.id, r.current_step from approval_requests r join memberships m on m.org_id = r.org_id join users u on u.id = m.user_id
          where r.status = 'pending' and u.email = 'manager@demo.lodestar.app' and r.requester_id <> u.id limit 1`,
      );
      expect(rows.length, "the demo has a request waiting for the manager").toBe(1);
      const requestId = rows[0].id as string;
      const step = rows[0].current_step as number; // what both screens show, sent as the UI sends it
      const [ra, rb] = await Promise.all([
        onA.mutate(A!.url, "approval.decide", { orgSlug: "demo", requestId, step, decision: "approve" }),
        onB.mutate(B!.url, "approval.decide", { orgSlug: "demo", requestId, step, decision: "reject", comment: "Not now" }),
      ]);
      const ok = [ra, rb].filter((r) => r.status === 200);
      const refused = [ra, rb].filter((r) => r.status !== 200);
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.error?.data?.code).toBe("CONFLICT");
      const decisions = await db.query(`select decision from approval_decisions d join approval_steps s on s.id = d.step_id where d.request_id = $1 and s.position = $2`, [requestId, step]);
      expect(decisions.rows).toHaveLength(1);
    } finally {
      await db.end();
    }
  });

  it("with DATABASE_READ_URL, reads come from the replica and the writer sees their own write at once", async () => {
    const writer = new Client("10.0.3.1");
    const reader = new Client("10.0.3.2");
    expect(await writer.signIn(C!.url, "owner@demo.lodestar.app", PASSWORD)).toBe(true);
    expect(await reader.signIn(C!.url, "owner@demo.lodestar.app", PASSWORD)).toBe(true);
    const org = (await writer.query<{ name: string; version: number }>(C!.url, "org.get", { orgSlug: "demo" })).data!;
    const renamed = `${org.name} (renamed on the primary)`;
    const upd = await writer.mutate(C!.url, "org.update", { orgSlug: "demo", name: renamed, version: org.version });
    expect(upd.error?.message ?? "ok").toBe("ok");
    // The writer's next read carries the read-after-write cookie: the primary answers.
    expect((await writer.query<{ name: string }>(C!.url, "org.get", { orgSlug: "demo" })).data!.name).toBe(renamed);
    // Everyone else reads the replica (which never catches up here); A, without a replica, reads the primary.
    expect((await reader.query<{ name: string }>(C!.url, "org.get", { orgSlug: "demo" })).data!.name).toBe(org.name);
    const onA = new Client("10.0.3.3");
    expect(await onA.signIn(A!.url, "owner@demo.lodestar.app", PASSWORD)).toBe(true);
    expect((await onA.query<{ name: string }>(A!.url, "org.get", { orgSlug: "demo" })).data!.name).toBe(renamed);
    expect(C!.log()).toMatch(/"procedure":"org.get"[^\n]*"db":"replica"/);
  });

  it("keeps nothing in process memory: the logs carry request, user and org; shutdown drains and closes the pools", async () => {
    expect(A!.log()).toMatch(/"msg":"trpc"/);
    expect(A!.log()).not.toContain(PASSWORD);
    // A request in flight when B is told to stop still gets its answer.
    const c = new Client("10.0.4.1");
    expect(await c.signIn(B!.url, "owner@demo.lodestar.app", PASSWORD)).toBe(true);
    const inFlight = c.fetch(`${B!.url}/demo/dashboard`);
    await sleep(30);
    const stopped = stop(B);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("</html>");
    await stopped;
    expect(B!.proc.exitCode ?? B!.proc.signalCode).not.toBeNull();
    expect(B!.log()).toContain("database pools closed");
    // A is still serving.
    expect((await fetch(`${A!.url}/api/health/ready`)).status).toBe(200);
  });
});
