/**
 * The committed migrations (db/migrations, journal in meta/_journal.json), on PGlite and (TEST_DB=neon)
 * on PostgreSQL through the Neon driver, the way deploys run them:
 *
 * - Applied to an empty database all at once, and to a database stopped after EVERY earlier
 *   migration k (apply 0..k, deploy, then the rest), they give the same schema: tables, columns
 *   (types, defaults, nullability, identity, generated), indexes, constraints, enums (values in
 *   order), functions, triggers, views and sequences, compared from the catalogs. Drizzle's migrator
 *   applies all pending migrations in ONE transaction, so this also catches a migration that only
 *   works when an earlier one committed first (e.g. an enum value added then used), or the reverse.
 * - `drizzle-kit check` is clean, and `drizzle-kit generate` against a copy of the folder finds no
 *   change: the schema in db/schema/*.ts is exactly what the migrations build.
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, MIGRATIONS_FOLDER } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { journalEntries } from "@/server/health";
import { withDb } from "../helpers/global-setup";

const cfg = inject("testDb");
const entries = journalEntries();
const root = process.cwd();

interface Fresh {
  execute: (q: string) => Promise<unknown[]>;
  migrate: (folder: string) => Promise<void>;
  close: () => Promise<void>;
}

/** The schema as the catalogs describe it, as stable JSON (public schema; drizzle's own bookkeeping apart). */
const SCHEMA_DUMP = `
select json_build_object(
  'columns', (select json_agg(json_build_array(table_name, column_name, data_type, udt_name, column_default, is_nullable,
      character_maximum_length, numeric_precision, numeric_scale, datetime_precision, is_identity, identity_generation,
      is_generated, generation_expression, collation_name) order by table_name, column_name)
    from information_schema.columns where table_schema = 'public'),
  'tables', (select json_agg(json_build_array(c.relname, c.relkind, c.relpersistence, c.relrowsecurity) order by c.relname)
    from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S')),
  'indexes', (select json_agg(json_build_array(tablename, indexname, indexdef) order by tablename, indexname)
    from pg_indexes where schemaname = 'public'),
  'constraints', (select json_agg(json_build_array(conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid), condeferrable, condeferred)
      order by conrelid::regclass::text, conname)
    from pg_constraint where connamespace = 'public'::regnamespace),
  'enums', (select json_agg(json_build_array(t.typname,
      (select json_agg(e.enumlabel order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid)) order by t.typname)
    from pg_type t where t.typnamespace = 'public'::regnamespace and t.typtype = 'e'),
  'functions', (select json_agg(json_build_array(p.proname, pg_get_function_identity_arguments(p.oid), md5(p.prosrc)) order by p.proname, 2)
    from pg_proc p where p.pronamespace = 'public'::regnamespace),
  'triggers', (select json_agg(json_build_array(tgrelid::regclass::text, tgname, pg_get_triggerdef(oid)) order by tgrelid::regclass::text, tgname)
    from pg_trigger where not tgisinternal),
  'views', (select json_agg(json_build_array(viewname, definition) order by viewname) from pg_views where schemaname = 'public'),
  'sequences', (select json_agg(json_build_array(sequencename, data_type::text, start_value, increment_by, cycle) order by sequencename)
    from pg_sequences where schemaname = 'public'),
  'extensions', (select json_agg(extname order by extname) from pg_extension)
) as s`;

async function schemaOf(db: Fresh) {
  const [row] = (await db.execute(SCHEMA_DUMP)) as { s: unknown }[];
  return row!.s as Record<string, unknown[] | null>;
}
async function appliedOf(db: Fresh) {
  return (await db.execute("select hash, created_at::text as created_at from drizzle.__drizzle_migrations order by id")) as { hash: string; created_at: string }[];
}

/** A copy of the migrations folder whose journal stops after migration k (0-based). */
function folderUpTo(k: number, base: string): string {
  const dir = path.join(base, `upto-${k}`);
  fs.mkdirSync(path.join(dir, "meta"), { recursive: true });
  for (const f of fs.readdirSync(MIGRATIONS_FOLDER)) if (f.endsWith(".sql")) fs.copyFileSync(path.join(MIGRATIONS_FOLDER, f), path.join(dir, f));
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  fs.writeFileSync(path.join(dir, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.slice(0, k + 1) }));
  return dir;
}

