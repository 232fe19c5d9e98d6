"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { LayoutTemplate, Plus } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/app/_components/ui/card";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import { PhaseBadge } from "@/app/_components/retros/retro-ui";

const RetroFormDialog = dynamic(() => import("./retro-form").then((m) => m.RetroFormDialog));
const TemplatesDialog = dynamic(() => import("./templates-dialog").then((m) => m.TemplatesDialog));

/** All retros of the organisation, newest first, with their phase, period, facilitator and counts. */
export function RetroList({ myUserId, filters = {} }: { myUserId: string; filters?: { periodId?: string; departmentId?: string } }) {
  const t = useTranslations("retros");
  const format = useFormatter();
  const org = useOrg();
  const trpc = useTRPC();
  const { data: retros } = useSuspenseQuery(trpc.retro.list.queryOptions({ orgSlug: org.slug, ...filters }));
  const filtered = !!(filters.periodId || filters.departmentId);
  const mayCreate = useCan("retro.create");
  const maySettings = useCan("retro.settings");
  const [creating, setCreating] = useState(false);
  const [managing, setManaging] = useState(false);
  const newButton = mayCreate && (
    <Button onClick={() => setCreating(true)} data-testid="new-retro">
      <Plus className="size-4" aria-hidden /> {t("new")}
    </Button>
  );

  return (
    <div>
      <PageHeader
        title={t("title")}
        description={t("subtitle")}
        actions={
          (maySettings || retros.length > 0) && (
            <div className="flex flex-wrap gap-2">
              {maySettings && (
                <Button variant="secondary" onClick={() => setManaging(true)} data-testid="retro-templates">
                  <LayoutTemplate className="size-4" aria-hidden /> {t("templatesAdmin.manage")}
                </Button>
              )}
              {retros.length > 0 && newButton}
            </div>
          )
        }
      />
      {filtered && (
        <p className="mb-4 flex flex-wrap items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400" data-testid="retro-filter">
          {t("filtered", { count: retros.length })}
          <Link href={`/${org.slug}/retros`} className="text-brand-600 hover:underline">
            {t("clearFilter")}
          </Link>
        </p>
      )}
      {retros.length === 0 && !filtered ? (
        <EmptyState title={t("emptyTitle")} description={t("emptyBody")} action={newButton} />
      ) : (
        <ul className="space-y-3" data-testid="retro-list">
          {retros.map((r) => (
            <li key={r.id}>
              <Card className="p-4 transition-colors hover:border-brand-500/60">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <Link href={`/${org.slug}/retros/${r.id}`} className="min-w-0 break-words font-medium hover:underline" data-testid="retro-link">
                    {r.title}
                  </Link>
                  <div className="flex flex-wrap items-center gap-1.5">
                    {r.participating && <Badge className="bg-brand-50 text-brand-700 dark:bg-brand-900/40 dark:text-brand-300">{t("participating")}</Badge>}
                    <PhaseBadge phase={r.phase} />
                  </div>
                </div>
                <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
                  <div>{r.periodName ?? t("noPeriod")}</div>
                  <div>{t("facilitatedBy", { name: r.facilitatorName })}</div>
                  <div>{t("cards", { n: r.cards })}</div>
                  <div className={r.openActions ? "font-medium text-amber-700 dark:text-amber-400" : undefined}>{t("openActions", { n: r.openActions })}</div>
                  <div>
                    <time dateTime={new Date(r.createdAt).toISOString()}>{format.dateTime(new Date(r.createdAt), { dateStyle: "medium" })}</time>
                  </div>
                </dl>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {managing && <TemplatesDialog onClose={() => setManaging(false)} />}
      {creating && <RetroFormDialog myUserId={myUserId} onClose={() => setCreating(false)} />}
    </div>
  );
}
