"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import { z } from "zod";
import { ZStageName } from "@/server/products/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { errorData, errorMessage, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { useStageLabel } from "../../products/shared";
import type { Stage } from "./lifecycle-client";

const ZAddForm = z.object({ name: ZStageName, afterStageId: z.string() });

/** A new stage, placed after a chosen one (the last by default). */
export function AddStageDialog({
  stages,
  afterStageId,
  onClose,
  onAdded,
}: {
  stages: Stage[];
  afterStageId: string | null;
  onClose: () => void;
  onAdded: (id: string) => void;
}) {
  const t = useTranslations("productSettings.add");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const stageLabel = useStageLabel();
  const create = useMutation(trpc.product.createStage.mutationOptions());
  const form = useForm<z.input<typeof ZAddForm>>({
    resolver: zodResolver(ZAddForm),
    defaultValues: { name: "", afterStageId: afterStageId ?? stages.at(-1)?.id ?? "" },
  });
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      const row = await create.mutateAsync({ orgSlug: org.slug, name: v.name, afterStageId: v.afterStageId || null });
      await qc.invalidateQueries({ queryKey: trpc.product.pathKey() });
      toast.success(t("added", { stage: v.name }));
      onAdded(row.id);
    } catch (e) {
      showServerError(e, { setError: form.setError, fields: ["name", "afterStageId"] });
    }
  });
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t("title")} description={t("description")} closeLabel={tc("close")}>
        <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="add-stage-form">
          <Field label={t("name")} error={err(form.formState.errors.name?.message)}>
            {(p) => <Input {...p} {...form.register("name")} autoFocus maxLength={60} />}
          </Field>
          <Field label={t("after")} error={err(form.formState.errors.afterStageId?.message)}>
            {(p) => (
              <Select {...p} {...form.register("afterStageId")}>
                {stages.map((s, i) => (
                  <option key={s.id} value={s.id}>
                    {t("afterOption", { position: i + 1, stage: stageLabel(s) })}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t("submit")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/**
 * Removes a stage. A stage with products needs a stage to move them to (each gets a history entry and
 * that stage's checklist); the server refuses while a gate request involves the stage, or when only
 * two stages would be left, and says so here.
 */
export function RemoveStageDialog({ stage, stages, onClose }: { stage: Stage; stages: Stage[]; onClose: () => void }) {
  const t = useTranslations("productSettings.remove");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const stageLabel = useStageLabel();
  const remove = useMutation(trpc.product.removeStage.mutationOptions());
  const at = stages.findIndex((s) => s.id === stage.id);
  const others = stages.filter((s) => s.id !== stage.id);
  // Suggest the previous stage (or the next one for the first).
  const [target, setTarget] = useState(stages[at - 1]?.id ?? stages[at + 1]?.id ?? "");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The count on the page may be out of date: the server's "still in use" answer also opens the choice.
  const [needsTarget, setNeedsTarget] = useState(stage.productCount > 0);
  const label = stageLabel(stage);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.product.pathKey() });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setFieldError(null);
    setError(null);
    try {
      const res = await remove.mutateAsync({ orgSlug: org.slug, stageId: stage.id, version: stage.version, moveProductsTo: needsTarget ? target || null : null });
      const to = others.find((s) => s.id === target);
      toast.success(res.moved ? t("removedMoved", { stage: label, count: res.moved, target: to ? stageLabel(to) : "" }) : t("removed", { stage: label }));
      await refresh();
      onClose();
    } catch (e) {
      const fields = errorData(e).fieldErrors ?? {};
      if (fields.moveProductsTo) {
        setNeedsTarget(true);
        setFieldError(fields.moveProductsTo.join(" "));
      } else if (errorData(e).code === "CONFLICT") {
        showServerError(e, { reloadLabel: tc("reload"), onReload: () => void refresh() });
        onClose();
      } else {
        setError(errorMessage(e));
      }
    }
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t("title", { stage: label })} description={t("description")} closeLabel={tc("close")}>
        <form onSubmit={submit} className="space-y-4" noValidate data-testid="remove-stage-form">
          {needsTarget && (
            <>
              {stage.productCount > 0 && <p className="text-sm">{t("inUse", { count: stage.productCount })}</p>}
              <Field label={t("moveTo")} error={err(fieldError ?? undefined)} hint={t("moveToHint")}>
                {(p) => (
                  <Select {...p} value={target} onChange={(e) => setTarget(e.target.value)} data-testid="remove-stage-target">
                    <option value="">{t("chooseStage")}</option>
                    {others.map((s) => (
                      <option key={s.id} value={s.id}>
                        {stageLabel(s)}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            </>
          )}
          {error && (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200" data-testid="remove-stage-error">
              {error}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" variant="danger" loading={remove.isPending} data-testid="remove-stage-confirm">
              {needsTarget ? t("submitMove") : t("submit")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
