"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { ArrowDown, ArrowUp, Info, Lock, Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/app/_trpc/react";
import { Badge, Card } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { showServerError } from "@/app/_components/app/errors";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import { stageColor } from "@/app/_components/products/stage-colors";
import { useStageLabel } from "../../products/shared";
import { Criteria } from "./criteria";
import { StageName } from "./stage-name";

const AddStageDialog = dynamic(() => import("./stage-dialogs").then((m) => m.AddStageDialog));
const RemoveStageDialog = dynamic(() => import("./stage-dialogs").then((m) => m.RemoveStageDialog));

export type Stage = inferRouterOutputs<AppRouter>["product"]["stages"][number];

/**
 * The organisation's lifecycle: stages in order with their product counts and exit criteria. Admins
 * rename, add, reorder (buttons, so the keyboard works) and remove stages, and edit each stage's
 * criteria; everyone else sees the same page read-only.
 */
export function LifecycleSettings() {
  const t = useTranslations("productSettings");
  const tc = useTranslations("common");
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const stageLabel = useStageLabel();
  const mayEdit = useCan("product.settings");
  const stagesKey = trpc.product.stages.queryKey({ orgSlug: org.slug });
  const { data: stages } = useSuspenseQuery(trpc.product.stages.queryOptions({ orgSlug: org.slug }));
  const reorder = useMutation(trpc.product.reorderStages.mutationOptions());
  const [adding, setAdding] = useState<{ afterStageId: string | null } | null>(null);
  const [removing, setRemoving] = useState<Stage | null>(null);
  const [announcement, setAnnouncement] = useState("");

  const refresh = () => qc.invalidateQueries({ queryKey: trpc.product.pathKey() });

  const move = async (stage: Stage, by: -1 | 1) => {
    const from = stages.findIndex((s) => s.id === stage.id);
    const to = from + by;
    // One move at a time (the buttons stay enabled so keyboard focus never drops while it saves).
    if (reorder.isPending || from < 0 || to < 0 || to >= stages.length) return;
    const next = [...stages];
    next.splice(from, 1);
    next.splice(to, 0, stage);
    // Show the new order at once; the server's answer (or a rollback) follows.
    qc.setQueryData(stagesKey, next);
    setAnnouncement(t("moved", { stage: stageLabel(stage), position: to + 1, total: stages.length }));
    // The pressed button may now be disabled (top or bottom): keep focus on the stage's other arrow.
    requestAnimationFrame(() => {
      const want = document.querySelector<HTMLButtonElement>(`[data-move="${stage.id}:${by}"]:not(:disabled)`) ?? document.querySelector<HTMLButtonElement>(`[data-move="${stage.id}:${-by}"]`);
      want?.focus();
    });
    try {
      await reorder.mutateAsync({ orgSlug: org.slug, stageIds: next.map((s) => s.id) });
    } catch (e) {
      qc.setQueryData(stagesKey, stages);
      setAnnouncement("");
      showServerError(e, { reloadLabel: tc("reload"), onReload: () => void refresh() });
    } finally {
      await refresh();
    }
  };

  return (
    <div className="max-w-4xl space-y-4">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {t("intro")}{" "}
        <Link href={`/${org.slug}/products`} className="font-medium text-brand-700 hover:underline dark:text-brand-100">
          {t("openBoard")}
        </Link>
      </p>
      <div className="flex gap-2 rounded-md border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950/40 dark:text-sky-100">
        <Info className="mt-0.5 size-4 shrink-0" aria-hidden />
        <p>{t("templateNote")}</p>
      </div>
      {!mayEdit && (
        <div className="flex gap-2 rounded-md border border-zinc-200 bg-zinc-50 px-4 py-3 text-sm text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300" data-testid="lifecycle-read-only">
          <Lock className="mt-0.5 size-4 shrink-0" aria-hidden />
          <p>{t("readOnly")}</p>
        </div>
      )}
      {mayEdit && (
        <div className="flex justify-end">
          <Button onClick={() => setAdding({ afterStageId: stages.at(-1)?.id ?? null })} data-testid="add-stage">
            <Plus className="size-4" aria-hidden /> {t("addStage")}
          </Button>
        </div>
      )}

      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>

      <ol className="space-y-3" aria-label={t("stagesLabel")} data-testid="lifecycle-stages">
        {stages.map((s, i) => (
          <li key={s.id} id={`stage-${s.id}`} className="scroll-mt-20" data-testid="lifecycle-stage" data-stage-id={s.id}>
            <Card className="overflow-hidden">
              <div className="flex flex-wrap items-start justify-between gap-x-3 gap-y-2 border-b border-zinc-100 px-4 py-3 dark:border-zinc-800">
                <div className="flex min-w-0 flex-1 items-start gap-3">
                  <span
                    className="mt-0.5 inline-flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold tabular-nums text-white"
                    style={{ backgroundColor: stageColor(i) }}
                    aria-hidden
                  >
                    {i + 1}
                  </span>
                  <div className="min-w-0 flex-1">
                    <StageName stage={s} position={i + 1} mayEdit={mayEdit} />
                    <div className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-zinc-500">
                      <span className="sr-only">{t("position", { position: i + 1, total: stages.length })}</span>
                      <Badge className={s.productCount ? "bg-brand-50 text-brand-700 dark:bg-brand-500/20 dark:text-brand-100" : undefined} data-testid="stage-product-count">
                        {t("productCount", { count: s.productCount })}
                      </Badge>
                    </div>
                  </div>
                </div>
                {mayEdit && (
                  <div className="flex shrink-0 items-center gap-1">
                    <Button
                      variant="ghost"
                      size="sm"
                      className="px-2 disabled:opacity-30"
                      disabled={i === 0}
                      onClick={() => void move(s, -1)}
                      aria-label={t("moveUp", { stage: stageLabel(s) })}
                      title={t("moveUp", { stage: stageLabel(s) })}
                      data-move={`${s.id}:-1`}
                    >
                      <ArrowUp className="size-4" aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      className="px-2 disabled:opacity-30"
                      disabled={i === stages.length - 1}
                      onClick={() => void move(s, 1)}
                      aria-label={t("moveDown", { stage: stageLabel(s) })}
                      title={t("moveDown", { stage: stageLabel(s) })}
                      data-move={`${s.id}:1`}
                    >
                      <ArrowDown className="size-4" aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      className="px-2"
                      onClick={() => setAdding({ afterStageId: s.id })}
                      aria-label={t("addAfter", { stage: stageLabel(s) })}
                      title={t("addAfter", { stage: stageLabel(s) })}
                      data-testid="add-stage-after"
                    >
                      <Plus className="size-4" aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      className="px-2"
                      onClick={() => setRemoving(s)}
                      aria-label={t("removeStage", { stage: stageLabel(s) })}
                      title={t("removeStage", { stage: stageLabel(s) })}
                      data-testid="remove-stage"
                    >
                      <Trash2 className="size-4 text-red-600" aria-hidden />
                    </Button>
                  </div>
                )}
              </div>
              <Criteria stage={s} mayEdit={mayEdit} />
            </Card>
          </li>
        ))}
      </ol>

      {adding && (
        <AddStageDialog
          stages={stages}
          afterStageId={adding.afterStageId}
          onClose={() => setAdding(null)}
          onAdded={(id) => {
            setAdding(null);
            requestAnimationFrame(() => document.getElementById(`stage-${id}`)?.scrollIntoView({ block: "center", behavior: "smooth" }));
          }}
        />
      )}
      {removing && <RemoveStageDialog stage={removing} stages={stages} onClose={() => setRemoving(null)} />}
    </div>
  );
}
