import fs from "node:fs";
import crypto from "node:crypto";
import path from "node:path";
import { z } from "zod";

/**
 * The one place that reads process.env. Validated on first use; in production the app refuses to
 * start without AUTH_SECRET and DATABASE_URL and says which one is missing. `LODESTAR_DEMO=1`
 * (set by `npm run demo`) allows the embedded database and a generated, persisted secret.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().optional(),
  DATABASE_READ_URL: z.string().optional(),
  /** host:port of a local WebSocket proxy for the Neon driver (tests without a Neon account). */
  NEON_WS_PROXY: z.string().optional(),
  DATABASE_DRIVER: z.enum(["pglite", "neon", "pg"]).optional(),
  AUTH_SECRET: z.string().min(16, "AUTH_SECRET must be at least 16 characters").optional(),
  AUTH_URL: z.string().url().optional(),
  LODESTAR_DEMO: z.enum(["0", "1"]).optional(),
  AUTH_GITHUB_ID: z.string().optional(),
  AUTH_GITHUB_SECRET: z.string().optional(),
  AUTH_GOOGLE_ID: z.string().optional(),
  AUTH_GOOGLE_SECRET: z.string().optional(),
  AUTH_OIDC_ISSUER: z.string().url().optional(),
  AUTH_OIDC_ID: z.string().optional(),
  AUTH_OIDC_SECRET: z.string().optional(),
  AUTH_OIDC_NAME: z.string().optional(),
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().optional(),
  CRON_SECRET: z.string().min(16, "CRON_SECRET must be at least 16 characters").optional(),
  SEED_ALLOW_PRODUCTION: z.enum(["0", "1"]).optional(),
  /** 1 lets outgoing webhooks reach private, loopback and link-local addresses in production. */
  WEBHOOKS_ALLOW_PRIVATE: z.enum(["0", "1"]).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Requests per API key per minute on the public REST API (/api/v1). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  /** Switches on the benchmark's bare route handler (app/api/bench/okrs), only for `npm run bench:http`. */
  BENCH_FLOOR: z.enum(["0", "1"]).optional(),
});

export type Env = z.infer<typeof schema> & { AUTH_SECRET: string };

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const demo = e.LODESTAR_DEMO === "1";
  const production = e.NODE_ENV === "production" && !demo;
  if (production) {
    const missing = [!e.AUTH_SECRET && "AUTH_SECRET", !e.DATABASE_URL && "DATABASE_URL"].filter(Boolean);
    if (missing.length) {
      throw new Error(
        `Lodestar refuses to start in production without ${missing.join(" and ")}. ` +
          `Set ${missing.join(" and ")} (see .env.example), or run "npm run demo" for the embedded demo.`,
      );
    }
  }
  cached = { ...e, AUTH_SECRET: e.AUTH_SECRET ?? localSecret() };
  return cached;
}

/** Outside production: a random secret generated once and kept under .data/ so sessions survive restarts. */
function localSecret(): string {
  const file = path.join(process.cwd(), ".data", "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = crypto.randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
      return secret;
    } catch {
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}

export function isProduction(): boolean {
  return env().NODE_ENV === "production";
}
