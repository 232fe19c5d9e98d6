import fs from "node:fs";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Database | Tx;

export type DriverKind = "pglite" | "neon" | "pg";

export interface DbHandle {
  db: Database;
  kind: DriverKind;
  close: () => Promise<void>;
  /** Applies the committed migrations under db/migrations. */
  migrate: () => Promise<void>;
}

export interface CreateDbOptions {
  /** Force a driver; otherwise chosen from the URL. */
  driver?: DriverKind;
  /** host:port of a WebSocket-to-TCP proxy for the Neon driver (local tests without a Neon account). */
  neonWsProxy?: string;
  /** For PGlite: load this data-dir dump instead of starting empty (tests). */
  pgliteLoadDataDir?: Blob;
  /** Log every SQL statement through this function. */
  logQuery?: (sql: string) => void;
  /** Max connections of a pooled driver. */
  poolMax?: number;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** Which driver a DATABASE_URL selects. Empty means embedded PGlite. */
export function driverFor(url: string | undefined): DriverKind {
  if (!url || url.startsWith("pglite:") || url.startsWith("memory:")) return "pglite";
  if (/^postgres(ql)?:\/\//.test(url)) {
    const host = safeHost(url);
    return host.endsWith(".neon.tech") || host.endsWith(".neon.build") ? "neon" : "pg";
  }
  throw new Error(
    `DATABASE_URL must be empty (embedded database), "pglite:<folder>", or a postgres:// URL; got "${url.slice(0, 20)}…"`,
  );
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}

export const DEFAULT_PGLITE_DIR = ".data/dev";

/** Resolves a pglite URL to a folder ("memory://" stays in memory). */
export function pgliteDir(url: string | undefined): string {
  if (!url) return DEFAULT_PGLITE_DIR;
  if (url.startsWith("memory:")) return "memory://";
  const rest = url.replace(/^pglite:(\/\/)?/, "");
  return rest || DEFAULT_PGLITE_DIR;
}

export async function createDb(url: string | undefined, opts: CreateDbOptions = {}): Promise<DbHandle> {
  const kind = opts.driver ?? driverFor(url);
  const logger = opts.logQuery ? { logQuery: (q: string) => opts.logQuery!(q) } : undefined;
  if (kind === "pglite") return createPglite(url, opts, logger);
  if (kind === "neon") return createNeon(url!, opts, logger);
  return createPg(url!, opts, logger);
}

async function createPglite(
  url: string | undefined,
  opts: CreateDbOptions,
  logger: { logQuery: (q: string) => void } | undefined,
): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const dir = pgliteDir(url);
  let releaseLock = () => {};
  if (dir !== "memory://") {
    fs.mkdirSync(dir, { recursive: true });
    releaseLock = acquireFolderLock(dir);
  }
  let client;
  try {
    client = await PGlite.create(dir === "memory://" ? undefined : dir, {
      loadDataDir: opts.pgliteLoadDataDir,
    });
  } catch (e) {
    releaseLock();
    throw e;
  }
  const db = drizzle(client, { schema, logger }) as unknown as Database;
  let closed = false;
  return {
    db,
    kind: "pglite",
    migrate: async () => {
      await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await client.close();
      releaseLock();
    },
  };
}

async function createNeon(
  url: string,
  opts: CreateDbOptions,
  logger: { logQuery: (q: string) => void } | undefined,
): Promise<DbHandle> {
  const { Pool, neonConfig } = await import("@neondatabase/serverless");
  const { drizzle } = await import("drizzle-orm/neon-serverless");
  const { migrate } = await import("drizzle-orm/neon-serverless/migrator");
  const { default: ws } = await import("ws");
  neonConfig.webSocketConstructor = ws;
  if (opts.neonWsProxy) {
    const proxy = opts.neonWsProxy;
    neonConfig.wsProxy = (host, port) => `${proxy}/v2?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
    neonConfig.pipelineTLS = false;
    neonConfig.poolQueryViaFetch = false;
  }
  const pool = new Pool({ connectionString: url, max: opts.poolMax ?? 5, idleTimeoutMillis: 10_000 });
  pool.on("error", (err: unknown) => console.error(JSON.stringify({ level: "error", msg: "neon pool error", err: String(err) })));
  guardCheckedOutClients(pool, "neon");
  const db = drizzle(pool, { schema, logger }) as unknown as Database;
  return {
    db,
    kind: "neon",
    migrate: async () => {
      await migrate(drizzle(pool, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    close: () => pool.end(),
  };
}

async function createPg(
  url: string,
  opts: CreateDbOptions,
  logger: { logQuery: (q: string) => void } | undefined,
): Promise<DbHandle> {
  const { default: pg } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new pg.Pool({ connectionString: url, max: opts.poolMax ?? 10 });
  pool.on("error", (err) => console.error(JSON.stringify({ level: "error", msg: "pg pool error", err: String(err) })));
  guardCheckedOutClients(pool, "pg");
  const db = drizzle(pool, { schema, logger }) as unknown as Database;
  return {
    db,
    kind: "pg",
    migrate: async () => {
      await migrate(drizzle(pool, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    close: () => pool.end(),
  };
}

/**
 * The pool listens for errors of idle clients only. A client checked out for a transaction whose
 * connection drops (the server restarts, or an admin terminates its backend) emits "error" with no
 * listener: an uncaught exception, although the failing query already rejects with the same error.
 * A listener on every client keeps that to one log line; the pool then discards the broken client and
 * opens a new connection for the next call.
 */
function guardCheckedOutClients(pool: { on(event: "connect", fn: (client: { on(event: "error", fn: (err: unknown) => void): unknown }) => void): unknown }, driver: string) {
  pool.on("connect", (client) => {
    client.on("error", (err) => console.error(JSON.stringify({ level: "warn", msg: `${driver} connection lost`, err: String(err) })));
  });
}

/**
 * PGlite has no cross-process locking: two processes on one folder lose writes.
 * A lock file with the owner's pid refuses a second opener with a clear message.
 */
export function acquireFolderLock(dir: string): () => void {
  const lockPath = path.join(dir, "lodestar.lock");
  const tryCreate = () => {
    fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
  };
  try {
    tryCreate();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    const pid = Number(fs.readFileSync(lockPath, "utf8").trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The embedded database folder "${dir}" is in use by another process (pid ${pid}). ` +
          `Stop that process first (for example the dev server), or point DATABASE_URL at another folder (pglite:./.data/other).`,
      );
    }
    // Stale lock from a process that is gone (or our own): take it over.
    fs.rmSync(lockPath, { force: true });
    tryCreate();
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    try {
      if (fs.readFileSync(lockPath, "utf8").trim() === String(process.pid)) fs.rmSync(lockPath, { force: true });
    } catch {
      /* already gone */
    }
  };
  process.once("exit", release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
