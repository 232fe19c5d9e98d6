import type { NextAuthConfig } from "next-auth";

/**
 * Static part of the auth configuration (no database imports); the full configuration is in
 * server/auth/nextauth.ts. There is no proxy: pages redirect signed-out visitors themselves and
 * every tRPC procedure authorizes on the server. JWT sessions carry the user id and a session
 * epoch; every request re-checks the epoch against the database (server/org/actor.ts).
 */
export const SESSION_MAX_AGE_S = 7 * 24 * 3600;

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
      }
      return session;
    },
  },
} satisfies NextAuthConfig;