describe("migrations", () => {
  let tmp: string;
  let fresh: () => Promise<Fresh>;
  /** A database where migrations 0..k were applied (by earlier deploys), and nothing after. */
  let stoppedAt = async (k: number): Promise<Fresh> => {
    const db = await fresh();
    await db.migrate(folderUpTo(k, tmp));
    return db;
  };
  let cleanup = async () => {};

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lodestar-migrations-"));
    if (cfg.kind === "pglite") {
      const { PGlite } = await import("@electric-sql/pglite");
      const { drizzle } = await import("drizzle-orm/pglite");
      const { migrate } = await import("drizzle-orm/pglite/migrator");
      // One empty cluster, copied for every run (much faster than an initdb each time).
      const empty = await PGlite.create();
      const dump = await empty.dumpDataDir("none");
      await empty.close();
      const open = async (data: Blob): Promise<Fresh> => {
        const client = await PGlite.create({ loadDataDir: data });
        const db = drizzle(client);
        return {
          execute: async (q) => rowsOf(await db.execute(sql.raw(q))),
          migrate: (folder) => migrate(db, { migrationsFolder: folder }),
          close: () => client.close(),
          dump: () => client.dumpDataDir("none"),
        } as Fresh & { dump: () => Promise<Blob> };
      };
      fresh = () => open(dump);
      // The stopping points, built once along one chain (a data-dir copy each): loading a copy costs
      // about a second, applying the first k migrations again each time would cost more.
      const stops: Blob[] = [];
      stoppedAt = async (k) => {
        if (!stops.length) {
          const chain = (await fresh()) as Fresh & { dump: () => Promise<Blob> };
          for (let i = 0; i < entries.length - 1; i++) {
            await chain.migrate(folderUpTo(i, tmp));
            stops.push(await chain.dump());
          }
          await chain.close();
        }
        return open(stops[k]!);
      };
    } else {
      const { adminUrl, wsProxy } = cfg;
      const { migrate } = await import("drizzle-orm/neon-serverless/migrator");
      const created: string[] = [];
      fresh = async () => {
        const name = `lodestar_m_${crypto.randomBytes(5).toString("hex")}`;
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        await admin.query(`create database ${name} template template0`);
        await admin.end();
        created.push(name);
        // The production driver: Neon's WebSocket pool, as `npm run db:migrate` uses it.
        const h = await createDb(withDb(adminUrl, name), { driver: "neon", neonWsProxy: wsProxy, poolMax: 1 });
        return {
          execute: async (q) => rowsOf(await h.db.execute(sql.raw(q))),
          migrate: (folder) => migrate(h.db as never, { migrationsFolder: folder }),
          close: () => h.close(),
        };
      };
      cleanup = async () => {
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        for (const n of created) await admin.query(`drop database if exists ${n} with (force)`);
        await admin.end();
      };
    }
  });
  afterAll(async () => {
    await cleanup();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("the journal lists every SQL file once, in order", () => {
    const files = fs.readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith(".sql")).sort();
    expect(entries.map((e) => `${e.tag}.sql`)).toEqual(files);
    const whens = entries.map((e) => e.when);
    expect([...whens].sort((a, b) => a - b)).toEqual(whens);
  });

  it(`all ${entries.length} at once, and stopped after each earlier one then the rest, give the same schema`, async () => {
    const full = await fresh();
    let reference: Record<string, unknown[] | null>;
    let referenceApplied: { hash: string; created_at: string }[];
    try {
      await full.migrate(MIGRATIONS_FOLDER);
      reference = await schemaOf(full);
      referenceApplied = await appliedOf(full);
    } finally {
      await full.close();
    }
    expect(referenceApplied).toHaveLength(entries.length);
    expect(reference.tables!.length).toBeGreaterThan(40);
    for (const part of ["columns", "indexes", "constraints", "enums"]) expect(reference[part]!.length, part).toBeGreaterThan(10);

    for (let k = 0; k < entries.length - 1; k++) {
      const db = await stoppedAt(k);
      try {
        expect(await appliedOf(db), `stopped after ${entries[k]!.tag}`).toHaveLength(k + 1);
        await db.migrate(MIGRATIONS_FOLDER);
        expect(await appliedOf(db), `after ${entries[k]!.tag} then the rest`).toEqual(referenceApplied);
        const got = await schemaOf(db);
        for (const part of Object.keys(reference)) {
          expect(got[part], `${part}: stopped after ${entries[k]!.tag}, then the rest`).toEqual(reference[part]);
        }
        if (k === entries.length - 2) {
          // The comparison is not blind: a default, an index or an enum value of difference shows.
          await db.execute("alter table audit_events alter column request_id set default 'x'");
          await db.execute("create index test_extra_idx on audit_events (action)");
          const changed = await schemaOf(db);
          expect(changed.columns).not.toEqual(reference.columns);
          expect(changed.indexes).not.toEqual(reference.indexes);
        }
      } finally {
        await db.close();
      }
    }
  }, 240_000);

  it("drizzle-kit check is clean, and generate finds nothing to add (db/schema matches the migrations)", () => {
    const bin = path.join(root, "node_modules", ".bin", "drizzle-kit");
    const check = execFileSync(bin, ["check"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(check).toMatch(/Everything's fine/);

    // generate into a copy of the folder (drizzle-kit wants the output path relative to the project).
    const out = path.join(tmp, "generate-out");
    fs.cpSync(MIGRATIONS_FOLDER, out, { recursive: true });
    const config = path.join(tmp, "drizzle.generate.config.ts");
    fs.writeFileSync(
      config,
      `export default ${JSON.stringify({ dialect: "postgresql", schema: "./db/schema/index.ts", out: path.relative(root, out), strict: true })};\n`,
    );
    const before = fs.readdirSync(out, { recursive: true }).map(String).sort();
    const res = execFileSync(bin, ["generate", "--config", config], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(res).toMatch(/No schema changes, nothing to migrate/);
    expect(fs.readdirSync(out, { recursive: true }).map(String).sort()).toEqual(before);
  }, 60_000);
});
