/**
 * `npm run bench:load -- [--duration 60] [--connections 100] [--users 10] [--replay 0.05] [--no-keys]`
 * (after `npx next build`; BENCH_PG_DIR picks the PostgreSQL folder, as for the other benchmarks)
 *
 * A load test with writes, and a reconciliation of what the server acknowledged against what the
 * database holds. Not part of `npm test`.
 *
 * 1. Starts a local PostgreSQL (bench/pg.ts; BENCH_PG_DIR), recreates database lodestar_load_writes,
 *    migrates it, loads the demo seed (db/seed/demo.ts), and adds load fixtures: `--users` admins,
 *    objectives with key results in the active period, retros in the vote phase with every load user
 *    as a participant, and a pool of pending approval requests (refilled while the load runs).
 * 2. Starts `next start` on it and signs every load user in.
 * 3. Runs `--connections` concurrent clients for `--duration` seconds, each a loop over a scripted
 *    mix: reads (objective.list, dashboard.org), key-result check-ins, retro votes and approval
 *    decisions (mostly distinct requests, sometimes one another client just decided, to force
 *    "already decided" refusals). Every write carries a unique marker (check-in note, decision
 *    comment) and a unique Idempotency-Key; a write that gets no HTTP answer (network error,
 *    timeout) is retried with the same key. A sample of acknowledged writes is sent again with its
 *    key, as a client whose response was lost would: it must get the same response and write nothing.
 * 4. Reconciles with the database: every acknowledged (2xx) write is present exactly once (check-ins
 *    and decisions by marker, votes by count per user and retro, plus its idempotency key row);
 *    no refused (4xx) write is present; replays wrote nothing.
 *
 * `--no-keys`: the same load without Idempotency-Key headers (no replays, no transport retries), to
 * measure what the keys cost; the reconciliation then checks rows only.
 *
 * Prints the results and writes bench/results/load-writes.json (load-writes-no-keys.json). Exits 1 when a 5xx was seen or the
 * reconciliation found a difference.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import superjson from "superjson";
import { createDb, type Database } from "@/db/client";
import { freePort, Jar, killGroup } from "./proc";
import { approvalRequests, approvalSteps, departments, keyResults, memberships, objectives, organizations, periods, retroGroups, retroParticipants, retros, users } from "@/db/schema";
import { DEMO_ORG, DEMO_PASSWORD, DEMO_USERS, seedDemo } from "@/db/seed/demo";
import { hashPassword } from "@/server/auth/password";
import { parseArgs } from "./common";
import { recreateDatabase, startLocalPostgres } from "./pg";

const DB_NAME = "lodestar_load_writes";
type Kind = "read.objectives" | "read.dashboard" | "checkIn" | "vote" | "decide";
const WRITE_KINDS: Kind[] = ["checkIn", "vote", "decide"];
/** The scripted mix (weights). */
const MIX: [Kind, number][] = [
  ["read.objectives", 25],
  ["read.dashboard", 15],
  ["checkIn", 25],
  ["vote", 15],
  ["decide", 20],
];

interface WriteRecord {
  kind: "checkIn" | "vote" | "decide";
  key: string;
  marker: string;
  user: number;
  /** Key result, retro group or approval request. */
  target: string;
  retroId?: string;
  outcome: "ack" | "refused" | "unknown";
  httpStatus?: number;
  code?: string;
  response?: unknown;
  attempts: number;
}

interface KindStats {
  requests: number;
  ok: number;
  clientErrors: Record<string, number>;
  serverErrors: number;
  transportErrors: number;
  latencies: number[];
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
function pickKind(): Kind {
  const total = MIX.reduce((s, [, w]) => s + w, 0);
  let r = Math.random() * total;
  for (const [k, w] of MIX) if ((r -= w) < 0) return k;
  return MIX[0]![0];
}
const pct = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!);
};

interface Fixtures {
  orgId: string;
  periodId: string;
  departmentId: string;
  requesterId: string;
  userIds: string[];
  emails: string[];
  keyResultIds: string[];
  groups: { groupId: string; retroId: string }[];
}

