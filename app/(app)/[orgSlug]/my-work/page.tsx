import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { AlertTriangle, CalendarClock, CheckSquare, ListTodo, Megaphone, ShieldAlert, Target } from "lucide-react";
import { orNavigate, serverCaller } from "@/app/_trpc/server";
import { Badge, Card, PageHeader } from "@/app/_components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("myWork") };
}

function Block({ icon: Icon, title, count, empty, href, hrefLabel, children, testId }: {
  icon: typeof Target;
  title: string;
  count: number;
  empty: string;
  href?: string;
  hrefLabel?: string;
  children: React.ReactNode;
  testId: string;
}) {
  return (
    <Card className="p-5" data-testid={testId}>
      <div className="mb-3 flex items-baseline justify-between gap-2">
        <h2 className="flex items-center gap-2 font-semibold">
          <Icon className="size-4 text-zinc-500" aria-hidden /> {title}
          <span className="rounded-full bg-zinc-100 px-2 text-xs font-medium tabular-nums text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">{count}</span>
        </h2>
        {href && (
          <Link href={href} className="text-sm text-brand-600 hover:underline">
            {hrefLabel}
          </Link>
        )}
      </div>
      {count === 0 ? <p className="text-sm text-zinc-500">{empty}</p> : <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">{children}</ul>}
    </Card>
  );
}

const Row = ({ children }: { children: React.ReactNode }) => <li className="flex flex-wrap items-center justify-between gap-2 py-2">{children}</li>;

/** Everything waiting for the signed-in person, across OKRs, approvals, retros, risks and campaigns. */
export default async function MyWorkPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const t = await getTranslations("myWork");
  const format = await getFormatter();
  const caller = await serverCaller();
  const w = await orNavigate(caller.dashboard.myWork({ orgSlug }));
  const day = (d: string) => format.dateTime(new Date(`${d}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  const due = w.keyResults.filter((k) => k.due);
  const total = due.length + w.approvals.items.length + w.actions.length + w.risks.length;
  return (
    <>
      <PageHeader title={t("title")} description={total ? t("summary", { count: total }) : t("allClear")} />
      <div className="grid gap-4 lg:grid-cols-2">
        <Block icon={Target} title={t("krs.title")} count={w.keyResults.length} empty={t("krs.empty")} href={`/${orgSlug}/okrs/mine`} hrefLabel={t("krs.checkIn")} testId="my-krs">
          {w.keyResults.map((k) => (
            <Row key={k.id}>
              <Link href={`/${orgSlug}/okrs/o/${k.objectiveId}`} className="min-w-0 hover:underline">
                <span className="font-medium">{k.title}</span> <span className="text-xs text-zinc-500">· {k.objectiveTitle}</span>
              </Link>
              <span className="flex items-center gap-2 text-xs tabular-nums text-zinc-500">
                {Math.round(k.progress)}%{k.due && <Badge className="bg-amber-50 text-amber-700 dark:bg-amber-900/30 dark:text-amber-300">{t("krs.due")}</Badge>}
              </span>
            </Row>
          ))}
        </Block>
        <Block icon={CheckSquare} title={t("approvals.title")} count={w.approvals.items.length} empty={t("approvals.empty")} href={`/${orgSlug}/approvals`} hrefLabel={t("approvals.inbox")} testId="my-approvals">
          {w.approvals.items.map((r) => (
            <Row key={r.id}>
              <Link href={`/${orgSlug}/approvals/${r.id}`} className="font-medium hover:underline">
                {r.title}
              </Link>
              {r.overdue && <Badge className="bg-red-50 text-red-700 dark:bg-red-900/30 dark:text-red-300">{t("overdue")}</Badge>}
            </Row>
          ))}
        </Block>
        <Block icon={ListTodo} title={t("actions.title")} count={w.actions.length} empty={t("actions.empty")} testId="my-actions">
          {w.actions.map((a) => (
            <Row key={a.id}>
              <Link href={`/${orgSlug}/retros/${a.retroId}`} className="min-w-0 hover:underline">
                <span className="font-medium">{a.title}</span> <span className="text-xs text-zinc-500">· {a.retroTitle}</span>
              </Link>
              {a.dueOn && (
                <span className={a.overdue ? "text-xs font-medium text-red-600" : "text-xs text-zinc-500"}>
                  <CalendarClock className="mr-1 inline size-3" aria-hidden />
                  {day(a.dueOn)}
                </span>
              )}
            </Row>
          ))}
        </Block>
        <Block icon={ShieldAlert} title={t("risks.title")} count={w.risks.length} empty={t("risks.empty")} href={`/${orgSlug}/risks`} hrefLabel={t("risks.register")} testId="my-risks">
          {w.risks.map((r) => (
            <Row key={r.id}>
              <Link href={`/${orgSlug}/risks/${r.id}`} className="font-medium hover:underline">
                {r.title}
              </Link>
              <span className="flex flex-wrap items-center gap-1.5 text-xs">
                {r.warningAt && (
                  <Badge className="gap-1 bg-red-50 text-red-700 dark:bg-red-900/30 dark:text-red-300">
                    <AlertTriangle className="size-3" aria-hidden /> {t("risks.warning")}
                  </Badge>
                )}
                {r.nextReviewOn && <span className={r.reviewOverdue ? "font-medium text-red-600" : "text-zinc-500"}>{t("risks.review", { date: day(r.nextReviewOn) })}</span>}
              </span>
            </Row>
          ))}
        </Block>
        <Block icon={Megaphone} title={t("campaigns.title")} count={w.campaigns.length} empty={t("campaigns.empty")} testId="my-campaigns">
          {w.campaigns.map((c) => (
            <Row key={c.id}>
              <Link href={`/${orgSlug}/campaigns/${c.id}`} className="font-medium hover:underline">
                {c.name}
              </Link>
              <span className="flex items-center gap-1.5 text-xs text-zinc-500">
                {t("campaigns.until", { date: day(c.endsOn) })}
                {c.overBudget && <Badge className="bg-red-50 text-red-700 dark:bg-red-900/30 dark:text-red-300">{t("campaigns.overBudget")}</Badge>}
              </span>
            </Row>
          ))}
        </Block>
      </div>
    </>
  );
}
