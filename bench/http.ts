/**
 * `npm run bench:http -- [--scale 1] [--duration 15] [--connections 50]` (after `npx next build`)
 *
 * Starts `next start` on the benchmark PostgreSQL database of the scale, measures the cold start
 * (process start → first successful signed-in page), signs in as the owner and loads, with
 * autocannon on the same machine: the OKR list and "my work" tRPC procedures, the bare route
 * handler floor (app/api/bench/okrs, same SQL with pg, no auth) and a minimal node:http floor
 * (bench/node-floor.ts). Reports requests/s, p50/p99, errors, server CPU per request and the peak
 * RSS of the server's processes, into .data/bench-http.json (BENCHMARKS.md renders it).
 * `--url pglite:<folder>`: the same on PGlite (no pg floors). `--profile`: the server runs under
 * --cpu-prof (profile in .data/next-prof); `--cold`: stop after the cold start.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { BENCH_ORG_SLUG, BENCH_OWNER_EMAIL, BENCH_PASSWORD, parseArgs } from "./common";
import { benchDbName, startLocalPostgres } from "./pg";
import { freePort, Jar, killGroup } from "./proc";

export interface HttpTarget {
  name: string;
  url: string;
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
  cpuMsPerRequest: number;
}

export interface HttpRecord {
  date: string;
  kind: "pg" | "pglite";
  scale: number;
  connections: number;
  durationS: number;
  coldStartMs: number;
  peakRssMb: number;
  idleRssMb: number;
  targets: HttpTarget[];
}

const TICK_MS = 10; // CLK_TCK = 100 on Linux


/** Processes of a process group with their CPU time (ms) and resident memory (bytes). */
function group(pgid: number): { cpuMs: number; rss: number } {
  let cpuMs = 0;
  let rss = 0;
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(rest[2]) !== pgid) continue;
      cpuMs += (Number(rest[11]) + Number(rest[12])) * TICK_MS;
      const status = fs.readFileSync(`/proc/${d}/status`, "utf8");
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      if (m) rss += Number(m[1]) * 1024;
    } catch {
      /* gone */
    }
  }
  return { cpuMs, rss };
}

