import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { notifications } from "@/db/schema";
import type { Actor } from "../org/actor";

/** Queues in-app notifications (rows in Postgres, so every instance sees them). */
export async function notify(
  tx: DbOrTx,
  orgId: string,
  userIds: Iterable<string>,
  n: { kind: string; params?: Record<string, string>; link?: string },
) {
  const ids = [...new Set(userIds)];
  if (!ids.length) return;
  await tx.insert(notifications).values(ids.map((userId) => ({ orgId, userId, kind: n.kind, params: n.params ?? {}, link: n.link ?? "" })));
}

export async function listNotifications(db: DbOrTx, actor: Actor, limit = 30) {
  const [items, [unread]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(and(eq(notifications.orgId, actor.orgId), eq(notifications.userId, actor.userId)))
      .orderBy(desc(notifications.createdAt))
      .limit(limit),
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.orgId, actor.orgId), eq(notifications.userId, actor.userId), isNull(notifications.readAt))),
  ]);
  return { items, unread: unread?.n ?? 0 };
}

/** Marks the given notifications (or all, when none given) of the actor as read. */
export async function markRead(db: DbOrTx, actor: Actor, ids?: string[]) {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.orgId, actor.orgId),
        eq(notifications.userId, actor.userId),
        isNull(notifications.readAt),
        ids?.length ? inArray(notifications.id, ids) : undefined,
      ),
    );
  return { ok: true as const };
}
