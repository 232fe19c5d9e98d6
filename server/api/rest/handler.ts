import crypto from "node:crypto";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { Database } from "@/db/client";
import { fromAcceptLanguage } from "@/app/_i18n/config";
import { authenticateApiKey, hitRateLimit } from "../../apikeys/auth";
import { clientIp } from "../../auth/ip";
import { translate, type MessageLocale } from "../../i18n";
import { logger } from "../../log";
import { IDEMPOTENCY_HEADER } from "../../idempotency/service";
import { createCaller } from "../root";
import { isDatabaseUnavailable, rootCauseOf } from "../../errors";
import { errorMessageOf, fieldErrorsOf, RETRY_AFTER_SECONDS, type Context } from "../trpc";
import { inputSchemaOf, openApiDocument } from "./openapi";
import { matchRoute, type RestRoute } from "./routes";

export const API_PREFIX = "/api/v1";
const MAX_BODY_BYTES = 1_000_000;

export interface ApiHandlerOptions {
  db: () => Promise<Database>;
  /** Requests per key per minute. */
  rateLimitPerMinute: number;
  /** The app's absolute origin (for the OpenAPI document's server URL); else from the request. */
  baseUrl?: string;
  now?: () => Date;
}

interface ErrorBody {
  code: string;
  message: string;
  fieldErrors?: Record<string, string[]>;
  requestId?: string;
}

function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

const fail = (status: number, error: ErrorBody, headers?: Record<string, string>) => json({ error }, status, headers);

/** 503: the database cannot be reached; the client should retry after a few seconds. */
const unavailable = (locale: MessageLocale, requestId: string) =>
  fail(503, { code: "SERVICE_UNAVAILABLE", message: translate(locale, "e.unavailable"), requestId }, { "retry-after": String(RETRY_AFTER_SECONDS) });

/**
 * The handler of /api/v1/*: authenticates the Bearer API key, counts the request against the key's
 * rate limit, and calls the route's tRPC procedure with a context carrying the key (ctx.apiKey), so
 * orgProcedure authorises it with the same permission table as the app. Errors are JSON
 * `{ error: { code, message, fieldErrors? } }` with the tRPC error's HTTP status.
 */
