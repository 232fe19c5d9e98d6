"use client";

import { CalendarClock, ShieldAlert } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import type { AcceptanceSnapshot } from "@/server/risks/approval";
import { Badge, Card } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { useOrg } from "@/app/_components/app/org-context";

export function isAcceptanceSnapshot(snapshot: unknown): snapshot is AcceptanceSnapshot {
  const s = snapshot as Partial<AcceptanceSnapshot> | null;
  return !!s && !!s.risk && typeof s.justification === "string" && typeof s.expiresOn === "string" && Array.isArray(s.actions);
}

const LEVEL_STYLE: Record<string, string> = {
  low: "bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300",
  medium: "bg-amber-50 text-amber-700 dark:bg-amber-900/30 dark:text-amber-300",
  high: "bg-orange-100 text-orange-800 dark:bg-orange-900/30 dark:text-orange-300",
  critical: "bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-300",
};

/** A "risk_acceptance" request: the risk as it was asked about, its scores against appetite, the justification and expiry. */
export function RiskAcceptanceRequestView({ snapshot: s }: { snapshot: AcceptanceSnapshot }) {
  const t = useTranslations("approvals.risk");
  const tr = useTranslations("risks");
  const format = useFormatter();
  const org = useOrg();
  const label = (group: string, key: string | null) => (key && tr.has(`${group}.${key}`) ? tr(`${group}.${key}`) : (key ?? "—"));
  const score = (x: AcceptanceSnapshot["risk"]["inherent"]) =>
    x.score === null ? "—" : t("score", { likelihood: x.likelihood ?? "—", impact: x.impact ?? "—", score: x.score });
  return (
    <Card className="space-y-4 p-4" data-testid="risk-acceptance-request">
      <div>
        <Link href={`/${org.slug}/risks/${s.risk.id}`} className="text-lg font-semibold text-brand-700 hover:underline dark:text-brand-300">
          {s.risk.title}
        </Link>
        <div className="mt-1 flex flex-wrap gap-1.5 text-xs">
          <Badge>{label("category", s.risk.category)}</Badge>
          <Badge>{label("status", s.risk.status)}</Badge>
          {s.risk.strategy && <Badge>{label("strategy", s.risk.strategy)}</Badge>}
        </div>
      </div>
      <dl className="grid gap-3 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-xs text-zinc-500">{t("inherent")}</dt>
          <dd className="mt-0.5 flex items-center gap-1.5">
            {score(s.risk.inherent)}
            {s.risk.inherent.level && <Badge className={cn(LEVEL_STYLE[s.risk.inherent.level])}>{label("level", s.risk.inherent.level)}</Badge>}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500">{t("residual")}</dt>
          <dd className="mt-0.5 flex items-center gap-1.5">
            {score(s.risk.residual)}
            {s.risk.residual.level && <Badge className={cn(LEVEL_STYLE[s.risk.residual.level])}>{label("level", s.risk.residual.level)}</Badge>}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500">{t("appetite")}</dt>
          <dd className="mt-0.5">{s.appetite}</dd>
        </div>
      </dl>
      <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950/30">
        <p className="flex items-center gap-1.5 font-medium">
          <ShieldAlert className="size-4" aria-hidden /> {t("justification")}
        </p>
        <p className="mt-1 whitespace-pre-line">{s.justification}</p>
        <p className="mt-2 flex items-center gap-1.5 text-xs text-zinc-700 dark:text-zinc-300">
          <CalendarClock className="size-3.5" aria-hidden />
          {t("expires", { date: format.dateTime(new Date(`${s.expiresOn}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" }) })}
        </p>
      </div>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">{s.critical ? t("whyCritical") : t("whyManager")}</p>
      <div>
        <h3 className="mb-1 text-sm font-semibold">{t("actions", { count: s.actions.length })}</h3>
        {s.actions.length === 0 ? (
          <p className="text-sm text-zinc-500">{t("noActions")}</p>
        ) : (
          <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
            {s.actions.map((a, i) => (
              <li key={i} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
                <span>{a.title}</span>
                <span className="text-xs text-zinc-500">
                  {t(`actionStatus.${a.status}`)} · {a.progress}%{a.dueOn ? ` · ${a.dueOn}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
