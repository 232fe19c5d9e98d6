"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { ZCreateProductInput } from "@/server/products/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/app/_components/ui/field";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { DepartmentOptions, MemberOptions } from "@/app/_components/app/org-options";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { useStageLabel } from "./shared";

type Values = z.input<typeof ZCreateProductInput>;
type Output = z.output<typeof ZCreateProductInput>;
const FIELDS = ["name", "description", "ownerId", "departmentId", "tags", "objectiveIds", "stageId"];

export interface EditableProduct {
  id: string;
  version: number;
  name: string;
  description: string;
  ownerId: string;
  departmentId: string | null;
  tags: string[];
  objectives: { id: string; title: string }[];
}

type Props = { mode: "create"; myUserId: string; myDepartmentId?: string; onClose: () => void } | { mode: "edit"; product: EditableProduct; onClose: () => void };

/** New or edit product; validated with the server's schema, server errors (duplicate name…) next to the fields. */
export function ProductFormDialog(props: Props) {
  const t = useTranslations("products.form");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const stageLabel = useStageLabel();
  const editing = props.mode === "edit" ? props.product : null;
  const stages = useQuery(trpc.product.stages.queryOptions({ orgSlug: org.slug }));
  const periods = useQuery(trpc.period.list.queryOptions({ orgSlug: org.slug }));
  const today = new Date().toISOString().slice(0, 10);
  const fallbackPeriod =
    periods.data?.find((p) => p.kind === "quarter" && p.startsOn <= today && p.endsOn >= today)?.id ??
    periods.data?.find((p) => p.status === "active")?.id ??
    periods.data?.[0]?.id;
  const [periodId, setPeriodId] = useState<string | undefined>(undefined);
  const shownPeriod = periodId ?? fallbackPeriod;
  const objectives = useQuery({
    ...trpc.objective.list.queryOptions({ orgSlug: org.slug, periodId: shownPeriod ?? "" }),
    enabled: !!shownPeriod,
  });

  const form = useForm<Values, unknown, Output>({
    resolver: zodResolver(ZCreateProductInput),
    defaultValues: editing
      ? {
          name: editing.name,
          description: editing.description,
          ownerId: editing.ownerId,
          departmentId: editing.departmentId,
          tags: editing.tags,
          objectiveIds: editing.objectives.map((o) => o.id),
        }
      : {
          name: "",
          description: "",
          ownerId: props.mode === "create" ? props.myUserId : "",
          departmentId: props.mode === "create" ? (props.myDepartmentId ?? null) : null,
          tags: [],
          objectiveIds: [],
          stageId: undefined,
        },
  });
  const create = useMutation(trpc.product.create.mutationOptions());
  const update = useMutation(trpc.product.update.mutationOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.product.pathKey() });

  const onSubmit = form.handleSubmit(async (v) => {
    try {
      if (editing) {
        const { stageId: _s, ...fields } = v;
        await update.mutateAsync({ ...fields, orgSlug: org.slug, productId: editing.id, version: editing.version });
        toast.success(t("saved"));
        await refresh();
        props.onClose();
      } else {
        const created = await create.mutateAsync({ ...v, orgSlug: org.slug });
        toast.success(t("created"));
        await refresh();
        props.onClose();
        router.push(`/${org.slug}/products/${created.id}`);
      }
    } catch (e) {
      const fields = Object.keys(errorData(e).fieldErrors ?? {}).filter((f) => FIELDS.includes(f));
      showServerError(e, { setError: form.setError, fields, reloadLabel: tc("reload"), onReload: () => void refresh() });
    }
  });

  const e = form.formState.errors;
  // Objectives already linked stay listed even when another period is shown.
  const linked = editing?.objectives ?? [];
  const listed = [...(objectives.data ?? []).map((o) => ({ id: o.id, title: o.title })), ...linked.filter((l) => !objectives.data?.some((o) => o.id === l.id))];

  return (
    <Dialog open onOpenChange={(o) => !o && props.onClose()}>
      <DialogContent title={editing ? t("editTitle") : t("newTitle")} closeLabel={tc("close")} className="max-w-2xl">
        <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="product-form">
          <Field label={t("name")} error={err(e.name?.message)}>
            {(a) => <Input {...a} {...form.register("name")} autoFocus />}
          </Field>
          <Field label={t("description")} error={err(e.description?.message)}>
            {(a) => <Textarea {...a} rows={3} {...form.register("description")} />}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("owner")} error={err(e.ownerId?.message)}>
              {(a) => (
                <Select {...a} {...form.register("ownerId")}>
                  <MemberOptions />
                </Select>
              )}
            </Field>
            <Field label={t("department")} error={err(e.departmentId?.message)}>
              {(a) => (
                <Select {...a} {...form.register("departmentId", { setValueAs: (v) => v || null })}>
                  <option value="">{t("noDepartment")}</option>
                  <DepartmentOptions />
                </Select>
              )}
            </Field>
          </div>
          {!editing && (
            <Field label={t("startStage")} hint={t("startStageHint")} error={err(e.stageId?.message)}>
              {(a) => (
                <Select {...a} {...form.register("stageId", { setValueAs: (v) => v || undefined })}>
                  <option value="">{t("firstStage")}</option>
                  {stages.data?.map((s) => (
                    <option key={s.id} value={s.id}>
                      {stageLabel(s)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          )}
          <Controller
            control={form.control}
            name="tags"
            render={({ field }) => (
              <Field label={t("tags")} hint={t("tagsHint")} error={err(e.tags?.message)}>
                {(a) => (
                  <Input
                    {...a}
                    defaultValue={(field.value ?? []).join(", ")}
                    onChange={(ev) =>
                      field.onChange(
                        ev.target.value
                          .split(",")
                          .map((s) => s.trim())
                          .filter(Boolean),
                      )
                    }
                  />
                )}
              </Field>
            )}
          />
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">{t("objectives")}</legend>
            <p className="text-xs text-zinc-500">{t("objectivesHint")}</p>
            <Select aria-label={t("period")} value={shownPeriod ?? ""} onChange={(ev) => setPeriodId(ev.target.value)} className="max-w-xs">
              {periods.data?.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </Select>
            <Controller
              control={form.control}
              name="objectiveIds"
              render={({ field }) => {
                const value = field.value ?? [];
                return (
                  <div className="max-h-48 space-y-1 overflow-y-auto rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
                    {listed.length === 0 ? (
                      <p className="px-1 text-sm text-zinc-500">{objectives.isLoading ? t("loading") : t("noObjectives")}</p>
                    ) : (
                      listed.map((o) => (
                        <label key={o.id} className="flex items-start gap-2 rounded px-1 py-0.5 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800">
                          <input
                            type="checkbox"
                            className="mt-0.5 size-4"
                            checked={value.includes(o.id)}
                            onChange={(ev) => field.onChange(ev.target.checked ? [...value, o.id] : value.filter((x) => x !== o.id))}
                          />
                          <span>{o.title}</span>
                        </label>
                      ))
                    )}
                  </div>
                );
              }}
            />
            {e.objectiveIds && <p className="text-xs font-medium text-red-600">{err(e.objectiveIds.message ?? e.objectiveIds.root?.message)}</p>}
          </fieldset>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={props.onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={form.formState.isSubmitting} data-testid="product-save">
              {editing ? t("save") : t("create")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
