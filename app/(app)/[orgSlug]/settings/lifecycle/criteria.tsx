"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Bot, FileCheck2, Pencil, Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { CRITERION_KINDS, ZCriterionFields } from "@/server/products/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Badge } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { useCriterionLabel, useStageLabel } from "../../products/shared";
import type { Stage } from "./lifecycle-client";

type Criterion = Stage["criteria"][number];
type Kind = (typeof CRITERION_KINDS)[number];
type Values = z.input<typeof ZCriterionFields>;

/** The default label an automatic criterion gets when its label is still empty. */
const KIND_DEFAULT_KEY: Record<Exclude<Kind, "manual">, string> = {
  launch_campaign_approved: "launch_campaign",
  objective_baselines: "objective_baselines",
  risks_within_appetite: "risks_within_appetite",
};

/** A stage's exit criteria: the checklist template products get when they enter the stage. */
export function Criteria({ stage, mayEdit }: { stage: Stage; mayEdit: boolean }) {
  const t = useTranslations("productSettings.criteria");
  const tc = useTranslations("common");
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const stageLabel = useStageLabel();
  const criterionLabel = useCriterionLabel();
  const [editing, setEditing] = useState<Criterion | "new" | null>(null);
  const [deleting, setDeleting] = useState<Criterion | null>(null);
  const del = useMutation(trpc.product.deleteCriterion.mutationOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.product.pathKey() });
  const titleId = `criteria-${stage.id}`;
  const addId = `add-criterion-${stage.id}`;
  // Closing a form puts focus back on the button that opened it.
  const closeForm = (focusId: string) => {
    setEditing(null);
    requestAnimationFrame(() => document.getElementById(focusId)?.focus());
  };

  return (
    <div className="px-4 py-3">
      <h3 id={titleId} className="mb-2 text-xs font-medium uppercase tracking-wide text-zinc-500">
        {t("title")}
      </h3>
      {stage.criteria.length === 0 && editing !== "new" && <p className="text-sm text-zinc-500">{t("empty")}</p>}
      {stage.criteria.length > 0 && (
        <ul aria-labelledby={titleId} className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="stage-criteria">
          {stage.criteria.map((c) =>
            editing !== "new" && editing?.id === c.id ? (
              <li key={c.id} className="py-2">
                <CriterionForm stageId={stage.id} criterion={c} onDone={() => closeForm(`edit-criterion-${c.id}`)} />
              </li>
            ) : (
              <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="stage-criterion">
                <div className="min-w-0 flex-1">
                  <span className="text-sm">{criterionLabel(c)}</span>
                  <span className="ml-2 inline-flex flex-wrap gap-1 align-middle">
                    {c.kind !== "manual" && (
                      <Badge className="gap-1 bg-violet-50 text-violet-700 dark:bg-violet-900/30 dark:text-violet-300">
                        <Bot className="size-3" aria-hidden /> {t("automatic")}
                      </Badge>
                    )}
                    {c.requiresEvidence && (
                      <Badge className="gap-1 bg-amber-50 text-amber-700 dark:bg-amber-900/30 dark:text-amber-300">
                        <FileCheck2 className="size-3" aria-hidden /> {t("evidence")}
                      </Badge>
                    )}
                  </span>
                  {c.kind !== "manual" && <p className="mt-0.5 text-xs text-zinc-500">{t(`kindHint.${c.kind as Exclude<Kind, "manual">}`)}</p>}
                </div>
                {mayEdit && (
                  <div className="flex shrink-0 gap-1">
                    <Button id={`edit-criterion-${c.id}`} variant="ghost" size="sm" className="px-2" onClick={() => setEditing(c)} aria-label={t("edit", { label: criterionLabel(c) })} title={t("edit", { label: criterionLabel(c) })}>
                      <Pencil className="size-4" aria-hidden />
                    </Button>
                    <Button variant="ghost" size="sm" className="px-2" onClick={() => setDeleting(c)} aria-label={t("delete", { label: criterionLabel(c) })} title={t("delete", { label: criterionLabel(c) })}>
                      <Trash2 className="size-4 text-red-600" aria-hidden />
                    </Button>
                  </div>
                )}
              </li>
            ),
          )}
        </ul>
      )}
      {mayEdit &&
        (editing === "new" ? (
          <div className="mt-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
            <CriterionForm stageId={stage.id} onDone={() => closeForm(addId)} />
          </div>
        ) : (
          <Button id={addId} variant="ghost" size="sm" className="mt-1 -ml-2" onClick={() => setEditing("new")} data-testid="add-criterion">
            <Plus className="size-4" aria-hidden /> {t("add", { stage: stageLabel(stage) })}
          </Button>
        ))}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={deleting && t("deleteTitle", { label: criterionLabel(deleting) })}
        description={t("deleteBody")}
        confirmLabel={tc("delete")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        loading={del.isPending}
        confirmTestId="confirm-delete-criterion"
        onConfirm={async () => {
          if (!deleting) return;
          try {
            await del.mutateAsync({ orgSlug: org.slug, criterionId: deleting.id });
            toast.success(t("deleted"));
            setDeleting(null);
          } catch (e) {
            showServerError(e, { reloadLabel: tc("reload"), onReload: () => void refresh() });
          } finally {
            await refresh();
          }
        }}
      />
    </div>
  );
}

