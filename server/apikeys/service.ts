import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import { apiKeys, users } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { AppError, fieldError, notFound } from "../errors";
import { assignableRoles } from "../rbac/permissions";
import type { Actor } from "../org/actor";
import { generateApiKey } from "./keys";
import type { TCreateApiKeyInput } from "./schema";

/** What the audit trail keeps of a key: never its hash. */
function auditView(k: typeof apiKeys.$inferSelect) {
  return { name: k.name, prefix: k.prefix, role: k.role, expiresAt: k.expiresAt, revokedAt: k.revokedAt };
}

/**
 * Creates a key with a role no higher than the creator's. The whole key is returned this once; only
 * its SHA-256 hash and a short display prefix are stored.
 */
export async function createApiKey(db: Database, actor: Actor, input: TCreateApiKeyInput, now = new Date()) {
  if (!assignableRoles(actor.role).includes(input.role)) {
    throw new AppError("FORBIDDEN", `e.cannotAssignRole|role=${actor.role}|target=${input.role}`);
  }
  // A key "expiring on" a day works through that day (UTC).
  const expiresAt = input.expiresOn ? new Date(Date.parse(`${input.expiresOn}T00:00:00Z`) + 86_400_000) : null;
  if (expiresAt && expiresAt <= now) throw fieldError("expiresOn", "e.apiKeyExpiryPast");
  const { key, prefix, hash } = generateApiKey();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ orgId: actor.orgId, name: input.name, prefix, hash, role: input.role, createdById: actor.userId, expiresAt })
      .returning();
    await recordAudit(tx, actor, { entityType: "apiKey", entityId: row!.id, action: "create", after: auditView(row!) });
    return { id: row!.id, name: row!.name, prefix: row!.prefix, role: row!.role, expiresAt: row!.expiresAt, key };
  });
}

/** Revokes a key at once (the next request with it is refused). Revoking twice is NOT_FOUND. */
export async function revokeApiKey(db: Database, actor: Actor, apiKeyId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, apiKeyId), eq(apiKeys.orgId, actor.orgId), isNull(apiKeys.revokedAt)))
      .for("update");
    if (!before) throw notFound("apiKey");
    const [row] = await tx.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, before.id)).returning();
    await recordAudit(tx, actor, { entityType: "apiKey", entityId: row!.id, action: "revoke", before: auditView(before), after: auditView(row!) });
    return { id: row!.id, revokedAt: row!.revokedAt };
  });
}

/** The organisation's keys, newest first, with who created them (no hashes). */
export async function listApiKeys(db: DbOrTx, actor: Actor) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      role: apiKeys.role,
      createdAt: apiKeys.createdAt,
      createdBy: { id: users.id, name: users.name },
      lastUsedAt: apiKeys.lastUsedAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdById))
    .where(eq(apiKeys.orgId, actor.orgId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(500);
}
