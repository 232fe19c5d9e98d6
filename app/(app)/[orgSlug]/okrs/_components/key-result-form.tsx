"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import { z } from "zod";
import { ZKrDirection, ZKrType } from "@/server/okrs/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { MemberOptions } from "@/app/_components/app/org-options";
import { useErrorText } from "@/app/_components/app/use-error-text";

const num = z.string().trim().refine((s) => s === "" || Number.isFinite(Number(s)), "v.number");
const ZForm = z.object({
  title: z.string().trim().min(1).max(200),
  ownerId: z.string().uuid(),
  type: ZKrType,
  unit: z.string().trim().max(20),
  direction: ZKrDirection,
  startValue: num,
  targetValue: num,
  bandMin: num,
  bandMax: num,
  weight: num,
  kpiId: z.string(),
});
type Values = z.input<typeof ZForm>;

export interface KeyResultFormValue {
  id: string;
  version: number;
  title: string;
  ownerId: string;
  type: "number" | "percentage" | "currency" | "milestone";
  unit: string;
  direction: "increase" | "decrease" | "band";
  startValue: number;
  targetValue: number;
  bandMin: number | null;
  bandMax: number | null;
  weight: number;
  kpiId: string | null;
}

const toNum = (s: string, fallback: number | null) => (s.trim() === "" ? fallback : Number(s));

export function KeyResultFormDialog({
  objectiveId,
  keyResult,
  defaultOwnerId,
  onClose,
}: {
  objectiveId: string;
  keyResult?: KeyResultFormValue;
  defaultOwnerId: string;
  onClose: () => void;
}) {
  const t = useTranslations("okrs.krForm");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const kpis = useQuery(trpc.kpi.list.queryOptions({ orgSlug: org.slug }));
  const form = useForm<Values>({
    resolver: zodResolver(ZForm),
    defaultValues: {
      title: keyResult?.title ?? "",
      ownerId: keyResult?.ownerId ?? defaultOwnerId,
      type: keyResult?.type ?? "number",
      unit: keyResult?.unit ?? "",
      direction: keyResult?.direction ?? "increase",
      startValue: String(keyResult?.startValue ?? 0),
      targetValue: keyResult ? String(keyResult.targetValue) : "",
      bandMin: keyResult?.bandMin != null ? String(keyResult.bandMin) : "",
      bandMax: keyResult?.bandMax != null ? String(keyResult.bandMax) : "",
      weight: String(keyResult?.weight ?? 1),
      kpiId: keyResult?.kpiId ?? "",
    },
  });
  const type = useWatch({ control: form.control, name: "type" });
  const direction = useWatch({ control: form.control, name: "direction" });
  const create = useMutation(trpc.keyResult.create.mutationOptions());
  const update = useMutation(trpc.keyResult.update.mutationOptions());
  const onSubmit = form.handleSubmit(async (v) => {
    const milestone = v.type === "milestone";
    const payload = {
      orgSlug: org.slug,
      title: v.title,
      ownerId: v.ownerId,
      type: v.type,
      unit: v.unit,
      direction: milestone ? ("increase" as const) : v.direction,
      startValue: milestone ? 0 : (toNum(v.startValue, 0) as number),
      targetValue: milestone ? 1 : (toNum(v.targetValue, v.direction === "band" ? (toNum(v.bandMax, 0) as number) : Number.NaN) as number),
      bandMin: v.direction === "band" ? toNum(v.bandMin, null) : null,
      bandMax: v.direction === "band" ? toNum(v.bandMax, null) : null,
      weight: toNum(v.weight, 1) as number,
      kpiId: v.kpiId || null,
    };
    if (!milestone && Number.isNaN(payload.targetValue)) {
      form.setError("targetValue", { message: "v.required" });
      return;
    }
    try {
      if (keyResult) await update.mutateAsync({ ...payload, keyResultId: keyResult.id, version: keyResult.version });
      else await create.mutateAsync({ ...payload, objectiveId });
      toast.success(keyResult ? tc("saved") : t("created"));
      await qc.invalidateQueries({ queryKey: trpc.objective.pathKey() });
      onClose();
    } catch (e) {
      showServerError(e, {
        setError: form.setError,
        fields: ["title", "ownerId", "type", "unit", "direction", "startValue", "targetValue", "bandMin", "bandMax", "weight", "kpiId"],
        reloadLabel: tc("reload"),
        onReload: () => qc.invalidateQueries({ queryKey: trpc.objective.pathKey() }),
      });
    }
  });
  const e = form.formState.errors;
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={keyResult ? t("editTitle") : t("newTitle")} description={t("hint")} closeLabel={tc("close")} className="max-w-2xl">
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <Field label={t("title")} error={err(e.title?.message)}>
            {(p) => <Input {...p} autoFocus {...form.register("title")} />}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("owner")} error={err(e.ownerId?.message)}>
              {(p) => (
                <Select {...p} {...form.register("ownerId")}>
                  <MemberOptions />
                </Select>
              )}
            </Field>
            <Field label={t("type")} error={err(e.type?.message)}>
              {(p) => (
                <Select {...p} {...form.register("type")}>
                  {ZKrType.options.map((k) => (
                    <option key={k} value={k}>{t(`types.${k}`)}</option>
                  ))}
                </Select>
              )}
            </Field>
            {type !== "milestone" && (
              <>
                <Field label={t("direction")} error={err(e.direction?.message)}>
                  {(p) => (
                    <Select {...p} {...form.register("direction")}>
                      {ZKrDirection.options.map((d) => (
                        <option key={d} value={d}>{t(`directions.${d}`)}</option>
                      ))}
                    </Select>
                  )}
                </Field>
                <Field label={t("unit")} error={err(e.unit?.message)} hint={t("unitHint")}>
                  {(p) => <Input {...p} {...form.register("unit")} disabled={type === "percentage"} />}
                </Field>
                {direction === "band" ? (
                  <>
                    <Field label={t("bandMin")} error={err(e.bandMin?.message)}>
                      {(p) => <Input {...p} inputMode="decimal" {...form.register("bandMin")} />}
                    </Field>
                    <Field label={t("bandMax")} error={err(e.bandMax?.message)}>
                      {(p) => <Input {...p} inputMode="decimal" {...form.register("bandMax")} />}
                    </Field>
                  </>
                ) : (
                  <>
                    <Field label={t("start")} error={err(e.startValue?.message)}>
                      {(p) => <Input {...p} inputMode="decimal" {...form.register("startValue")} />}
                    </Field>
                    <Field label={t("target")} error={err(e.targetValue?.message)}>
                      {(p) => <Input {...p} inputMode="decimal" {...form.register("targetValue")} />}
                    </Field>
                  </>
                )}
              </>
            )}
            <Field label={t("weight")} error={err(e.weight?.message)} hint={t("weightHint")}>
              {(p) => <Input {...p} inputMode="decimal" {...form.register("weight")} />}
            </Field>
            <Field label={t("kpi")} error={err(e.kpiId?.message)} hint={t("kpiHint")}>
              {(p) => (
                <Select {...p} {...form.register("kpiId")}>
                  <option value="">{t("noKpi")}</option>
                  {kpis.data?.map((k) => (
                    <option key={k.id} value={k.id}>{k.name}</option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>{tc("cancel")}</Button>
            <Button type="submit" loading={create.isPending || update.isPending}>{keyResult ? tc("save") : t("create")}</Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