export function createApiHandler(opts: ApiHandlerOptions) {
  return async function handleApiRequest(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const requestId = req.headers.get("x-request-id")?.slice(0, 64) || crypto.randomUUID();
    const locale: MessageLocale = fromAcceptLanguage(req.headers.get("accept-language"));
    const t = (key: string) => translate(locale, key);
    const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname;

    if (path === "/openapi.json") {
      if (req.method !== "GET") return fail(405, { code: "METHOD_NOT_SUPPORTED", message: t("e.api.method") }, { allow: "GET" });
      return json(openApiDocument(opts.baseUrl ?? url.origin), 200, { "cache-control": "public, max-age=300" });
    }

    const match = matchRoute(req.method, path);
    if ("error" in match) {
      return match.error === "NOT_FOUND"
        ? fail(404, { code: "NOT_FOUND", message: t("e.api.noRoute"), requestId })
        : fail(405, { code: "METHOD_NOT_SUPPORTED", message: t("e.api.method"), requestId }, { allow: match.allow!.join(", ") });
    }

    const auth = req.headers.get("authorization") ?? "";
    const token = /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1];
    const unauthorized = () =>
      fail(401, { code: "UNAUTHORIZED", message: t("e.api.badKey"), requestId }, { "www-authenticate": 'Bearer realm="lodestar"' });
    if (!token) return unauthorized();

    // Authentication and the rate limit read the database too: an outage is a 503 here as well.
    let db: Database;
    let apiKey: Awaited<ReturnType<typeof authenticateApiKey>>;
    let limit: Awaited<ReturnType<typeof hitRateLimit>>;
    const now = opts.now?.() ?? new Date();
    try {
      db = await opts.db();
      apiKey = await authenticateApiKey(db, token, now);
      if (!apiKey) return unauthorized();
      limit = await hitRateLimit(db, `api:${apiKey.id}`, opts.rateLimitPerMinute, now);
    } catch (e) {
      if (isDatabaseUnavailable(e)) {
        logger.warn({ requestId, route: match.route.operationId, err: rootCauseOf(e) }, "api database unavailable");
        return unavailable(locale, requestId);
      }
      logger.error({ requestId, route: match.route.operationId, err: String(e) }, "api unexpected error");
      return fail(500, { code: "INTERNAL_SERVER_ERROR", message: translate(locale, `e.internal|ref=${requestId}`), requestId });
    }
    const limitHeaders = {
      "x-ratelimit-limit": String(limit.limit),
      "x-ratelimit-remaining": String(limit.remaining),
      "x-ratelimit-reset": String(limit.resetInSeconds),
    };
    if (!limit.allowed) {
      return fail(
        429,
        { code: "TOO_MANY_REQUESTS", message: translate(locale, `e.api.rateLimited|seconds=${limit.resetInSeconds}`), requestId },
        { ...limitHeaders, "retry-after": String(limit.resetInSeconds) },
      );
    }

    const input = await readInput(req, match.route, match.params, url);
    if ("error" in input) return fail(400, { code: "BAD_REQUEST", message: t(input.error), requestId }, limitHeaders);

    // One key per request (no batches here): a comma is simply an invalid key character.
    const idempotencyKey = match.route.method === "POST" ? req.headers.get(IDEMPOTENCY_HEADER) : null;
    const resHeaders = new Headers();
    const ctx: Context = {
      db,
      session: null,
      requestId,
      ip: clientIp(req.headers),
      locale,
      baseUrl: opts.baseUrl ?? url.origin,
      apiKey,
      resHeaders,
      idempotencyKeys: idempotencyKey != null ? [idempotencyKey.trim()] : undefined,
    };
    try {
      const result = await callProcedure(createCaller(ctx), match.route.procedure, input.value);
      const replayed = resHeaders.get("idempotent-replayed");
      return json(result ?? null, match.route.status, { ...limitHeaders, ...(replayed ? { "idempotent-replayed": replayed } : {}) });
    } catch (e) {
      const error = e instanceof TRPCError ? e : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: e });
      if (error.code === "INTERNAL_SERVER_ERROR") {
        logger.error({ requestId, route: match.route.operationId, err: String(error.cause ?? error) }, "api unexpected error");
      }
      return fail(
        getHTTPStatusCodeFromError(error),
        { code: error.code, message: errorMessageOf(error, locale, requestId), fieldErrors: fieldErrorsOf(error, locale), requestId },
        error.code === "SERVICE_UNAVAILABLE" ? { ...limitHeaders, "retry-after": String(RETRY_AFTER_SECONDS) } : limitHeaders,
      );
    }
  };
}

function callProcedure(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (i: unknown) => Promise<unknown>;
  return fn(input);
}

/**
 * The procedure's input: path params, then the query string (GET; numbers and booleans converted
 * following the input schema, repeated keys for arrays) or the JSON body (POST). Path params win.
 */
async function readInput(
  req: Request,
  route: RestRoute,
  params: Record<string, string>,
  url: URL,
): Promise<{ value: Record<string, unknown> } | { error: string }> {
  if (route.method === "GET") {
    const { properties } = inputSchemaOf(route);
    const out: Record<string, unknown> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const type = properties[key]?.type;
      const values = url.searchParams.getAll(key);
      out[key] = type === "array" ? values : coerce(values[values.length - 1]!, type);
    }
    return { value: { ...out, ...params } };
  }
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) return { error: "e.api.json" };
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) return { error: "e.api.tooLarge" };
  let body: unknown;
  try {
    body = text.trim() ? JSON.parse(text) : {};
  } catch {
    return { error: "e.api.json" };
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) return { error: "e.api.json" };
  return { value: { ...(body as Record<string, unknown>), ...params } };
}

function coerce(value: string, type: unknown): unknown {
  if ((type === "integer" || type === "number") && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}
