import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { serverTransformer } from "./transformer";
import { z, ZodError } from "zod";
import { translate, type MessageLocale } from "../i18n";
import "../validation";
import type { Database } from "@/db/client";
import { AppError, isDatabaseUnavailable, rootCauseOf, type AppErrorCode } from "../errors";
import { can, isPermission, type OpenPermission, type Permission } from "../rbac/permissions";
import { loadActor, loadSessionActor, loadSessionUser, type Actor, type SessionUser } from "../org/actor";
import { lowerRole, type ApiKeyClaim } from "../apikeys/auth";
import { logger } from "../log";
import type { Mailer } from "../mail";
import { kickDeliveries } from "../webhooks/deliver";
import { runWithWebhookScope } from "../webhooks/outbox";
import { flushEmails } from "../notifications/email";
import { middlewareMarker } from "@trpc/server/unstable-core-do-not-import";
import { claimKey, completeKey, isValidIdempotencyKey, requestHash, storedResponse, type IdempotencyClaim } from "../idempotency/service";

export type { SessionClaim } from "../org/actor";
import type { SessionClaim } from "../org/actor";

export interface Context {
  db: Database;
  session: SessionClaim | null;
  requestId: string;
  ip: string;
  /** Absolute origin of the app, for links in emails. */
  baseUrl?: string;
  /** Present when SMTP is configured. */
  mailer?: Mailer;
  /** Language of error messages. */
  locale?: MessageLocale;
  /** Set after the session has been checked against the database. */
  user?: SessionUser;
  /** A read replica for read-only procedures (DATABASE_READ_URL). */
  readDb?: Database;
  /**
   * The primary, kept by the base middleware when a query was routed to the replica: a session
   * started a moment ago (its row not replicated yet) is confirmed there before being refused.
   */
  primaryDb?: Database;
  /** The caller wrote within the last few seconds: read from the primary to see their own write. */
  recentWrite?: boolean;
  /** Headers of the HTTP response (absent for server-component calls). */
  resHeaders?: Headers;
  /** Who the call turned out to be, filled in by later middleware, for the request's log line. */
  log?: { userId?: string; orgId?: string };
  /**
   * A public REST API request authenticated by an API key (app/api/v1) instead of a session: it may
   * call organisation procedures of the key's organisation only, with the key's role.
   */
  apiKey?: ApiKeyClaim;
  /**
   * Keeps work started by the request (webhook deliveries after a mutation) alive after the response
   * is sent: Next's `after()` on serverless hosts. Without it, the work simply runs in the background.
   */
  defer?: (work: Promise<unknown>) => void;
  /**
   * The request's Idempotency-Key header, split into its entries: one per call of a tRPC batch (in
   * batch order; null for a call without a key), one for a single call or a REST request.
   */
  idempotencyKeys?: (string | null)[];
}

export interface Meta {
  permission?: Permission | OpenPermission;
  /** A query that must read the primary even when a replica is configured (live views that also record presence). */
  primary?: boolean;
  /**
   * The mutation's result holds a secret shown only once (a new API key, a webhook signing secret, an
   * invitation token): an Idempotency-Key still makes its retry write nothing, but the result is not
   * stored with the key, so the retry is refused (CONFLICT) instead of replayed.
   */
  onceSecret?: boolean;
  /** Takes whole documents (an organisation import): exempt from the per-array item cap of the input check. */
  bulkInput?: boolean;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: serverTransformer,
    errorFormatter({ shape, error, ctx }) {
      const cause = error.cause;
      const locale = ctx?.locale ?? "en";
      const fieldErrors = fieldErrorsOf(error, locale);
      const message = errorMessageOf(error, locale, ctx?.requestId);
      return {
        ...shape,
        message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          requestId: ctx?.requestId,
          fieldErrors,
          details: cause instanceof AppError ? translateDetails(stripFieldErrors(cause.details), locale) : undefined,
        },
      };
    },
  });

