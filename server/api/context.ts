import crypto from "node:crypto";
import { getDb, getReadDb } from "../db";
import { env } from "../env";
import { configuredMailer } from "../mail";
import { auth } from "../auth/nextauth";
import { createSessionReader } from "../auth/session-cache";
import { clientIp } from "../auth/ip";
import { hasRecentWrite, type Context } from "./trpc";
import { IDEMPOTENCY_HEADER, parseIdempotencyHeader } from "../idempotency/service";
import { fromAcceptLanguage, isLocale, LOCALE_COOKIE } from "@/app/_i18n/config";

/** Auth.js's session of the request, decoded once per cookie value (server/auth/session-cache.ts). */
const readSession = createSessionReader(() => auth());

/** The tRPC context for an HTTP request or a server-component render. */
export async function createRequestContext(headers: Headers, resHeaders?: Headers): Promise<Context> {
  const [db, readDb, session] = await Promise.all([getDb(), getReadDb(), readSession(headers.get("cookie"))]);
  const userId = session?.user?.id;
  const sid = session?.sid;
  return {
    db,
    // A token without a server-side session id predates them (or was never issued by this app): signed out.
    session: userId && sid ? { userId, epoch: session.epoch ?? 0, authAt: session.authAt, sid } : null,
    requestId: headers.get("x-request-id")?.slice(0, 64) || crypto.randomUUID(),
    ip: clientIp(headers),
    locale: requestLocale(headers),
    baseUrl: baseUrl(headers),
    mailer: configuredMailer(),
    readDb,
    recentWrite: readDb ? hasRecentWrite(headers) : undefined,
    resHeaders,
    idempotencyKeys: parseIdempotencyHeader(headers.get(IDEMPOTENCY_HEADER)),
  };
}

function requestLocale(headers: Headers) {
  const cookie = headers.get("cookie") ?? "";
  const m = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]+)`).exec(cookie);
  const saved = m?.[1] ? decodeURIComponent(m[1]) : undefined;
  return isLocale(saved) ? saved : fromAcceptLanguage(headers.get("accept-language"));
}

/** The app's absolute origin: AUTH_URL when set, else from the request's host. */
export function baseUrl(headers: Headers): string {
  const configured = env().AUTH_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost:3000";
  const proto = headers.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}