/** Add or edit one criterion, validated with the server's schema; field errors next to the fields. */
function CriterionForm({ stageId, criterion, onDone }: { stageId: string; criterion?: Criterion; onDone: () => void }) {
  const t = useTranslations("productSettings.criteria");
  const tp = useTranslations("products.criterion");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const criterionLabel = useCriterionLabel();
  const create = useMutation(trpc.product.createCriterion.mutationOptions());
  const update = useMutation(trpc.product.updateCriterion.mutationOptions());
  const form = useForm<Values>({
    resolver: zodResolver(ZCriterionFields),
    defaultValues: {
      // A default criterion (label still empty) starts from its translated label.
      label: criterion ? criterionLabel(criterion) : "",
      kind: (criterion?.kind as Kind | undefined) ?? "manual",
      requiresEvidence: criterion?.requiresEvidence ?? false,
    },
  });
  const kind = useWatch({ control: form.control, name: "kind" }) ?? "manual";
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.product.pathKey() });

  const onSubmit = form.handleSubmit(async (v) => {
    const input = { label: v.label, kind: v.kind ?? "manual", requiresEvidence: v.kind === "manual" && !!v.requiresEvidence };
    try {
      if (criterion) await update.mutateAsync({ orgSlug: org.slug, criterionId: criterion.id, version: criterion.version, ...input });
      else await create.mutateAsync({ orgSlug: org.slug, stageId, ...input });
      await refresh();
      toast.success(criterion ? t("saved") : t("added"));
      onDone();
    } catch (e) {
      showServerError(e, { setError: form.setError, fields: ["label", "kind", "requiresEvidence"], reloadLabel: tc("reload"), onReload: () => void refresh() });
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" onKeyDown={(e) => e.key === "Escape" && (e.preventDefault(), onDone())} data-testid="criterion-form">
      <div className="grid gap-3 sm:grid-cols-[1fr_16rem]">
        <Field label={t("label")} error={err(form.formState.errors.label?.message)}>
          {(p) => <Input {...p} {...form.register("label")} autoFocus maxLength={200} />}
        </Field>
        <Field label={t("kind")} error={err(form.formState.errors.kind?.message)} hint={kind !== "manual" ? t(`kindHint.${kind}`) : t("manualHint")}>
          {(p) => (
            <Select
              {...p}
              {...form.register("kind", {
                onChange: (e: React.ChangeEvent<HTMLSelectElement>) => {
                  const next = e.target.value as Kind;
                  // An automatic check with no label yet gets the usual one.
                  if (next !== "manual" && !form.getValues("label").trim()) form.setValue("label", tp(KIND_DEFAULT_KEY[next]));
                },
              })}
            >
              {CRITERION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kindOption.${k}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      {kind === "manual" && (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-0.5 size-4 rounded border-zinc-300" {...form.register("requiresEvidence")} />
          <span>
            {t("requiresEvidence")}
            <span className="block text-xs text-zinc-500">{t("requiresEvidenceHint")}</span>
          </span>
        </label>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" size="sm" onClick={onDone}>
          {tc("cancel")}
        </Button>
        <Button type="submit" size="sm" loading={create.isPending || update.isPending} data-testid="criterion-save">
          {criterion ? tc("save") : t("addSubmit")}
        </Button>
      </div>
    </form>
  );
}
