import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import type { Provider } from "next-auth/providers";
import { env } from "../env";
import { getDb } from "../db";
import { authConfig } from "./config";
import { ZSignInInput } from "./schema";
import { linkOAuthUser, verifyCredentials } from "./service";
import { clientIp } from "./ip";
import { startSession } from "./sessions";
import { headers } from "next/headers";

class RateLimited extends CredentialsSignin {
  code = "rate_limited";
}

function providers(): Provider[] {
  const e = env();
  const list: Provider[] = [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = ZSignInInput.safeParse(raw);
        if (!parsed.success) return null;
        const result = await verifyCredentials(
          await getDb(),
          parsed.data.email,
          parsed.data.password,
          clientIp(request.headers),
        );
        if (!result.ok) {
          if (result.reason === "rate_limited") throw new RateLimited();
          return null;
        }
        return { id: result.user.id, email: result.user.email, name: result.user.name, epoch: result.user.epoch };
      },
    }),
  ];
  if (e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET) {
    list.push(GitHub({ clientId: e.AUTH_GITHUB_ID, clientSecret: e.AUTH_GITHUB_SECRET }));
  }
  if (e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET) {
    list.push(Google({ clientId: e.AUTH_GOOGLE_ID, clientSecret: e.AUTH_GOOGLE_SECRET }));
  }
  if (e.AUTH_OIDC_ISSUER && e.AUTH_OIDC_ID && e.AUTH_OIDC_SECRET) {
    list.push({
      id: "oidc",
      name: e.AUTH_OIDC_NAME ?? "SSO",
      type: "oidc",
      issuer: e.AUTH_OIDC_ISSUER,
      clientId: e.AUTH_OIDC_ID,
      clientSecret: e.AUTH_OIDC_SECRET,
    });
  }
  return list;
}

/** Names of the OAuth/OIDC providers switched on by environment variables (for the sign-in page). */
export function oauthProviders(): { id: string; name: string }[] {
  const e = env();
  const out: { id: string; name: string }[] = [];
  if (e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET) out.push({ id: "github", name: "GitHub" });
  if (e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET) out.push({ id: "google", name: "Google" });
  if (e.AUTH_OIDC_ISSUER && e.AUTH_OIDC_ID && e.AUTH_OIDC_SECRET) out.push({ id: "oidc", name: e.AUTH_OIDC_NAME ?? "SSO" });
  return out;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const e = env();
  const config: NextAuthConfig = {
    ...authConfig,
    secret: e.AUTH_SECRET,
    providers: providers(),
    callbacks: {
      ...authConfig.callbacks,
      async jwt({ token, user, account }) {
        // When the session began (kept across renewals): the absolute timeout counts from here.
        // Sessions from before this field get it on their next renewal.
        if (user && account) token.authAt = Math.floor(Date.now() / 1000);
        else token.authAt ??= Math.floor(Date.now() / 1000);
        if (user && account) {
          if (account.type === "credentials") {
            token.uid = user.id;
            token.epoch = (user as { epoch?: number }).epoch ?? 0;
          } else {
            if (!user.email) throw new Error("The identity provider did not share an email address.");
            const linked = await linkOAuthUser(await getDb(), {
              provider: account.provider,
              providerAccountId: account.providerAccountId,
              email: user.email,
              name: user.name ?? user.email,
            });
            token.uid = linked.id;
            token.epoch = linked.epoch;
          }
          // The server-side session this token stands for: signing out revokes it (server/auth/sessions.ts).
          const h = await headers().catch(() => null);
          token.sid = await startSession(await getDb(), token.uid as string, {
            userAgent: h?.get("user-agent"),
            ip: h ? clientIp(h) : null,
          });
        }
        return token;
      },
    },
  };
  return config;
});