/** The message of a tRPC error in a language: validation issues listed, internal errors only by reference. */
export function errorMessageOf(error: TRPCError, locale: MessageLocale = "en", requestId?: string): string {
  if (error.code === "INTERNAL_SERVER_ERROR") return translate(locale, `e.internal|ref=${requestId ?? "unknown"}`);
  const cause = error.cause;
  if (cause instanceof ZodError) {
    return cause.issues.map((i) => `${i.path.join(".") || "input"}: ${translate(locale, i.message)}`).join("; ");
  }
  return translate(locale, error.message);
}

/** Field errors (input path → messages) carried by a tRPC error, from zod validation or an AppError. */
export function fieldErrorsOf(error: TRPCError, locale: MessageLocale = "en"): Record<string, string[]> | undefined {
  const cause = error.cause;
  let raw: Record<string, string[]> | undefined;
  if (cause instanceof ZodError) raw = zodFieldErrors(cause);
  else if (cause instanceof AppError) raw = cause.details?.fieldErrors;
  if (!raw) return undefined;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.map((m) => translate(locale, m))]));
}

function zodFieldErrors(err: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of err.issues) {
    const key = issue.path.join(".") || "input";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Row errors of imports carry message keys: translate them like every other message. */
function translateDetails(details: Record<string, unknown> | undefined, locale: MessageLocale) {
  if (!details || !Array.isArray(details.errors)) return details;
  return {
    ...details,
    errors: (details.errors as { message?: unknown }[]).map((e) =>
      typeof e?.message === "string" ? { ...e, message: translate(locale, e.message) } : e,
    ),
  };
}

function stripFieldErrors(details: AppError["details"]) {
  if (!details) return undefined;
  const { fieldErrors: _f, ...rest } = details;
  return Object.keys(rest).length ? rest : undefined;
}

const CODE_MAP: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

/** An unpaired UTF-16 surrogate: not a character, so not valid UTF-8 (nor a valid jsonb escape). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The message key of text PostgreSQL cannot store: NUL characters, unpaired surrogates. */
function badTextKey(s: string): string | null {
  if (s.includes("\u0000")) return "v.nulByte";
  if (LONE_SURROGATE.test(s)) return "v.loneSurrogate";
  return null;
}

/**
 * No input array of the app's schemas holds more than a few hundred items. A longer one is refused
 * before validation: a schema's own `.max()` only runs after every item was validated, so 70,000 bad
 * items would cost seconds of CPU (found by the fuzz suite) before the refusal.
 */
export const MAX_INPUT_ARRAY = 1000;

/**
 * PostgreSQL text cannot hold NUL characters, and unpaired surrogates break jsonb (audit rows) or turn
 * into U+FFFD silently: refuse both up front, naming the field (keys are checked too). Arrays longer
 * than MAX_INPUT_ARRAY are refused too (unless `bulk`).
 */
function findBadText(value: unknown, path: string, depth = 0, bulk = false): { at: string; key: string } | null {
  if (typeof value === "string") {
    const key = badTextKey(value);
    return key ? { at: path || "input", key } : null;
  }
  if (depth > 20 || !value || typeof value !== "object") return null;
  if (!bulk && Array.isArray(value) && value.length > MAX_INPUT_ARRAY) return { at: path || "input", key: `v.tooBig.items|max=${MAX_INPUT_ARRAY}` };
  for (const [k, v] of Object.entries(value)) {
    const at = path ? `${path}.${k}` : k;
    const keyProblem = badTextKey(k);
    if (keyProblem) return { at, key: keyProblem };
    const hit = findBadText(v, at, depth + 1, bulk);
    if (hit) return hit;
  }
  return null;
}

/** Seconds a client is asked to wait (Retry-After) before trying again when the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

/** Set after a write when a replica is configured: for its lifetime the caller's reads use the primary. */
export const RECENT_WRITE_COOKIE = "lodestar_rw";
export const RECENT_WRITE_SECONDS = 15;
export function hasRecentWrite(headers: Headers) {
  return new RegExp(`(?:^|;\\s*)${RECENT_WRITE_COOKIE}=`).test(headers.get("cookie") ?? "");
}
const RECENT_WRITE_COOKIE_HEADER = `${RECENT_WRITE_COOKIE}=1; Path=/; Max-Age=${RECENT_WRITE_SECONDS}; HttpOnly; SameSite=Lax`;

/** Maps domain AppErrors to tRPC errors (the one place that does) and logs each call. */
/** PostgreSQL's "read_only_sql_transaction": a write reached a replica. */
function isReadOnlyError(e: unknown): boolean {
  for (let c = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    if ((c as { code?: unknown }).code === "25006") return true;
  }
  return false;
}

const base = t.procedure.use(async ({ next, path, type, ctx, meta, getRawInput }) => {
  const bad = findBadText(await getRawInput().catch(() => undefined), "", 0, !!meta?.bulkInput);
  if (bad) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: bad.key,
      cause: new AppError("BAD_REQUEST", bad.key, { fieldErrors: { [bad.at]: [bad.key] } }),
    });
  }
  const started = performance.now();
  const who: NonNullable<Context["log"]> = {};
  // Reads go to the replica, except right after the caller's own write (read-after-write).
  let replica = type === "query" && !!ctx.readDb && !ctx.recentWrite && !meta?.primary;
  let res = await next({ ctx: { ...ctx, db: replica ? ctx.readDb! : ctx.db, primaryDb: ctx.db, log: who } });
  if (replica && !res.ok && isReadOnlyError(res.error)) {
    // A read that writes once (e.g. an organisation's default lifecycle on first look): the primary does it.
    replica = false;
    res = await next({ ctx: { ...ctx, log: who } });
  }
  if (type === "mutation" && res.ok && ctx.readDb) ctx.resHeaders?.append("set-cookie", RECENT_WRITE_COOKIE_HEADER);
  const ms = Math.round(performance.now() - started);
  const fields = { requestId: ctx.requestId, userId: who.userId, orgId: who.orgId, procedure: path, type, ms, ...(replica ? { db: "replica" } : {}) };
  if (!res.ok) {
    const cause = res.error.cause;
    if (!(cause instanceof AppError) && isDatabaseUnavailable(res.error)) {
      // The database is down or dropped the connection (the pool opens a new one on the next call):
      // 503 with a message that names no host or SQL, and a hint to retry, instead of a 500.
      logger.warn({ ...fields, status: "SERVICE_UNAVAILABLE", err: rootCauseOf(res.error) }, "trpc database unavailable");
      ctx.resHeaders?.set("retry-after", String(RETRY_AFTER_SECONDS));
      throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "e.unavailable", cause: res.error });
    }
    if (cause instanceof AppError) {
      logger.info({ ...fields, status: cause.code }, "trpc");
      throw new TRPCError({ code: CODE_MAP[cause.code], message: cause.message, cause });
    }
    if (res.error.code === "INTERNAL_SERVER_ERROR") {
      logger.error({ ...fields, status: res.error.code, err: String(res.error.cause ?? res.error) }, "trpc unexpected error");
    } else {
      logger.info({ ...fields, status: res.error.code }, "trpc");
    }
  } else {
    logger.info({ ...fields, status: "OK" }, "trpc");
  }
  return res;
});