/** Demo seed plus the load's own rows, straight into the database. */
async function setUp(db: Database, nUsers: number): Promise<Fixtures> {
  await seedDemo(db);
  const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, DEMO_ORG.slug));
  const orgId = org!.id;
  const [period] = await db.select({ id: periods.id }).from(periods).where(and(eq(periods.orgId, orgId), eq(periods.status, "active"))).limit(1);
  const [dept] = await db.select({ id: departments.id }).from(departments).where(eq(departments.orgId, orgId)).limit(1);
  const memberEmail = DEMO_USERS.find((u) => u.role === "member")!.email;
  const [requester] = await db.select({ id: users.id }).from(users).where(eq(users.email, memberEmail));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const emails = Array.from({ length: nUsers }, (_, i) => `load-${i + 1}@demo.lodestar.app`);
  const created = await db
    .insert(users)
    .values(emails.map((email, i) => ({ email, name: `Load User ${i + 1}`, passwordHash })))
    .returning({ id: users.id });
  const userIds = created.map((u) => u.id);
  await db.insert(memberships).values(userIds.map((userId) => ({ orgId, userId, role: "admin" as const })));

  const keyResultIds: string[] = [];
  for (let i = 0; i < 40; i++) {
    const [o] = await db
      .insert(objectives)
      .values({ orgId, periodId: period!.id, title: `Load objective ${i + 1}`, level: "department", ownerId: userIds[i % nUsers]!, departmentId: dept!.id, status: "active" })
      .returning({ id: objectives.id });
    const [kr] = await db
      .insert(keyResults)
      .values({ orgId, objectiveId: o!.id, title: `Load KR ${i + 1}`, ownerId: userIds[i % nUsers]!, type: "number", startValue: 0, targetValue: 100 })
      .returning({ id: keyResults.id });
    keyResultIds.push(kr!.id);
  }

  const groups: Fixtures["groups"] = [];
  for (let i = 0; i < 40; i++) {
    const [r] = await db
      .insert(retros)
      .values({
        orgId,
        title: `Load retro ${i + 1}`,
        departmentIds: [dept!.id],
        facilitatorId: userIds[0]!,
        template: "builtin:start_stop_continue",
        columns: [
          { key: "start", label: "" },
          { key: "stop", label: "" },
          { key: "continue", label: "" },
        ],
        phase: "vote",
        revealed: true,
        votesPerPerson: 20,
      })
      .returning({ id: retros.id });
    await db.insert(retroParticipants).values(userIds.map((userId) => ({ orgId, retroId: r!.id, userId })));
    const gs = await db
      .insert(retroGroups)
      .values(Array.from({ length: 5 }, (_, k) => ({ orgId, retroId: r!.id, title: `Theme ${k + 1}`, position: k })))
      .returning({ id: retroGroups.id });
    for (const g of gs) groups.push({ groupId: g.id, retroId: r!.id });
  }
  return { orgId, periodId: period!.id, departmentId: dept!.id, requesterId: requester!.id, userIds, emails, keyResultIds, groups };
}

