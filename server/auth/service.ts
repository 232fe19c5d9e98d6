import { and, count, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { loginAttempts, oauthAccounts, users } from "@/db/schema";
import { AppError, fieldError } from "../errors";
import { dummyHash, hashPassword, verifyPassword } from "./password";
import { isWeakPassword } from "./password-policy";
import type { TSignUpInput } from "./schema";
import { ZChangePasswordInput, ZUpdateProfileInput } from "./schema";
import type { z } from "zod";

export const LOGIN_LIMITS = { windowMinutes: 15, perEmail: 10, perIp: 50 } as const;

export async function signUp(db: DbOrTx, input: TSignUpInput) {
  if (isWeakPassword(input.password, input.email)) {
    throw fieldError("password", "e.commonPassword");
  }
  const passwordHash = await hashPassword(input.password);
  const [row] = await db
    .insert(users)
    .values({ email: input.email, name: input.name, passwordHash, locale: input.locale ?? null })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id, email: users.email, name: users.name });
  if (!row) throw fieldError("email", "e.emailTaken");
  return row;
}

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; epoch: number } }
  | { ok: false; reason: "invalid" | "rate_limited" };

/**
 * Checks an email and password. Failures are counted in Postgres (shared by every instance):
 * past the per-email or per-IP limit within the window, sign-in is refused without checking.
 * Unknown email and wrong password give the same answer and take the same time.
 */
export async function verifyCredentials(
  db: DbOrTx,
  email: string,
  password: string,
  ip: string,
  now = new Date(),
): Promise<SignInResult> {
  const normalized = email.trim().toLowerCase();
  const since = new Date(now.getTime() - LOGIN_LIMITS.windowMinutes * 60_000);
  const [counts] = await db
    .select({
      byEmail: sql<number>`count(*) filter (where ${loginAttempts.email} = ${normalized})`.mapWith(Number),
      byIp: sql<number>`count(*) filter (where ${loginAttempts.ip} = ${ip})`.mapWith(Number),
    })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.success, false),
        gt(loginAttempts.createdAt, since),
        sql`(${loginAttempts.email} = ${normalized} or ${loginAttempts.ip} = ${ip})`,
      ),
    );
  if ((counts?.byEmail ?? 0) >= LOGIN_LIMITS.perEmail || (counts?.byIp ?? 0) >= LOGIN_LIMITS.perIp) {
    return { ok: false, reason: "rate_limited" };
  }
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      passwordHash: users.passwordHash,
      epoch: users.sessionEpoch,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(eq(users.email, normalized))
    .limit(1);
  const ok = user?.passwordHash
    ? await verifyPassword(user.passwordHash, password)
    : (await verifyPassword(await dummyHash(), password), false);
  const success = ok && !!user && !user.disabledAt;
  await db.insert(loginAttempts).values({ email: normalized, ip, success, createdAt: now });
  if (!success || !user) return { ok: false, reason: "invalid" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, epoch: user.epoch } };
}

export async function countRecentFailures(db: DbOrTx, email: string) {
  const [row] = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email.toLowerCase()), eq(loginAttempts.success, false)));
  return row?.n ?? 0;
}

export async function updateProfile(db: DbOrTx, userId: string, input: z.infer<typeof ZUpdateProfileInput>) {
  const [row] = await db
    .update(users)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      updatedAt: new Date(),
      version: sql`${users.version} + 1`,
    })
    .where(eq(users.id, userId))
    .returning({ id: users.id, name: users.name, email: users.email, locale: users.locale });
  if (!row) throw new AppError("NOT_FOUND", "e.notFound|what=user");
  return row;
}

/** Ends every session of the user: tokens carry the epoch, which no longer matches. */
export async function signOutEverywhere(db: DbOrTx, userId: string) {
  await db
    .update(users)
    .set({ sessionEpoch: sql`${users.sessionEpoch} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId));
}

export async function changePassword(db: DbOrTx, userId: string, input: z.infer<typeof ZChangePasswordInput>) {
  const [user] = await db
    .select({ passwordHash: users.passwordHash, email: users.email })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  const email = user?.email;
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw fieldError("currentPassword", "e.wrongPassword");
  }
  if (isWeakPassword(input.newPassword, email)) {
    throw fieldError("newPassword", "e.commonPassword");
  }
  const passwordHash = await hashPassword(input.newPassword);
  const [row] = await db
    .update(users)
    .set({ passwordHash, sessionEpoch: sql`${users.sessionEpoch} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning({ epoch: users.sessionEpoch });
  return { epoch: row!.epoch };
}

/** Finds or creates the user for an OAuth/OIDC identity, linking by (verified) email. */
export async function linkOAuthUser(
  db: DbOrTx,
  identity: { provider: string; providerAccountId: string; email: string; name: string },
) {
  const email = identity.email.toLowerCase();
  const [linked] = await db
    .select({ id: users.id, epoch: users.sessionEpoch })
    .from(oauthAccounts)
    .innerJoin(users, eq(users.id, oauthAccounts.userId))
    .where(and(eq(oauthAccounts.provider, identity.provider), eq(oauthAccounts.providerAccountId, identity.providerAccountId)))
    .limit(1);
  if (linked) return linked;
  await db.insert(users).values({ email, name: identity.name.slice(0, 100) }).onConflictDoNothing({ target: users.email });
  const [user] = await db
    .select({ id: users.id, epoch: users.sessionEpoch })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  await db
    .insert(oauthAccounts)
    .values({ provider: identity.provider, providerAccountId: identity.providerAccountId, userId: user!.id })
    .onConflictDoNothing();
  return user!;
}
