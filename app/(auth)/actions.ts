"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { TRPCError } from "@trpc/server";
import { cookies, headers } from "next/headers";
import { auth, signIn, signOut } from "@/server/auth/nextauth";
import { revokeSession } from "@/server/auth/sessions";
import { getDb } from "@/server/db";
import { savedLocaleFor } from "@/server/auth/locale";
import { fieldErrorsOf } from "@/server/api/trpc";
import { translate } from "@/server/i18n";
import { createRequestContext } from "@/server/api/context";
import { createCaller } from "@/server/api/root";
import { isLocale, LOCALE_COOKIE } from "../_i18n/config";

export interface AuthFormState {
  error?: "invalid" | "rate_limited" | "unknown";
  fieldErrors?: Record<string, string[]>;
  message?: string;
}

/** Only same-site relative paths may be redirect targets (no open redirects). */
function safeRedirect(target: unknown): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return "/";
  return target;
}

async function rememberLocale(email: string) {
  const locale = await savedLocaleFor(email);
  if (isLocale(locale)) {
    (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", sameSite: "lax", maxAge: 365 * 86400, httpOnly: false });
  }
}

async function credentialsSignIn(email: string, password: string, redirectTo: string): Promise<AuthFormState> {
  try {
    await signIn("credentials", { email, password, redirectTo });
    return {};
  } catch (e) {
    if (e instanceof AuthError) {
      if (e instanceof CredentialsSignin && e.code === "rate_limited") return { error: "rate_limited" };
      if (e.type === "CredentialsSignin") return { error: "invalid" };
      return { error: "unknown" };
    }
    // Success: signIn throws Next's redirect. Carry the account's saved language along.
    await rememberLocale(email);
    throw e;
  }
}

export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = String(form.get("email") ?? "").slice(0, 254);
  const password = String(form.get("password") ?? "").slice(0, 128);
  if (!email || !password) return { error: "invalid" };
  return credentialsSignIn(email, password, safeRedirect(form.get("callbackUrl")));
}

export async function signUpAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const input = {
    email: String(form.get("email") ?? ""),
    name: String(form.get("name") ?? ""),
    password: String(form.get("password") ?? ""),
    locale: isLocale(form.get("locale")) ? (form.get("locale") as "en" | "zh-CN") : undefined,
  };
  const ctx = await createRequestContext(await headers());
  try {
    await createCaller(ctx).auth.signUp(input);
  } catch (e) {
    if (e instanceof TRPCError) return { fieldErrors: fieldErrorsOf(e, ctx.locale), message: translate(ctx.locale ?? "en", e.message) };
    throw e;
  }
  return credentialsSignIn(input.email, input.password, safeRedirect(form.get("callbackUrl")));
}

/** Signs out here and on the server: the session's row is revoked, so a copy of the cookie stops working too. */
export async function signOutAction() {
  const session = await auth();
  if (session?.user?.id && session.sid) {
    await revokeSession(await getDb(), session.user.id, session.sid).catch(() => false);
  }
  await signOut({ redirectTo: "/sign-in" });
}
