/**
 * Benchmark database plumbing: a local PostgreSQL kept in a persistent data folder (so `bench:seed`
 * and `bench` see the same databases across runs), and one raw query interface over pg and PGlite.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./proc";

export interface LocalPostgres {
  url: (db?: string) => string;
  version: string;
  stop: () => Promise<void>;
}

/** Data folder of the benchmark's own PostgreSQL (override with BENCH_PG_DIR). */
export const BENCH_PG_DIR = process.env.BENCH_PG_DIR ?? path.join(os.tmpdir(), "lodestar-bench-pg");

function pgBin(): string {
  const dirs = [process.env.PG_BIN, "/usr/local/bin"];
  try {
    dirs.push(
      ...fs
        .readdirSync("/usr/lib/postgresql")
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`),
    );
  } catch {
    /* none installed there */
  }
  for (const d of dirs) if (d && fs.existsSync(path.join(d, "initdb"))) return d;
  throw new Error("PostgreSQL binaries (initdb, postgres) not found: install PostgreSQL or set PG_BIN, or pass --url.");
}


async function waitReady(url: string, proc: ChildProcess, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`PostgreSQL exited with code ${proc.exitCode}`);
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.query("select 1");
      await c.end();
      return;
    } catch (e) {
      last = e;
      await c.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`PostgreSQL did not become ready: ${String(last)}`);
}

/**
 * Starts PostgreSQL on BENCH_PG_DIR (initdb on first use) on a free loopback port. Settings are
 * the defaults except fsync off (a benchmark database is disposable) and a larger shared_buffers.
 */
export async function startLocalPostgres(): Promise<LocalPostgres> {
  const bin = pgBin();
  const asRoot = process.getuid?.() === 0;
  const data = path.join(BENCH_PG_DIR, "data");
  const sock = path.join(BENCH_PG_DIR, "sock");
  const ids = asRoot
    ? {
        uid: Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
        gid: Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
      }
    : {};
  if (!fs.existsSync(path.join(data, "PG_VERSION"))) {
    fs.mkdirSync(sock, { recursive: true });
    if (asRoot) execFileSync("chown", ["-R", "postgres:postgres", BENCH_PG_DIR]);
    const args = ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"];
    if (asRoot) execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, "initdb"), ...args], { stdio: "pipe" });
    else execFileSync(path.join(bin, "initdb"), args, { stdio: "pipe" });
  }
  const shared = await runningServer(data);
  if (shared) return shared;
  fs.rmSync(path.join(data, "postmaster.pid"), { force: true });
  const port = await freePort();
  const args = [
    "-D", data, "-p", String(port), "-k", sock, "-h", "127.0.0.1",
    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
    "-c", "shared_buffers=256MB", "-c", "max_connections=100", "-c", "max_wal_size=4GB",
  ];
  const proc = spawn(path.join(bin, "postgres"), args, { stdio: ["ignore", "ignore", "pipe"], ...ids });
  let stderr = "";
  proc.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = (db = "postgres") => `postgres://postgres@127.0.0.1:${port}/${db}`;
  try {
    await waitReady(url(), proc);
  } catch (e) {
    proc.kill("SIGKILL");
    throw new Error(`${(e as Error).message}\n${stderr}`);
  }
  const c = new pg.Client({ connectionString: url() });
  await c.connect();
  const version = (await c.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
  await c.end();
  return {
    url,
    version,
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGINT");
      const t = setTimeout(() => proc.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/**
 * Another bench process already runs PostgreSQL on this folder (its postmaster.pid names a live
 * process): share that server and leave stopping it to its owner.
 */
async function runningServer(data: string): Promise<LocalPostgres | null> {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  const url = (db = "postgres") => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const c = new pg.Client({ connectionString: url() });
  try {
    await c.connect();
    const version = (await c.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
    return { url, version, stop: async () => {} };
  } catch {
    return null;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Database name of a scale on the local PostgreSQL. */
export const benchDbName = (scale: number) => `lodestar_bench_s${scale}`;
/** PGlite folder of a scale. */
export const benchPgliteDir = (scale: number) => path.join(".data", `bench-s${scale}`);

/** Drops and recreates a database on a server. */
export async function recreateDatabase(adminUrl: string, name: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  } finally {
    await c.end();
  }
}

export async function databaseExists(adminUrl: string, name: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return (await c.query("select 1 from pg_database where datname = $1", [name])).rowCount === 1;
  } finally {
    await c.end();
  }
}

/** The least both drivers offer: parameterised text queries returning rows. */
export interface RawClient {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** Wraps a drizzle database's driver client (pg Pool or PGlite) as a RawClient. */
export function rawClientOf(db: object): RawClient {
  const client = (db as { $client?: RawClient }).$client;
  if (!client || typeof client.query !== "function") throw new Error("The database handle exposes no driver client");
  return {
    query: async <R,>(text: string, params?: unknown[]) => {
      const res = await client.query<R>(text, params);
      return { rows: res.rows };
    },
  };
}
