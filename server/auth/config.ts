import type { NextAuthConfig } from "next-auth";

/**
 * Static part of the auth configuration (no database imports); the full configuration is in
 * server/auth/nextauth.ts. There is no proxy: pages redirect signed-out visitors themselves and
 * every tRPC procedure authorizes on the server. JWT sessions carry the user id and a session
 * epoch; every request re-checks the epoch against the database (server/org/actor.ts).
 */
/** Idle timeout: a session unused this long ends (the cookie is renewed at most hourly while in use). */
export const SESSION_MAX_AGE_S = 7 * 24 * 3600;
/** Absolute timeout: however active, a session ends this long after its sign-in. */
export const SESSION_ABSOLUTE_MAX_AGE_S = 30 * 24 * 3600;

/** Whether a session signed in at `authAt` (seconds) is past the absolute timeout at `now`. */
export function pastAbsoluteTimeout(authAt: number | undefined, now = Date.now()): boolean {
  return authAt !== undefined && now / 1000 - authAt > SESSION_ABSOLUTE_MAX_AGE_S;
}

export const authConfig = {
  pages: { signIn: "/sign-in" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S, updateAge: 3600 },
  trustHost: true,
  providers: [],
  callbacks: {
    session({ session, token }) {
      if (token.uid) {
        session.user.id = token.uid as string;
        (session as unknown as { epoch: number }).epoch = (token.epoch as number | undefined) ?? 0;
        (session as unknown as { authAt?: number }).authAt = token.authAt as number | undefined;
        (session as unknown as { sid?: string }).sid = token.sid as string | undefined;
      }
      return session;
    },
  },
} satisfies NextAuthConfig;