/**
 * An Idempotency-Key header holds one entry per call of a tRPC batch (comma-separated, in batch
 * order; empty for a call without a key): a different count is refused rather than guessed at.
 */
export function checkIdempotencyBatch(keys: Context["idempotencyKeys"], calls: number) {
  if (keys && keys.length !== calls) {
    throw new TRPCError({ code: "BAD_REQUEST", message: `e.idempotency.batchCount|calls=${calls}` });
  }
}

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Open to anyone. */
export const publicProcedure = base.meta({ permission: "public" });

const orgInput = z.object({ orgSlug: z.string().min(1).max(64) });

/** The session's user, checked against the database (epoch, disabled), or UNAUTHORIZED. */
/** True when this call reads a replica that may lag behind the primary. */
const onReplica = (ctx: Context) => !!ctx.primaryDb && ctx.primaryDb !== ctx.db;

async function sessionUserOf(ctx: Context): Promise<SessionUser> {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "e.signIn" });
  let user = await loadSessionUser(ctx.db, ctx.session);
  // A sign-in (or sign-up) a moment ago may not have reached the replica yet: ask the primary.
  if (!user && onReplica(ctx)) user = await loadSessionUser(ctx.primaryDb!, ctx.session);
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "e.sessionEnded" });
  if (ctx.log) ctx.log.userId = user.id;
  return user;
}

