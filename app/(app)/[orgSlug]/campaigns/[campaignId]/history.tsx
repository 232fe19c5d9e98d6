"use client";

import { useFormatter, useNow, useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { useOrg } from "@/app/_components/app/org-context";
import { RequestStatusBadge, useSubjectTypeLabel } from "../../approvals/shared";
import { Section, useCampaignFormat, type CampaignData } from "./shared";

/** What a campaign approval request recorded when it was made (server/campaigns/approval.ts BudgetSnapshot). */
interface Snapshot {
  requestedMinor?: number;
  approvedMinor?: number | null;
  currency?: string;
  twoStep?: boolean;
}

const DECISION_DOT: Record<string, string> = {
  approve: "bg-emerald-500",
  reject: "bg-red-500",
  request_changes: "bg-orange-500",
};

/** Launch and budget requests of the campaign, oldest first, with every decision. */
export function ApprovalsTimeline({ c }: { c: CampaignData }) {
  const t = useTranslations("campaigns.detail.approvals");
  const f = useCampaignFormat(c.currency);
  const typeLabel = useSubjectTypeLabel();
  const org = useOrg();
  return (
    <Section id="approvals" title={t("title")}>
      {c.approvals.length === 0 ? (
        <p className="text-sm text-zinc-500">{c.status === "draft" ? t("emptyDraft") : t("empty")}</p>
      ) : (
        <ol
          className="relative space-y-4 border-l border-zinc-200 pl-4 dark:border-zinc-800"
          data-testid="approvals-timeline"
        >
          {c.approvals.map((r) => {
            const snap = (r.snapshot ?? {}) as Snapshot;
            const cur = snap.currency ?? c.currency;
            return (
              <li key={r.id} className="relative" data-testid="approval-request">
                <span
                  className="absolute -left-[1.3rem] top-1.5 size-2.5 rounded-full border-2 border-white bg-brand-500 dark:border-zinc-900"
                  aria-hidden
                />
                <div className="flex flex-wrap items-center gap-1.5">
                  <span className="text-sm font-medium">{typeLabel(r.subjectType)}</span>
                  <RequestStatusBadge status={r.status} />
                </div>
                <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
                  {t("requested", { name: r.requesterName ?? t("someone"), when: f.dateTime(r.createdAt) })}
                </p>
                {snap.requestedMinor != null && (
                  <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
                    {r.subjectType === "campaign_budget" && snap.approvedMinor != null
                      ? t("budgetChange", {
                          from: f.money(snap.approvedMinor, cur),
                          to: f.money(snap.requestedMinor, cur),
                        })
                      : t("budgetRequested", { amount: f.money(snap.requestedMinor, cur) })}
                    {snap.twoStep && ` · ${t("twoStep")}`}
                  </p>
                )}
                {r.decisions.length > 0 && (
                  <ul className="mt-2 space-y-1.5">
                    {r.decisions.map((d, i) => (
                      <li key={i} className="flex gap-2 text-xs">
                        <span
                          className={`mt-1 size-2 shrink-0 rounded-full ${DECISION_DOT[d.decision] ?? "bg-zinc-400"}`}
                          aria-hidden
                        />
                        <div className="min-w-0">
                          <p>
                            {t.has(`decision.${d.decision}`)
                              ? t(`decision.${d.decision}`, { name: d.deciderName ?? t("someone") })
                              : d.decision}
                            <span className="text-zinc-500"> · {f.dateTime(d.createdAt)}</span>
                          </p>
                          {d.comment && (
                            <p className="mt-0.5 whitespace-pre-line text-zinc-600 dark:text-zinc-400">
                              “{d.comment}”
                            </p>
                          )}
                        </div>
                      </li>
                    ))}
                  </ul>
                )}
                {r.status === "pending" && r.dueAt && (
                  <p className="mt-1 text-xs text-zinc-500">{t("due", { when: f.dateTime(r.dueAt) })}</p>
                )}
                <Link
                  href={`/${org.slug}/approvals/${r.id}`}
                  className="mt-1 inline-block text-xs font-medium text-brand-600 hover:underline"
                >
                  {t("open")}
                </Link>
              </li>
            );
          })}
        </ol>
      )}
    </Section>
  );
}

const ACTIVITY_PAGE = 10;

/** The campaign's audit trail (latest 50), newest first, in words. */
export function ActivityList({ c }: { c: CampaignData }) {
  const t = useTranslations("campaigns.detail.activity");
  const format = useFormatter();
  const now = useNow({ updateInterval: 60_000 });
  const [all, setAll] = useState(false);
  const shown = all ? c.activity : c.activity.slice(0, ACTIVITY_PAGE);
  return (
    <Section id="activity" title={t("title")}>
      {c.activity.length === 0 ? (
        <p className="text-sm text-zinc-500">{t("empty")}</p>
      ) : (
        <>
          <ul
            className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800"
            data-testid="campaign-activity"
          >
            {shown.map((e) => (
              <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5 py-2">
                <span>
                  <span className="font-medium">{e.actorName ?? t("someone")}</span>{" "}
                  {t.has(`action.${e.action}`) ? t(`action.${e.action}`) : e.action}
                </span>
                <time
                  suppressHydrationWarning
                  dateTime={new Date(e.createdAt).toISOString()}
                  className="text-xs text-zinc-500"
                  title={format.dateTime(new Date(e.createdAt), { dateStyle: "full", timeStyle: "short" })}
                >
                  {format.relativeTime(new Date(Math.min(new Date(e.createdAt).getTime(), now.getTime())), now)}
                </time>
              </li>
            ))}
          </ul>
          {c.activity.length > ACTIVITY_PAGE && (
            <Button
              variant="ghost"
              size="sm"
              className="mt-2"
              onClick={() => setAll((a) => !a)}
              aria-expanded={all}
            >
              {all ? t("showLess") : t("showAll", { count: c.activity.length })}
            </Button>
          )}
        </>
      )}
    </Section>
  );
}
