/**
 * Field-level checks: what no procedure or API response may ever contain. Stored secrets are read from
 * the database (password hashes, API key hashes, invitation token hashes, webhook signing secrets) and
 * compared with every string of a response; keys that name such fields must not appear at all.
 */
import { isNotNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { apiKeys, invitations, users, webhooks } from "@/db/schema";

/** Field names that would carry a secret or its hash. */
export const SECRET_FIELD = /^(password|passwordHash|password_hash|hash|keyHash|key_hash|tokenHash|token_hash|secret)$/;

/** Procedures that hand a secret to its admin exactly once, on purpose (a new webhook's signing secret). */
export const RETURNS_SECRET_ONCE = new Set(["webhook.create", "webhook.rotateSecret"]);

export async function storedSecrets(db: Database): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const r of await db.select({ v: users.passwordHash }).from(users).where(isNotNull(users.passwordHash))) out.set(r.v!, "a password hash");
  for (const r of await db.select({ v: apiKeys.hash }).from(apiKeys)) out.set(r.v, "an API key hash");
  for (const r of await db.select({ v: invitations.tokenHash }).from(invitations)) out.set(r.v, "an invitation token hash");
  for (const r of await db.select({ v: webhooks.secret }).from(webhooks)) out.set(r.v, "a webhook signing secret");
  return out;
}

/** Every string value and every field name in a response (dates and other objects walked through). */
export function collect(value: unknown, strings = new Set<string>(), keys = new Set<string>(), depth = 0): { strings: Set<string>; keys: Set<string> } {
  if (depth > 30 || value === null || value === undefined) return { strings, keys };
  if (typeof value === "string") strings.add(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, strings, keys, depth + 1);
  else if (typeof value === "object" && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      keys.add(k);
      collect(v, strings, keys, depth + 1);
    }
  }
  return { strings, keys };
}

/** What a response leaks: secret-named fields, and stored secrets among its strings (including inside longer text). */
export function leaksIn(response: unknown, secrets: Map<string, string>): string[] {
  const { strings, keys } = collect(response);
  const found: string[] = [];
  for (const k of keys) if (SECRET_FIELD.test(k)) found.push(`a field named "${k}"`);
  for (const s of strings) {
    for (const [secret, what] of secrets) {
      if (s.includes(secret)) found.push(what);
    }
  }
  return found;
}
