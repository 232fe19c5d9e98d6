import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import { emailOutbox, notificationPreferences, notifications, organizations, users } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { asMessageLocale } from "../i18n";
import type { Actor } from "../org/actor";
import { markEmailQueued } from "../webhooks/outbox";
import { pendingWrites, type PendingNotification } from "../audit/pending";
import { notificationEmail } from "./email";
import { effective, PREFERENCE_KEYS, PREFERENCES, preferenceOf, type PreferenceKey } from "./kinds";
import type { TUpdatePreferencesInput } from "./schema";

/**
 * Notifies people, as each of them chose for this kind of notification: an in-app notification
 * (rows in Postgres, so every instance sees them) and/or an email queued in the outbox, in the
 * person's language (theirs, else the organisation's), in the same transaction as the change that
 * caused it. Email is sent by the outbox sender (server/notifications/email.ts), never here. Inside
 * withBatchedWrites (server/audit/batch.ts) the notification is collected and written with the
 * transaction's others just before it commits.
 */
export async function notify(
  tx: DbOrTx,
  orgId: string,
  userIds: Iterable<string>,
  n: { kind: string; params?: Record<string, string>; link?: string },
) {
  const ids = [...new Set(userIds)];
  if (!ids.length) return;
  const item = { orgId, userIds: ids, n };
  const pending = pendingWrites(tx);
  if (pending) pending.notifications.push(item);
  else await writeNotifications(tx, [item]);
}

/**
 * Writes notifications: one statement reads every recipient with their preferences for the kinds at
 * hand and the organisation (for email), one inserts the in-app rows and the queued email together.
 */
export async function writeNotifications(tx: DbOrTx, items: PendingNotification[]) {
  for (const orgId of [...new Set(items.map((i) => i.orgId))]) {
    const mine = items.filter((i) => i.orgId === orgId);
    const keys = [...new Set(mine.map((i) => preferenceOf(i.n.kind) ?? ""))];
    const rows = await tx
      .select({
        id: users.id,
        address: users.email,
        locale: users.locale,
        disabledAt: users.disabledAt,
        kind: notificationPreferences.kind,
        inApp: notificationPreferences.inApp,
        mail: notificationPreferences.email,
        orgName: organizations.name,
        orgSlug: organizations.slug,
        orgLocale: organizations.defaultLocale,
      })
      .from(users)
      .leftJoin(organizations, eq(organizations.id, orgId))
      .leftJoin(
        notificationPreferences,
        and(eq(notificationPreferences.orgId, orgId), eq(notificationPreferences.userId, users.id), inArray(notificationPreferences.kind, keys)),
      )
      .where(inArray(users.id, [...new Set(mine.flatMap((i) => i.userIds))]));
    const people = new Map<string, (typeof rows)[number]>();
    const prefs = new Map<string, { inApp: boolean; email: boolean }>();
    for (const r of rows) {
      people.set(r.id, r);
      if (r.kind !== null) prefs.set(`${r.id} ${r.kind}`, { inApp: r.inApp!, email: r.mail! });
    }
    const first = rows[0];
    const org = first?.orgSlug != null ? { name: first.orgName!, slug: first.orgSlug, defaultLocale: first.orgLocale! } : null;
    const inApp: (typeof notifications.$inferInsert)[] = [];
    const mail: (typeof emailOutbox.$inferInsert)[] = [];
    for (const { userIds, n } of mine) {
      const params = n.params ?? {};
      const link = n.link ?? "";
      const key = preferenceOf(n.kind);
      for (const id of userIds) {
        const p = people.get(id);
        if (!p) continue;
        const choice = effective(key, key ? prefs.get(`${id} ${key}`) : null);
        if (choice.inApp) inApp.push({ orgId, userId: id, kind: n.kind, params, link });
        if (choice.email && !p.disabledAt && p.address.includes("@") && org) {
          const locale = asMessageLocale(p.locale) ?? asMessageLocale(org.defaultLocale) ?? "en";
          const content = notificationEmail(locale, { kind: n.kind, params, link }, org);
          mail.push({ orgId, userId: id, to: p.address, kind: n.kind, ...content });
        }
      }
    }
    if (inApp.length && mail.length) {
      const inserted = tx.$with("notification_insert").as(tx.insert(notifications).values(inApp));
      await tx.with(inserted).insert(emailOutbox).values(mail);
    } else if (inApp.length) {
      await tx.insert(notifications).values(inApp);
    } else if (mail.length) {
      await tx.insert(emailOutbox).values(mail);
    }
    if (mail.length) markEmailQueued();
  }
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

/** The actor's notification preferences in this organisation: every preference, stored or default. */
export async function getPreferences(db: DbOrTx, actor: Actor) {
  const rows = await db
    .select()
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.orgId, actor.orgId), eq(notificationPreferences.userId, actor.userId)));
  const stored = new Map(rows.map((r) => [r.kind, r]));
  return PREFERENCE_KEYS.map((key) => ({
    kind: key,
    ...effective(key, stored.get(key)),
    /** False when the preference has no in-app side (the weekly digest is email only). */
    inAppAvailable: PREFERENCES[key].inApp !== null,
    defaults: { inApp: PREFERENCES[key].inApp ?? false, email: PREFERENCES[key].email },
  }));
}

/** Saves the actor's own preferences (the ones given; others keep theirs). */
export async function updatePreferences(db: Database, actor: Actor, input: TUpdatePreferencesInput) {
  return db.transaction(async (tx) => {
    const before = await getPreferences(tx, actor);
    const now = new Date();
    for (const p of input.preferences) {
      const key = p.kind as PreferenceKey;
      const inApp = PREFERENCES[key].inApp === null ? false : p.inApp;
      await tx
        .insert(notificationPreferences)
        .values({ orgId: actor.orgId, userId: actor.userId, kind: key, inApp, email: p.email, updatedAt: now })
        .onConflictDoUpdate({
          target: [notificationPreferences.orgId, notificationPreferences.userId, notificationPreferences.kind],
          set: { inApp, email: p.email, updatedAt: now },
        });
    }
    const after = await getPreferences(tx, actor);
    const brief = (list: typeof before) => Object.fromEntries(list.map((p) => [p.kind, { inApp: p.inApp, email: p.email }]));
    await recordAudit(tx, actor, {
      entityType: "membership",
      entityId: actor.membershipId,
      action: "notification_preferences",
      before: brief(before),
      after: brief(after),
    });
    return after;
  });
}
