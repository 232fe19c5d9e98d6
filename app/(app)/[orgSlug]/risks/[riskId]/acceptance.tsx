"use client";

import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { Badge } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { useOrg } from "@/app/_components/app/org-context";
import { dateOf } from "@/app/_components/risks/risk-ui";
import { Section } from "./shared";
import type { RiskView } from "./types";

const STATUS_STYLE: Record<string, string> = {
  pending: "bg-sky-50 text-sky-700 dark:bg-sky-900/30 dark:text-sky-300",
  approved: "bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300",
  rejected: "bg-red-50 text-red-700 dark:bg-red-900/30 dark:text-red-300",
  withdrawn: "",
  expired: "bg-zinc-200 text-zinc-600 dark:bg-zinc-700 dark:text-zinc-300",
};

/** Acceptance: where the risk stands (accepted until, pending request, needs one) and every request with its outcome. */
export function Acceptance({ risk: r, canRequest, onRequest }: { risk: RiskView; canRequest: boolean; onRequest: () => void }) {
  const t = useTranslations("risks.acceptance");
  const format = useFormatter();
  const org = useOrg();
  const day = (d: string) => format.dateTime(dateOf(d), { dateStyle: "medium", timeZone: "UTC" });
  const pending = r.acceptances.find((a) => a.status === "pending");

  let state: React.ReactNode;
  if (r.status === "accepted" && r.acceptedUntil) state = <p className="text-sm">{t("acceptedUntil", { date: day(r.acceptedUntil) })}</p>;
  else if (pending) state = <p className="text-sm">{t("pending")}</p>;
  else if (r.aboveAppetite && r.status !== "closed") state = <p className="text-sm text-orange-800 dark:text-orange-300">{t("needed", { score: r.score ?? 0, appetite: r.appetite })}</p>;
  else state = <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("notNeeded")}</p>;

  return (
    <Section id="acceptance" title={t("title")}>
      <div className="space-y-3">
        {state}
        {canRequest && (
          <Button size="sm" variant="secondary" onClick={onRequest}>
            {t("request")}
          </Button>
        )}
        {r.acceptances.length > 0 && (
          <ol className="space-y-3 border-t border-zinc-100 pt-3 dark:border-zinc-800" data-testid="acceptance-history">
            {r.acceptances.map((a) => (
              <li key={a.id} className="text-sm">
                <div className="flex flex-wrap items-center gap-1.5">
                  <Badge className={STATUS_STYLE[a.status]} data-status={a.status}>
                    {t(`status.${a.status}`)}
                  </Badge>
                  <span className="text-xs text-zinc-600 dark:text-zinc-400">{t("until", { date: day(a.expiresOn) })}</span>
                </div>
                <p className="mt-1 whitespace-pre-line text-zinc-700 dark:text-zinc-300">“{a.justification}”</p>
                <p className="text-xs text-zinc-500">
                  {t("requested", { name: a.requesterName ?? "—", when: format.dateTime(new Date(a.createdAt), { dateStyle: "medium" }) })}
                  {a.decidedAt && ` · ${t("decided", { when: format.dateTime(new Date(a.decidedAt), { dateStyle: "medium" }) })}`}
                </p>
                {a.approvalRequestId && (
                  <Link href={`/${org.slug}/approvals/${a.approvalRequestId}`} className="text-xs text-brand-600 hover:underline">
                    {t("openRequest")}
                  </Link>
                )}
              </li>
            ))}
          </ol>
        )}
      </div>
    </Section>
  );
}
