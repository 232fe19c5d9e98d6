import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { emailOutbox, jobRuns, memberships, notificationPreferences, organizations, users } from "@/db/schema";
import { myWork } from "../dashboard/my-work";
import { message, asMessageLocale, type MessageLocale } from "../i18n";
import { isoWeek } from "../okrs/reminders";
import { loadActor } from "../org/actor";
import { emailLink, footer, ORIGIN } from "./email";
import { effective } from "./kinds";

type Work = Awaited<ReturnType<typeof myWork>>;

const MAX_LINES = 5;
const clean = (s: string) => s.split(ORIGIN).join("");

/** The digest's content, or null when nothing is waiting for the person. */
export function digestEmail(locale: MessageLocale, work: Work, org: { name: string; slug: string }) {
  const krs = work.keyResults.filter((k) => k.due);
  const sections: { key: string; count: number; lines: string[]; link: string }[] = [
    { key: "keyResults", count: krs.length, lines: krs.map((k) => k.title), link: `/${org.slug}/okrs/mine` },
    {
      key: "approvals",
      count: work.approvals.items.length,
      lines: work.approvals.items.map((a) => a.title),
      link: `/${org.slug}/approvals`,
    },
    {
      key: "actions",
      count: work.actions.length,
      lines: work.actions.map((a) => (a.overdue ? `${a.title} (${message(locale, "notifications.digest.overdue", { date: a.dueOn ?? "" })})` : a.title)),
      link: `/${org.slug}/my-work`,
    },
    { key: "risks", count: work.risks.length, lines: work.risks.map((r) => r.title), link: `/${org.slug}/my-work` },
    { key: "campaigns", count: work.campaigns.length, lines: work.campaigns.map((c) => c.name), link: `/${org.slug}/my-work` },
  ].filter((s) => s.count > 0);
  if (!sections.length) return null;
  const total = sections.reduce((n, s) => n + s.count, 0);
  const text = [message(locale, "notifications.digest.intro", { org: clean(org.name) }), ""];
  for (const s of sections) {
    const extra = work.approvals.more && s.key === "approvals" ? "+" : "";
    text.push(`${message(locale, `notifications.digest.${s.key}`, { count: s.count })}${extra}`);
    for (const line of s.lines.slice(0, MAX_LINES)) text.push(`  • ${clean(line)}`);
    if (s.lines.length > MAX_LINES) text.push(`  • ${message(locale, "notifications.digest.more", { count: s.lines.length - MAX_LINES })}`);
    text.push(`  ${emailLink(s.link)}`, "");
  }
  text.push(message(locale, "notifications.digest.open", { link: emailLink(`/${org.slug}/my-work`) }), "", "—", footer(locale, org));
  return { subject: message(locale, "notifications.digest.subject", { org: clean(org.name), count: total }), text: text.join("\n") };
}

/**
 * The weekly digest: once per ISO week, every member whose "weeklyDigest" email preference is on
 * (the default) and who has something waiting (key results to check in, approvals, open action
 * items, risks due for review, live campaigns; the "My work" page's content) gets one email. Each
 * person's digest is queued with a dedupe key for the week, so a second run (or a second instance)
 * queues nothing twice; the week is marked done in job_runs so later runs skip the work entirely.
 */
export async function weeklyDigests(db: Database, now = new Date()) {
  const window = isoWeek(now);
  const [claimed] = await db
    .insert(jobRuns)
    .values({ job: "weekly_digest", window, startedAt: now })
    .onConflictDoNothing()
    .returning({ id: jobRuns.id });
  let runId = claimed?.id;
  if (!runId) {
    const [prev] = await db.select().from(jobRuns).where(and(eq(jobRuns.job, "weekly_digest"), eq(jobRuns.window, window)));
    // Done this week, or running elsewhere: nothing to do. A failed run is taken over (the dedupe keys keep it once per person).
    if (!prev || prev.ok !== false) return { window, skipped: true, queued: 0, nothing: 0 };
    runId = prev.id;
    await db.update(jobRuns).set({ startedAt: now, ok: null, finishedAt: null }).where(eq(jobRuns.id, runId));
  }
  try {
    const people = await db
      .select({
        userId: users.id,
        email: users.email,
        locale: users.locale,
        orgId: organizations.id,
        slug: organizations.slug,
        orgName: organizations.name,
        orgLocale: organizations.defaultLocale,
        inApp: notificationPreferences.inApp,
        mail: notificationPreferences.email,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(organizations, eq(organizations.id, memberships.orgId))
      .leftJoin(
        notificationPreferences,
        and(
          eq(notificationPreferences.orgId, memberships.orgId),
          eq(notificationPreferences.userId, memberships.userId),
          eq(notificationPreferences.kind, "weeklyDigest"),
        ),
      )
      .where(isNull(users.disabledAt));
    let queued = 0;
    let nothing = 0;
    for (const p of people) {
      const choice = effective("weeklyDigest", p.mail === null ? null : { inApp: false, email: p.mail });
      if (!choice.email || !p.email.includes("@")) continue;
      const actor = await loadActor(db, p.userId, p.slug);
      if (!actor) continue;
      const locale = asMessageLocale(p.locale) ?? asMessageLocale(p.orgLocale) ?? "en";
      const content = digestEmail(locale, await myWork(db, actor, now), { name: p.orgName, slug: p.slug });
      if (!content) {
        nothing++;
        continue;
      }
      const rows = await db
        .insert(emailOutbox)
        .values({ orgId: p.orgId, userId: p.userId, to: p.email, kind: "weeklyDigest", dedupeKey: `weeklyDigest:${window}:${p.orgId}:${p.userId}`, createdAt: now, nextAttemptAt: now, ...content })
        .onConflictDoNothing()
        .returning({ id: emailOutbox.id });
      queued += rows.length;
    }
    const result = { window, skipped: false, queued, nothing };
    await db.update(jobRuns).set({ finishedAt: new Date(), ok: true, result }).where(eq(jobRuns.id, runId));
    return result;
  } catch (e) {
    await db.update(jobRuns).set({ finishedAt: new Date(), ok: false, result: { error: e instanceof Error ? e.message : String(e) } }).where(eq(jobRuns.id, runId));
    throw e;
  }
}