const requireUser = t.middleware(async ({ ctx, next }) => next({ ctx: { ...ctx, user: await sessionUserOf(ctx) } }));

/**
 * A signed-in user, or an API key acting for its creator (organisation procedures only). For a
 * session, the user check and the membership lookup of the organisation named in the input are
 * one statement (loadSessionActor); the actor is handed on to the organisation middleware.
 */
const requireUserOrKey = t.middleware(async ({ ctx, next, getRawInput }) => {
  if (ctx.apiKey) {
    if (ctx.log) ctx.log.userId = ctx.apiKey.user.id;
    return next({ ctx: { ...ctx, user: ctx.apiKey.user, preloadedActor: undefined as Actor | null | undefined } });
  }
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "e.signIn" });
  const raw = (await getRawInput().catch(() => undefined)) as { orgSlug?: unknown } | undefined;
  const slug = raw?.orgSlug;
  if (typeof slug !== "string" || !orgInput.shape.orgSlug.safeParse(slug).success) {
    // Input validation will name the problem; the session is still checked first.
    return next({ ctx: { ...ctx, user: await sessionUserOf(ctx), preloadedActor: undefined as Actor | null | undefined } });
  }
  let { user, actor } = await loadSessionActor(ctx.db, ctx.session, slug, ctx.requestId);
  // A sign-in a moment ago may not have reached the replica yet: ask the primary before refusing.
  if (!user && onReplica(ctx)) ({ user, actor } = await loadSessionActor(ctx.primaryDb!, ctx.session, slug, ctx.requestId));
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "e.sessionEnded" });
  if (ctx.log) ctx.log.userId = user.id;
  return next({ ctx: { ...ctx, user, preloadedActor: actor && actor.orgSlug === slug ? actor : (null as Actor | null | undefined) } });
});

/** Any signed-in user, outside an organisation (profile, creating an organisation, accepting an invitation). */
export const authedProcedure = base.meta({ permission: "authenticated" }).use(requireUser);


/**
 * The one builder for organisation procedures. Resolves the caller's membership in the org named
 * by `orgSlug` (NOT_FOUND for non-members, so another tenant's existence never leaks), checks the
 * role against the permission table (FORBIDDEN), and puts the actor in the context. The tenant id
 * always comes from the membership, never from input.
 *
 * An API key (ctx.apiKey) stands in for a session: it acts for its creator, only in its own
 * organisation (any other slug is NOT_FOUND), with its role capped by the creator's.
 */