async function load(name: string, url: string, cookie: string | null, connections: number, duration: number, pgid: number | null): Promise<HttpTarget> {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  await autocannon({ url, connections: 10, duration: 3, headers }); // warm-up
  const before = pgid ? group(pgid).cpuMs : 0;
  const r = await autocannon({ url, connections, duration, headers });
  const cpu = pgid ? group(pgid).cpuMs - before : 0;
  const t: HttpTarget = {
    name,
    url: url.replace(/\?.*/, ""),
    requestsPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    requests: r.requests.total,
    cpuMsPerRequest: r.requests.total ? cpu / r.requests.total : 0,
  };
  console.log(`${name}: ${t.requestsPerSec.toFixed(0)} req/s, p50 ${t.p50} ms, p99 ${t.p99} ms, errors ${t.errors}, non-2xx ${t.non2xx}, CPU ${t.cpuMsPerRequest.toFixed(2)} ms/request`);
  return t;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const scale = Number(args.scale ?? 1);
  const duration = Number(args.duration ?? 15);
  const connections = Number(args.connections ?? 50);
  // --profile: only the OKR list's load, with the server under --cpu-prof (written to .data/next-prof on exit).
  const profile = args.profile === "true";
  const profDir = path.resolve(".data", "next-prof");
  if (profile) fs.rmSync(profDir, { recursive: true, force: true });
  if (!fs.existsSync(path.join(".next", "BUILD_ID"))) throw new Error("No production build: run `npx next build` first.");
  // --url pglite:<folder>: the embedded database (cold start and the tRPC procedures; the pg floors need PostgreSQL).
  const pglite = args.url?.startsWith("pglite:") ? args.url : null;
  const local = pglite ? null : await startLocalPostgres();
  const procs: ChildProcess[] = [];
  try {
    const dbUrl = pglite ?? local!.url(benchDbName(scale));
    const { createDb } = await import("@/db/client");
    const { rawClientOf } = await import("./pg");
    const h = await createDb(dbUrl, { poolMax: 1 });
    const raw = rawClientOf(h.db);
    const org = (await raw.query<{ id: string }>("select id from organizations where slug = $1", [BENCH_ORG_SLUG])).rows[0]!.id;
    const period = (await raw.query<{ id: string }>("select id from periods where org_id = $1 and name = '2026-Q4'", [org])).rows[0]!.id;
    const dept = (await raw.query<{ id: string }>("select id from departments where org_id = $1 order by name limit 1", [org])).rows[0]!.id;
    await h.close(); // releases PGlite's folder lock for the server

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const log = fs.openSync(path.join(".data", "bench-next.log"), "w");
    const started = performance.now();
    const nodeArgs = profile ? ["--cpu-prof", `--cpu-prof-dir=${profDir}`] : [];
    const next = spawn(process.execPath, [...nodeArgs, path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
      detached: true,
      stdio: ["ignore", log, log],
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: dbUrl,
        AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
        AUTH_URL: base,
        BENCH_FLOOR: "1",
        NEXT_TELEMETRY_DISABLED: "1",
      },
    });
    procs.push(next);
    // Cold start: until a signed-in page renders.
    const jar = new Jar();
    let coldStartMs = 0;
    while (performance.now() - started < 120_000) {
      try {
        if (!jar.signedIn()) await jar.signIn(base, BENCH_OWNER_EMAIL, BENCH_PASSWORD, `/${BENCH_ORG_SLUG}/dashboard`);
        const res = await jar.fetch(`${base}/${BENCH_ORG_SLUG}/okrs`);
        await res.arrayBuffer();
        if (res.status === 200) {
          coldStartMs = performance.now() - started;
          break;
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!coldStartMs) throw new Error("next start did not serve a signed-in page within 120 s (see .data/bench-next.log)");
    console.log(`cold start to first signed-in page: ${Math.round(coldStartMs)} ms`);
    if (args.cold === "true") return; // --cold: only the cold start (with --profile: a profile of just that)
    const cookie = jar.header();
    const idleRss = group(next.pid!).rss;
    let peakRss = idleRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, group(next.pid!).rss)), 250);

    const input = (v: unknown) => encodeURIComponent(JSON.stringify({ json: v }));
    const okrList = `${base}/api/trpc/objective.list?input=${input({ orgSlug: BENCH_ORG_SLUG, periodId: period, departmentId: dept })}`;
    const myWork = `${base}/api/trpc/dashboard.myWork?input=${input({ orgSlug: BENCH_ORG_SLUG })}`;
    const check = await jar.fetch(okrList);
    if (check.status !== 200) throw new Error(`objective.list answered ${check.status}: ${(await check.text()).slice(0, 300)}`);
    await check.arrayBuffer();
    const targets: HttpTarget[] = [];
    const finish = () => {
      clearInterval(sampler);
      const record: HttpRecord = {
        date: new Date().toISOString(),
        kind: pglite ? "pglite" : "pg",
        scale,
        connections,
        durationS: duration,
        coldStartMs,
        peakRssMb: Math.round(peakRss / 1048576),
        idleRssMb: Math.round(idleRss / 1048576),
        targets,
      };
      const file = path.join(".data", pglite ? "bench-http-pglite.json" : "bench-http.json");
      fs.writeFileSync(file, JSON.stringify(record, null, 2));
      console.log(`peak RSS of next start: ${record.peakRssMb} MB (idle after the first page: ${record.idleRssMb} MB)`);
      console.log(`Wrote ${file} (npm run bench -- --report renders it into BENCHMARKS.md)`);
    };
    if (pglite) {
      targets.push(await load("tRPC objective.list (signed in)", okrList, cookie, connections, duration, next.pid!));
      targets.push(await load("tRPC dashboard.myWork (signed in)", myWork, cookie, connections, duration, next.pid!));
      finish();
      return;
    }

    const nodePort = await freePort();
    const nodeFloor = spawn(process.execPath, ["--import", "tsx", path.join("bench", "node-floor.ts")], {
      detached: true,
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(nodePort) },
    });
    procs.push(nodeFloor);
    await new Promise<void>((resolve, reject) => {
      nodeFloor.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
      nodeFloor.once("exit", () => reject(new Error("node floor exited")));
    });

    const qs = `org=${org}&period=${period}&dept=${dept}`;
    targets.push(await load("tRPC objective.list (signed in)", okrList, cookie, connections, duration, next.pid!));
    if (profile) {
      clearInterval(sampler);
      console.log(`CPU profile of the server: ${profDir} (written when it exits)`);
      return;
    }
    targets.push(await load("tRPC dashboard.myWork (signed in)", myWork, cookie, connections, duration, next.pid!));
    targets.push(await load("bare Next.js route handler, same SQL, pg, no auth", `${base}/api/bench/okrs?${qs}`, null, connections, duration, next.pid!));
    targets.push(await load("minimal node:http server, same SQL, pg", `http://127.0.0.1:${nodePort}/?${qs}`, null, connections, duration, nodeFloor.pid!));
    finish();
  } finally {
    for (const p of procs) await killGroup(p);
    await local?.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
