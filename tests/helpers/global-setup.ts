import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDb } from "@/db/client";
import { startPostgres } from "./pg-server";
import { startWsProxy } from "./ws-proxy";

declare module "vitest" {
  export interface ProvidedContext {
    testDb: { kind: "pglite"; dumpPath: string } | { kind: "neon"; adminUrl: string; template: string; wsProxy: string };
  }
}

/**
 * Migrates once. PGlite (default): dumps a migrated data dir that every test file loads.
 * TEST_DB=neon: starts PostgreSQL 15 and a WebSocket proxy, migrates a template database; every test
 * file gets its own copy and talks to it through the Neon serverless driver.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DB === "neon") {
    const server = process.env.TEST_PG_URL ? null : await startPostgres();
    const adminUrl = process.env.TEST_PG_URL ?? server!.url("postgres");
    const proxy = await startWsProxy();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const template = `lodestar_tpl_${process.pid}`;
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    await admin.end();
    const handle = await createDb(withDb(adminUrl, template), { driver: "neon", neonWsProxy: proxy.address, poolMax: 1 });
    await handle.migrate();
    await handle.close();
    project.provide("testDb", { kind: "neon", adminUrl, template, wsProxy: proxy.address });
    return async () => {
      await proxy.close();
      await server?.stop();
    };
  }
  const handle = await createDb("memory://", { driver: "pglite" });
  await handle.migrate();
  const { PGlite } = await import("@electric-sql/pglite");
  void PGlite;
  const client = (handle.db as unknown as { $client: import("@electric-sql/pglite").PGlite }).$client;
  const blob = await client.dumpDataDir("none");
  const dumpPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lodestar-test-")), "migrated.tar");
  fs.writeFileSync(dumpPath, Buffer.from(await blob.arrayBuffer()));
  await handle.close();
  project.provide("testDb", { kind: "pglite", dumpPath });
  return () => fs.rmSync(path.dirname(dumpPath), { recursive: true, force: true });
}

export function withDb(url: string, db: string) {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