export function orgProcedure(permission: Permission) {
  if (!isPermission(permission)) throw new Error(`Unknown permission ${permission}`);
  return base
    .meta({ permission })
    .use(requireUserOrKey)
    .input(orgInput)
    .use(async ({ ctx, input, next }) => {
      const actor = ctx.preloadedActor !== undefined ? ctx.preloadedActor : await loadActor(ctx.db, ctx.user.id, input.orgSlug, ctx.requestId);
      if (!actor || (ctx.apiKey && actor.orgId !== ctx.apiKey.orgId)) {
        throw new TRPCError({ code: "NOT_FOUND", message: "e.notFound|what=organisation" });
      }
      if (ctx.apiKey) {
        actor.role = lowerRole(actor.role, ctx.apiKey.role);
        actor.apiKeyId = ctx.apiKey.id;
      }
      if (ctx.log) ctx.log.orgId = actor.orgId;
      if (!can(actor.role, permission)) {
        throw new TRPCError({
          code: "FORBIDDEN",
          message: `e.forbidden|role=${actor.role}|permission=${permission}`,
        });
      }
      return next({ ctx: { ...ctx, actor: actor satisfies Actor } });
    })
    .use(async ({ ctx, type, next }) => {
      if (type !== "mutation") return next();
      // Webhook deliveries and email queued by the mutation go out right after it commits, without
      // delaying or failing the response (the scheduled jobs retry whatever does not get through).
      const { result, orgIds, email } = await runWithWebhookScope(() => next());
      if (result.ok) {
        // Started here either way; `defer` only keeps them alive past the response on serverless hosts.
        const work = [...orgIds].map((orgId) => kickDeliveries(ctx.db, orgId));
        if (email && ctx.mailer) work.push(flushEmails(ctx.db, { mailer: ctx.mailer, baseUrl: ctx.baseUrl ?? "http://localhost:3000" }));
        for (const w of work) ctx.defer?.(w);
      }
      return result;
    })
    .use(async ({ ctx, type, path, meta, batchIndex, getRawInput, next }) => {
      // Idempotency-Key: innermost, so the key row shares the mutation's transaction, and webhooks
      // and email (the middleware above) go out only after that transaction commits.
      const key = type === "mutation" ? ctx.idempotencyKeys?.[batchIndex ?? 0] : undefined;
      if (!key) return next();
      if (!isValidIdempotencyKey(key)) throw new TRPCError({ code: "BAD_REQUEST", message: "e.idempotency.badKey" });
      const claim: IdempotencyClaim = {
        orgId: ctx.actor.orgId,
        actor: ctx.apiKey ? `apikey:${ctx.apiKey.id}` : `user:${ctx.actor.userId}`,
        key,
        procedure: path,
        hash: requestHash(path, await getRawInput()),
      };
      type Result = Awaited<ReturnType<typeof next>>;
      for (let attempt = 1; ; attempt++) {
        let failed: Result | undefined;
        const outcome = await ctx.db
          .transaction(async (tx) => {
            const stored = await claimKey(tx, claim);
            if (stored !== null) return stored;
            // The procedure's own transactions become savepoints of this one.
            const res = await next({ ctx: { ...ctx, db: tx as unknown as Database } });
            if (!res.ok) {
              failed = res;
              tx.rollback(); // no key without its write: a retry runs the mutation again
            }
            await completeKey(tx, claim, (res as { data: unknown }).data, { secret: !!meta?.onceSecret });
            return res;
          })
          .catch((e: unknown) => {
            if (failed) return failed;
            throw e;
          });
        if (outcome === "vanished") {
          if (attempt < 3) continue;
          throw new TRPCError({ code: "CONFLICT", message: "e.idempotency.inProgress" });
        }
        if (!("requestHash" in outcome)) return outcome;
        // Another call committed under this key.
        if (outcome.requestHash !== claim.hash) {
          throw new TRPCError({ code: "UNPROCESSABLE_CONTENT", message: `e.idempotency.mismatch|procedure=${outcome.procedure}` });
        }
        if (outcome.status === "completed_secret") throw new TRPCError({ code: "CONFLICT", message: "e.idempotency.secretOnce" });
        if (outcome.status !== "completed") throw new TRPCError({ code: "CONFLICT", message: "e.idempotency.inProgress" });
        ctx.resHeaders?.set("idempotent-replayed", "true");
        return { ok: true, data: storedResponse(outcome), ctx, marker: middlewareMarker } as unknown as Result;
      }
    });
}
