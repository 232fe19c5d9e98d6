import { afterEach, describe, expect, it, vi } from "vitest";

/**
 * The benchmark's bare route handler runs SQL without a session: it must not exist unless the
 * benchmark switched it on (BENCH_FLOOR=1) on PostgreSQL.
 */
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  vi.resetModules();
});

async function freshGet(vars: Record<string, string | undefined>) {
  vi.resetModules();
  process.env = { ...saved, ...vars };
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  return (await import("@/app/api/bench/okrs/route")).GET;
}

const url = "http://localhost/api/bench/okrs?org=x&period=y&dept=z";

describe("benchmark floor route", () => {
  it("answers 404 when BENCH_FLOOR is not set", async () => {
    const GET = await freshGet({ BENCH_FLOOR: undefined, DATABASE_URL: "postgres://u@127.0.0.1:1/db" });
    expect((await GET(new Request(url))).status).toBe(404);
  });

  it("answers 404 with BENCH_FLOOR=0 or on the embedded database", async () => {
    let GET = await freshGet({ BENCH_FLOOR: "0", DATABASE_URL: "postgres://u@127.0.0.1:1/db" });
    expect((await GET(new Request(url))).status).toBe(404);
    GET = await freshGet({ BENCH_FLOOR: "1", DATABASE_URL: "pglite:./.data/never" });
    expect((await GET(new Request(url))).status).toBe(404);
  });
});
