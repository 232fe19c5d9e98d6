import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import { emailOutbox, notificationPreferences, notifications, organizations, users } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { asMessageLocale } from "../i18n";
import type { Actor } from "../org/actor";
import { markEmailQueued } from "../webhooks/outbox";
import { notificationEmail } from "./email";
import { effective, PREFERENCE_KEYS, PREFERENCES, preferenceOf, type PreferenceKey } from "./kinds";
import type { TUpdatePreferencesInput } from "./schema";

/**
 * Notifies people, as each of them chose for this kind of notification: an in-app notification
 * (rows in Postgres, so every instance sees them) and/or an email queued in the outbox, in the
 * person's language (theirs, else the organisation's), in the same transaction as the change that
 * caused it. Email is sent by the outbox sender (server/notifications/email.ts), never here.
 */
export async function notify(
  tx: DbOrTx,
  orgId: string,
  userIds: Iterable<string>,
  n: { kind: string; params?: Record<string, string>; link?: string },
) {
  const ids = [...new Set(userIds)];
  if (!ids.length) return;
  const params = n.params ?? {};
  const link = n.link ?? "";
  const key = preferenceOf(n.kind);
  const people = await tx
    .select({ id: users.id, address: users.email, locale: users.locale, disabledAt: users.disabledAt, inApp: notificationPreferences.inApp, mail: notificationPreferences.email })
    .from(users)
    .leftJoin(
      notificationPreferences,
      and(eq(notificationPreferences.orgId, orgId), eq(notificationPreferences.userId, users.id), eq(notificationPreferences.kind, key ?? "")),
    )
    .where(inArray(users.id, ids));
  const choices = people.map((p) => ({ ...p, ...effective(key, p.inApp === null ? null : { inApp: p.inApp, email: p.mail! }) }));
  const inApp = choices.filter((p) => p.inApp);
  if (inApp.length) {
    await tx.insert(notifications).values(inApp.map((p) => ({ orgId, userId: p.id, kind: n.kind, params, link })));
  }
  const mail = choices.filter((p) => p.email && !p.disabledAt && p.address.includes("@"));
  if (!mail.length) return;
  const [org] = await tx
    .select({ name: organizations.name, slug: organizations.slug, defaultLocale: organizations.defaultLocale })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!org) return;
  await tx.insert(emailOutbox).values(
    mail.map((p) => {
      const locale = asMessageLocale(p.locale) ?? asMessageLocale(org.defaultLocale) ?? "en";
      const content = notificationEmail(locale, { kind: n.kind, params, link }, org);
      return { orgId, userId: p.id, to: p.address, kind: n.kind, ...content };
    }),
  );
  markEmailQueued();
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