/** Pending approval requests any admin may decide (an empty OKR set: deciding changes nothing else). */
async function addRequests(db: Database, f: Fixtures, n: number): Promise<string[]> {
  const reqs = await db
    .insert(approvalRequests)
    .values(
      Array.from({ length: n }, () => ({
        orgId: f.orgId,
        subjectType: "objective_set",
        subjectId: `load:${crypto.randomUUID()}`,
        requesterId: f.requesterId,
        departmentId: f.departmentId,
        title: "Load test OKR set",
        snapshot: { kind: "objective_set", objectives: [] },
        dueAt: new Date(Date.now() + 3 * 86_400_000),
      })),
    )
    .returning({ id: approvalRequests.id });
  await db.insert(approvalSteps).values(reqs.map((r) => ({ orgId: f.orgId, requestId: r.id, position: 0, rule: { kind: "role" as const, roles: ["admin" as const, "owner" as const] }, status: "pending" as const })));
  return reqs.map((r) => r.id);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const duration = Number(args.duration ?? 60);
  const connections = Number(args.connections ?? 100);
  const nUsers = Number(args.users ?? 10);
  const useKeys = args["no-keys"] !== "true";
  const replayShare = useKeys ? Number(args.replay ?? 0.05) : 0;
  if (!fs.existsSync(path.join(".next", "BUILD_ID"))) throw new Error("No production build: run `npx next build` first.");
  const runId = crypto.randomBytes(4).toString("hex");
  const local = await startLocalPostgres();
  const procs: ChildProcess[] = [];
  try {
    await recreateDatabase(local.url(), DB_NAME);
    const dbUrl = local.url(DB_NAME);
    const h = await createDb(dbUrl, { driver: "pg", poolMax: 4 });
    await h.migrate();
    const f = await setUp(h.db, nUsers);
    const pending: string[] = await addRequests(h.db, f, Math.max(500, connections * 10));
    console.log(`seeded: demo org + ${nUsers} load users, ${f.keyResultIds.length} key results, ${f.groups.length} retro groups, ${pending.length} pending approvals`);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    fs.mkdirSync(".data", { recursive: true });
    const log = fs.openSync(path.join(".data", "load-writes-next.log"), "w");
    const next = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
      detached: true,
      stdio: ["ignore", log, log],
      env: { ...process.env, NODE_ENV: "production", DATABASE_URL: dbUrl, AUTH_SECRET: crypto.randomBytes(32).toString("base64url"), AUTH_URL: base, NEXT_TELEMETRY_DISABLED: "1" },
    });
    procs.push(next);
    const jars = f.emails.map(() => new Jar());
    const started = performance.now();
    for (;;) {
      try {
        if (await jars[0]!.signIn(base, f.emails[0]!, DEMO_PASSWORD, `/${DEMO_ORG.slug}/dashboard`)) break;
      } catch {
        /* not listening yet */
      }
      if (performance.now() - started > 120_000) throw new Error("next start did not sign a user in within 120 s (see .data/load-writes-next.log)");
      await new Promise((r) => setTimeout(r, 200));
    }
    for (let i = 1; i < jars.length; i++) if (!(await jars[i]!.signIn(base, f.emails[i]!, DEMO_PASSWORD, `/${DEMO_ORG.slug}/dashboard`))) throw new Error(`sign-in of ${f.emails[i]} failed`);
    console.log(`next start up and ${jars.length} users signed in after ${Math.round(performance.now() - started)} ms`);

    const stats = Object.fromEntries(MIX.map(([k]) => [k, { requests: 0, ok: 0, clientErrors: {}, serverErrors: 0, transportErrors: 0, latencies: [] } as KindStats])) as Record<Kind, KindStats>;
    const writes: WriteRecord[] = [];
    const replays = { sent: 0, sameResponse: 0, differentResponse: 0, failed: 0, serverErrors: 0 };
    let seq = 0;
    const recentlyDecided: string[] = [];
    let refilling: Promise<void> | null = null;
    const refill = () =>
      (refilling ??= addRequests(h.db, f, 500)
        .then((ids) => void pending.push(...ids))
        .finally(() => (refilling = null)));

    /** One tRPC call (no batching): status, parsed data or error. No answer at all throws. */
    async function call(user: number, procPath: string, type: "query" | "mutation", input: unknown, key?: string) {
      const cookie = jars[user]!.header();
      const t0 = performance.now();
      const res =
        type === "query"
          ? await fetch(`${base}/api/trpc/${procPath}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`, { headers: { cookie }, signal: AbortSignal.timeout(30_000) })
          : await fetch(`${base}/api/trpc/${procPath}`, {
              method: "POST",
              headers: { cookie, "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) },
              body: JSON.stringify(superjson.serialize(input)),
              signal: AbortSignal.timeout(30_000),
            });
      const text = await res.text();
      const ms = performance.now() - t0;
      let body: { result?: { data?: unknown }; error?: { json?: { message?: string; data?: { code?: string } } } } = {};
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON (a crash page) */
      }
      return { status: res.status, ms, data: body.result?.data, code: body.error?.json?.data?.code, message: body.error?.json?.message };
    }

    function count(kind: Kind, r: { status: number; ms: number; code?: string }) {
      const s = stats[kind];
      s.requests++;
      s.latencies.push(r.ms);
      if (r.status >= 200 && r.status < 300) s.ok++;
      else if (r.status >= 500) s.serverErrors++;
      else s.clientErrors[r.code ?? String(r.status)] = (s.clientErrors[r.code ?? String(r.status)] ?? 0) + 1;
    }

    async function write(rec: WriteRecord, procPath: string, input: unknown) {
      for (;;) {
        rec.attempts++;
        try {
          const r = await call(rec.user, procPath, "mutation", input, useKeys ? rec.key : undefined);
          count(rec.kind, r);
          rec.httpStatus = r.status;
          rec.code = r.code;
          if (r.status >= 200 && r.status < 300) {
            rec.outcome = "ack";
            rec.response = r.data;
            if (Math.random() < replayShare) {
              // The client lost this response: it sends the same request with the same key again.
              replays.sent++;
              try {
                const again = await call(rec.user, procPath, "mutation", input, rec.key);
                if (again.status >= 500) replays.serverErrors++;
                if (again.status >= 200 && again.status < 300) {
                  if (JSON.stringify(again.data) === JSON.stringify(r.data)) replays.sameResponse++;
                  else replays.differentResponse++;
                } else replays.failed++;
              } catch {
                replays.failed++;
              }
            }
            return;
          }
          // 5xx: the outcome is unknown to a client; retry with the same key like a careful client.
          if (useKeys && r.status >= 500 && rec.attempts < 4) continue;
          rec.outcome = r.status >= 500 ? "unknown" : "refused";
          return;
        } catch {
          stats[rec.kind].transportErrors++;
          if (!useKeys || rec.attempts >= 4) {
            rec.outcome = "unknown";
            return;
          }
          await new Promise((r) => setTimeout(r, 200 * rec.attempts));
        }
      }
    }

    async function step(client: number) {
      const user = client % jars.length;
      const kind = pickKind();
      if (kind === "read.objectives" || kind === "read.dashboard") {
        try {
          const r =
            kind === "read.objectives"
              ? await call(user, "objective.list", "query", { orgSlug: DEMO_ORG.slug, periodId: f.periodId })
              : await call(user, "dashboard.org", "query", { orgSlug: DEMO_ORG.slug, periodId: f.periodId });
          count(kind, r);
        } catch {
          stats[kind].transportErrors++;
        }
        return;
      }
      const n = ++seq;
      const marker = `lw-${runId}-${n}`;
      const rec: WriteRecord = { kind, key: marker, marker, user, target: "", outcome: "unknown", attempts: 0 };
      writes.push(rec);
      if (kind === "checkIn") {
        rec.target = pick(f.keyResultIds);
        await write(rec, "keyResult.checkIn", { orgSlug: DEMO_ORG.slug, keyResultId: rec.target, value: Math.floor(Math.random() * 100), confidence: Math.floor(Math.random() * 11), note: marker });
      } else if (kind === "vote") {
        const g = pick(f.groups);
        rec.target = g.groupId;
        rec.retroId = g.retroId;
        await write(rec, "retro.vote", { orgSlug: DEMO_ORG.slug, groupId: g.groupId });
      } else {
        // Mostly a fresh request; sometimes one just decided by another client (a race it must lose).
        const contended = recentlyDecided.length > 0 && Math.random() < 0.1;
        const requestId = contended ? pick(recentlyDecided) : pending.shift();
        if (pending.length < connections * 3) void refill();
        if (!requestId) {
          await refilling;
          writes.pop();
          return;
        }
        rec.target = requestId;
        recentlyDecided.push(requestId);
        if (recentlyDecided.length > 50) recentlyDecided.shift();
        await write(rec, "approval.decide", { orgSlug: DEMO_ORG.slug, requestId, decision: Math.random() < 0.8 ? "approve" : "reject", comment: marker });
      }
    }

    console.log(`load: ${connections} connections for ${duration} s (mix ${MIX.map(([k, w]) => `${k} ${w}%`).join(", ")})`);
    const deadline = performance.now() + duration * 1000;
    const loadStarted = performance.now();
    await Promise.all(
      Array.from({ length: connections }, async (_, client) => {
        while (performance.now() < deadline) await step(client);
      }),
    );
    const elapsedS = (performance.now() - loadStarted) / 1000;
    await refilling;
    await killGroup(next);

    // ── Reconciliation ──
    const rows = async <T>(q: ReturnType<typeof sql>) => ((await h.db.execute(q)) as unknown as { rows: T[] }).rows;
    const like = `lw-${runId}-%`;
    const checkInRows = new Map((await rows<{ note: string; n: number }>(sql`select note, count(*)::int as n from check_ins where note like ${like} group by note`)).map((r) => [r.note, r.n]));
    const decisionRows = new Map((await rows<{ comment: string; n: number }>(sql`select comment, count(*)::int as n from approval_decisions where comment like ${like} group by comment`)).map((r) => [r.comment, r.n]));
    const keyRows = new Map((await rows<{ key: string; n: number }>(sql`select key, count(*)::int as n from idempotency_keys where key like ${like} group by key`)).map((r) => [r.key, r.n]));
    const voteRows = await rows<{ user_id: string; retro_id: string; n: number }>(
      sql`select user_id, retro_id, count(*)::int as n from retro_votes where retro_id in (select id from retros where title like 'Load retro %') group by 1, 2`,
    );
    const usedRows = await rows<{ user_id: string; retro_id: string; n: number }>(
      sql`select user_id, retro_id, votes_used as n from retro_participants where retro_id in (select id from retros where title like 'Load retro %')`,
    );

    const byMarker = (kind: "checkIn" | "decide", present: Map<string, number>) => {
      const recs = writes.filter((w) => w.kind === kind);
      const acked = recs.filter((w) => w.outcome === "ack");
      const refused = recs.filter((w) => w.outcome === "refused");
      const unknown = recs.filter((w) => w.outcome === "unknown");
      return {
        attempted: recs.length,
        acknowledged: acked.length,
        refused: refused.length,
        unknownOutcome: unknown.length,
        ackedMissing: acked.filter((w) => !present.get(w.marker)).length,
        ackedDuplicated: acked.filter((w) => (present.get(w.marker) ?? 0) > 1).length,
        refusedPresent: refused.filter((w) => present.get(w.marker)).length,
        unknownPresent: unknown.filter((w) => present.get(w.marker)).length,
        rowsWithMarker: [...present.values()].reduce((s, n) => s + n, 0),
      };
    };
    const checkInCheck = byMarker("checkIn", checkInRows);
    const decisionCheck = byMarker("decide", decisionRows);

    const userIdx = new Map(f.userIds.map((id, i) => [id, i]));
    const voteKey = (user: number, retroId: string) => `${user}:${retroId}`;
    const ackedVotes = new Map<string, number>();
    const votes = writes.filter((w) => w.kind === "vote");
    for (const w of votes) if (w.outcome === "ack") ackedVotes.set(voteKey(w.user, w.retroId!), (ackedVotes.get(voteKey(w.user, w.retroId!)) ?? 0) + 1);
    const dbVotes = new Map(voteRows.map((r) => [voteKey(userIdx.get(r.user_id)!, r.retro_id), r.n]));
    const dbUsed = new Map(usedRows.map((r) => [voteKey(userIdx.get(r.user_id)!, r.retro_id), r.n]));
    const pairs = new Set([...ackedVotes.keys(), ...dbVotes.keys()]);
    const unknownVotes = votes.filter((w) => w.outcome === "unknown").length;
    let voteMismatches = 0;
    let counterMismatches = 0;
    for (const p of pairs) {
      const acked = ackedVotes.get(p) ?? 0;
      const present = dbVotes.get(p) ?? 0;
      if (unknownVotes === 0 ? present !== acked : present < acked) voteMismatches++;
      if ((dbUsed.get(p) ?? 0) !== present) counterMismatches++;
    }
    const voteCheck = {
      attempted: votes.length,
      acknowledged: votes.filter((w) => w.outcome === "ack").length,
      refused: votes.filter((w) => w.outcome === "refused").length,
      unknownOutcome: unknownVotes,
      rows: [...dbVotes.values()].reduce((s, n) => s + n, 0),
      /** (user, retro) pairs whose vote rows differ from the acknowledged votes. */
      userRetroMismatches: voteMismatches,
      /** (user, retro) pairs whose votes_used counter differs from their vote rows. */
      counterMismatches,
    };
    const writeRecs = writes.filter((w) => WRITE_KINDS.includes(w.kind));
    const keyCheck = {
      ackedWithoutKeyRow: useKeys ? writeRecs.filter((w) => w.outcome === "ack" && keyRows.get(w.key) !== 1).length : 0,
      refusedWithKeyRow: writeRecs.filter((w) => w.outcome === "refused" && keyRows.has(w.key)).length,
    };
    const serverErrors = Object.values(stats).reduce((s, k) => s + k.serverErrors, 0) + replays.serverErrors;
    const reconciled =
      checkInCheck.ackedMissing + checkInCheck.ackedDuplicated + checkInCheck.refusedPresent === 0 &&
      decisionCheck.ackedMissing + decisionCheck.ackedDuplicated + decisionCheck.refusedPresent === 0 &&
      voteCheck.userRetroMismatches + voteCheck.counterMismatches === 0 &&
      keyCheck.ackedWithoutKeyRow + keyCheck.refusedWithKeyRow === 0 &&
      replays.differentResponse === 0;

    const totalRequests = Object.values(stats).reduce((s, k) => s + k.requests, 0) + replays.sent;
    const result = {
      date: new Date().toISOString(),
      runId,
      postgres: local.version,
      connections,
      durationS: duration,
      elapsedS: Math.round(elapsedS * 10) / 10,
      users: nUsers,
      idempotencyKeys: useKeys,
      totalRequests,
      requestsPerSec: Math.round(totalRequests / elapsedS),
      serverErrors,
      byKind: Object.fromEntries(
        Object.entries(stats).map(([k, s]) => [
          k,
          { requests: s.requests, ok: s.ok, clientErrors: s.clientErrors, serverErrors: s.serverErrors, transportErrors: s.transportErrors, p50Ms: pct(s.latencies, 50), p99Ms: pct(s.latencies, 99) },
        ]),
      ),
      replays,
      reconciliation: { ok: reconciled, checkIns: checkInCheck, decisions: decisionCheck, votes: voteCheck, idempotencyKeys: keyCheck },
    };
    fs.mkdirSync(path.join("bench", "results"), { recursive: true });
    const file = path.join("bench", "results", useKeys ? "load-writes.json" : "load-writes-no-keys.json");
    fs.writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
    for (const [k, s] of Object.entries(result.byKind)) {
      console.log(`${k.padEnd(16)} ${String(s.requests).padStart(7)} requests, ${s.ok} 2xx, 4xx ${JSON.stringify(s.clientErrors)}, 5xx ${s.serverErrors}, transport errors ${s.transportErrors}, p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms`);
    }
    console.log(`total ${totalRequests} requests in ${result.elapsedS} s (${result.requestsPerSec}/s), 5xx: ${serverErrors}`);
    console.log(`replays with the same key: ${JSON.stringify(replays)}`);
    console.log(`reconciliation: ${JSON.stringify(result.reconciliation, null, 1)}`);
    console.log(`Wrote ${file}`);
    await h.close();
    if (!reconciled || serverErrors > 0) process.exitCode = 1;
  } finally {
    for (const p of procs) await killGroup(p);
    await local.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
