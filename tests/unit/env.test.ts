import { afterEach, describe, expect, it, vi } from "vitest";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  vi.resetModules();
});

async function freshEnv(vars: Record<string, string | undefined>) {
  vi.resetModules();
  process.env = { ...saved, ...vars };
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  const mod = await import("@/server/env");
  return mod.env;
}

describe("environment validation", () => {
  it("refuses to start in production without AUTH_SECRET and DATABASE_URL, naming both", async () => {
    const env = await freshEnv({ NODE_ENV: "production", AUTH_SECRET: undefined, DATABASE_URL: undefined, LODESTAR_DEMO: undefined });
    expect(() => env()).toThrow(/without AUTH_SECRET and DATABASE_URL/);
  });

  it("names the one that is missing", async () => {
    const env = await freshEnv({ NODE_ENV: "production", AUTH_SECRET: "a-long-enough-secret-value", DATABASE_URL: undefined, LODESTAR_DEMO: undefined });
    expect(() => env()).toThrow(/without DATABASE_URL\./);
  });

  it("starts in production with both, and in demo mode with neither", async () => {
    const prod = await freshEnv({ NODE_ENV: "production", AUTH_SECRET: "a-long-enough-secret-value", DATABASE_URL: "postgres://u@h/db", LODESTAR_DEMO: undefined });
    expect(prod().DATABASE_URL).toBe("postgres://u@h/db");
    const demo = await freshEnv({ NODE_ENV: "production", AUTH_SECRET: undefined, DATABASE_URL: undefined, LODESTAR_DEMO: "1" });
    expect(demo().AUTH_SECRET.length).toBeGreaterThanOrEqual(16);
  });

  it("rejects a short AUTH_SECRET with a message naming it", async () => {
    const env = await freshEnv({ NODE_ENV: "development", AUTH_SECRET: "short" });
    expect(() => env()).toThrow(/AUTH_SECRET/);
  });
});

describe("database URL → driver", () => {
  it("chooses PGlite, Neon or pg from the URL", async () => {
    const { driverFor, pgliteDir } = await import("@/db/client");
    expect(driverFor(undefined)).toBe("pglite");
    expect(driverFor("pglite:./.data/x")).toBe("pglite");
    expect(pgliteDir("pglite:./.data/x")).toBe("./.data/x");
    expect(pgliteDir(undefined)).toBe(".data/dev");
    expect(driverFor("postgresql://u:p@ep-cool-1.eu-central-1.aws.neon.tech/db?sslmode=require")).toBe("neon");
    expect(driverFor("postgres://u:p@db.internal:5432/lodestar")).toBe("pg");
    expect(() => driverFor("mysql://x")).toThrow(/DATABASE_URL/);
  });
});
