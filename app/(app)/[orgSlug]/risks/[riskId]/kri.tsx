"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Activity, Megaphone, Plus, Target, Trash2 } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Badge } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { Section, useKriReason } from "./shared";
import type { RiskView } from "./types";

const KriDialog = dynamic(() => import("./kri-dialog").then((m) => m.KriDialog));

type Kri = RiskView["kris"][number];
const ICON = { kpi: Activity, key_result: Target, campaign: Megaphone } as const;

/** Key risk indicators: what the risk watches, whether it is breached and why; add and remove. */
export function Kris({ risk: r, mayUpdate }: { risk: RiskView; mayUpdate: boolean }) {
  const t = useTranslations("risks.kri");
  const tc = useTranslations("common");
  const format = useFormatter();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { reasonText } = useKriReason();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Kri | null>(null);
  const remove = useMutation(trpc.risk.removeKri.mutationOptions());
  const href = (k: Kri) =>
    k.kind === "kpi" ? `/${org.slug}/okrs/kpis` : k.kind === "campaign" && k.campaignId ? `/${org.slug}/campaigns/${k.campaignId}` : null;

  const onRemove = async () => {
    if (!removing) return;
    try {
      await remove.mutateAsync({ orgSlug: org.slug, kriId: removing.id });
      toast.success(t("removed"));
      await qc.invalidateQueries({ queryKey: trpc.risk.pathKey() });
      setRemoving(null);
    } catch (e) {
      setRemoving(null);
      showServerError(e);
    }
  };

  return (
    <Section
      id="kri"
      title={t("title")}
      description={t("description")}
      actions={
        mayUpdate && (
          <Button size="sm" variant="secondary" onClick={() => setAdding(true)} data-testid="kri-add">
            <Plus className="size-4" aria-hidden /> {t("add")}
          </Button>
        )
      }
    >
      {r.kris.length === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-300 p-4 text-center text-sm text-zinc-500 dark:border-zinc-700">{t("empty")}</p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="kri-list">
          {r.kris.map((k) => {
            const Icon = ICON[k.kind];
            const link = href(k);
            return (
              <li key={k.id} className="flex items-start gap-3 py-2.5" data-testid="kri-row" data-state={k.state}>
                <Icon className="mt-0.5 size-4 shrink-0 text-zinc-500" aria-hidden />
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-1.5">
                    <span className="text-xs text-zinc-500">{t(`kind.${k.kind}`)}</span>
                    {link ? (
                      <Link href={link} className="font-medium hover:text-brand-700 hover:underline dark:hover:text-brand-100">
                        {k.targetName}
                      </Link>
                    ) : (
                      <span className="font-medium">{k.targetName}</span>
                    )}
                    {k.state === "breached" ? (
                      <Badge className="bg-red-50 text-red-700 dark:bg-red-900/30 dark:text-red-300" data-testid="kri-state">
                        {t("breached")}
                      </Badge>
                    ) : (
                      <Badge className="bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300" data-testid="kri-state">
                        {t("ok")}
                      </Badge>
                    )}
                    {k.kind === "key_result" && <span className="text-xs text-zinc-500">{t("marginShort", { margin: k.marginPct })}</span>}
                  </div>
                  {k.reason && <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">{reasonText(k.reason)}</p>}
                  {k.changedAt && (
                    <p className="text-xs text-zinc-500">{t("since", { when: format.dateTime(new Date(k.changedAt), { dateStyle: "medium", timeStyle: "short" }) })}</p>
                  )}
                </div>
                {mayUpdate && (
                  <Button size="sm" variant="ghost" onClick={() => setRemoving(k)} aria-label={t("remove", { name: k.targetName })}>
                    <Trash2 className="size-4" aria-hidden />
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {adding && <KriDialog risk={r} onClose={() => setAdding(false)} />}
      <ConfirmDialog
        open={!!removing}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={t("removeTitle")}
        description={removing ? t("removeBody", { name: removing.targetName }) : undefined}
        confirmLabel={t("removeConfirm")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        onConfirm={onRemove}
        loading={remove.isPending}
      />
    </Section>
  );
}
