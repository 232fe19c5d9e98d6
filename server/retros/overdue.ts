import { and, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { jobRuns, organizations, retroActions, retros } from "@/db/schema";
import { notify } from "../notifications/service";

const JOB = "retro_action_overdue";

/**
 * Scheduled job: the owner of an open retro action item past its due date is told once per due
 * date (moving the date and missing it again tells them again). Each notice claims
 * ("retro_action_overdue", "<action id>@<due date>") in job_runs in the same transaction as the
 * notification, so a second run, or a second instance, notifies nobody twice.
 */
export async function notifyOverdueActions(db: Database, now = new Date()) {
  const today = now.toISOString().slice(0, 10);
  const windowOf = sql<string>`${retroActions.id}::text || '@' || ${retroActions.dueOn}::text`;
  const due = await db
    .select({
      id: retroActions.id,
      orgId: retroActions.orgId,
      title: retroActions.title,
      ownerId: retroActions.ownerId,
      dueOn: retroActions.dueOn,
      retroId: retros.id,
      slug: organizations.slug,
    })
    .from(retroActions)
    .innerJoin(retros, eq(retros.id, retroActions.retroId))
    .innerJoin(organizations, eq(organizations.id, retroActions.orgId))
    .where(
      and(
        inArray(retroActions.status, ["open", "in_progress"]),
        isNotNull(retroActions.ownerId),
        isNotNull(retroActions.dueOn),
        lt(retroActions.dueOn, today),
        sql`not exists (select 1 from ${jobRuns} where ${jobRuns.job} = ${JOB} and ${jobRuns.window} = ${windowOf})`,
      ),
    )
    .limit(1000);
  let notified = 0;
  for (const a of due) {
    const done = await db.transaction(async (tx) => {
      const [claimed] = await tx
        .insert(jobRuns)
        .values({ job: JOB, window: `${a.id}@${a.dueOn}`, startedAt: now, finishedAt: now, ok: true })
        .onConflictDoNothing()
        .returning({ id: jobRuns.id });
      if (!claimed) return false;
      await notify(tx, a.orgId, [a.ownerId!], {
        kind: "retroActionOverdue",
        params: { title: a.title, date: a.dueOn! },
        link: `/${a.slug}/retros/${a.retroId}`,
      });
      return true;
    });
    if (done) notified++;
  }
  return { notified };
}
