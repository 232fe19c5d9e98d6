/**
 * Decoding the session cookie is the costliest step of an authenticated request after the database:
 * Auth.js derives the encryption key (HKDF) and decrypts the JWE on every call, through its full
 * request pipeline (bench/ANALYSIS.md: ~14 % of the server's CPU per tRPC request). The same cookie
 * decodes to the same claims, so the decoded session is kept for a minute per cookie value.
 *
 * This caches only the cryptography, not the authorisation: every request still checks the session's
 * row, the user and the membership in the database (server/org/actor.ts), so signing out, "sign out
 * everywhere", a password change or a disabled account take effect on the next request as before.
 * A request without a session cookie is signed out without calling Auth.js at all.
 */

/** The session cookie(s) of a Cookie header (Auth.js splits large tokens into `.0`, `.1`… chunks). */
export function sessionCookieOf(cookieHeader: string | null | undefined): string {
  if (!cookieHeader) return "";
  const parts: string[] = [];
  for (const m of cookieHeader.matchAll(/(?:^|;)\s*((?:__Secure-)?authjs\.session-token(?:\.\d+)?)=([^;]*)/g)) {
    if (m[2]) parts.push(`${m[1]}=${m[2]}`);
  }
  return parts.join(";");
}

export interface SessionReaderOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * Wraps a session loader (Auth.js's `auth()`) with a small cache keyed by the session cookie's value.
 * Signed-out answers (null) are not cached: a garbage cookie costs the full decode each time, but
 * cannot fill the cache.
 */
export function createSessionReader<S>(load: () => Promise<S | null>, opts: SessionReaderOptions = {}) {
  const ttlMs = opts.ttlMs ?? 60_000;
  const maxEntries = opts.maxEntries ?? 10_000;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { session: S; until: number }>();
  return async function readSession(cookieHeader: string | null | undefined): Promise<S | null> {
    const key = sessionCookieOf(cookieHeader);
    if (!key) return null;
    const hit = cache.get(key);
    if (hit) {
      if (hit.until > now()) return hit.session;
      cache.delete(key);
    }
    const session = await load();
    if (session) {
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
      cache.set(key, { session, until: now() + ttlMs });
    }
    return session;
  };
}
