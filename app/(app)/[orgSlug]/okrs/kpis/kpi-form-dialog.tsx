"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { ZCreateKpiInput } from "@/server/okrs/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select, Textarea } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { numberOrUndefined, type Kpi } from "./shared";

const FIELDS = [
  "name",
  "description",
  "unit",
  "departmentId",
  "ownerId",
  "direction",
  "greenThreshold",
  "amberThreshold",
] as const;
const nullIfEmpty = (v: unknown) => (v === "" || v == null ? null : v);

/** Creates a KPI, or edits one (with its version, so concurrent edits conflict instead of overwriting). */
export function KpiFormDialog({
  kpi,
  departments,
  onClose,
  onSaved,
}: {
  kpi: Kpi | null;
  departments: { id: string; name: string }[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useTranslations("kpis");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const members = useQuery(trpc.member.list.queryOptions({ orgSlug: org.slug, limit: 100 }));
  const form = useForm<z.input<typeof ZCreateKpiInput>, unknown, z.output<typeof ZCreateKpiInput>>({
    resolver: zodResolver(ZCreateKpiInput),
    defaultValues: kpi
      ? {
          name: kpi.name,
          description: kpi.description,
          unit: kpi.unit,
          departmentId: kpi.departmentId,
          ownerId: kpi.ownerId,
          direction: kpi.direction,
          greenThreshold: kpi.greenThreshold,
          amberThreshold: kpi.amberThreshold,
        }
      : {
          name: "",
          description: "",
          unit: "",
          departmentId: null,
          ownerId: null,
          direction: "higher_is_better",
        },
  });
  const create = useMutation(trpc.kpi.create.mutationOptions());
  const update = useMutation(trpc.kpi.update.mutationOptions());
  const e = form.formState.errors;
  const direction = useWatch({ control: form.control, name: "direction" });
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      if (kpi) await update.mutateAsync({ ...v, orgSlug: org.slug, kpiId: kpi.id, version: kpi.version });
      else await create.mutateAsync({ ...v, orgSlug: org.slug });
      toast.success(kpi ? tc("saved") : t("created", { name: v.name }));
      onSaved();
    } catch (x) {
      showServerError(x, {
        setError: form.setError,
        fields: FIELDS,
        onReload: onSaved,
        reloadLabel: tc("reload"),
      });
    }
  });
  const memberList = members.data?.items ?? [];
  const ownerMissing =
    !!kpi?.ownerId && members.isSuccess && !memberList.some((m) => m.userId === kpi.ownerId);

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title={kpi ? t("editTitle", { name: kpi.name }) : t("newTitle")}
        description={t("formDescription")}
        closeLabel={tc("close")}
      >
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <Field label={t("name")} error={err(e.name?.message)}>
            {(p) => <Input {...p} autoFocus maxLength={120} {...form.register("name")} />}
          </Field>
          <Field label={t("descriptionField")} hint={t("optional")} error={err(e.description?.message)}>
            {(p) => <Textarea {...p} rows={2} maxLength={2000} {...form.register("description")} />}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("unit")} hint={t("unitHint")} error={err(e.unit?.message)}>
              {(p) => <Input {...p} maxLength={20} {...form.register("unit")} />}
            </Field>
            <Field label={t("direction")} error={err(e.direction?.message)}>
              {(p) => (
                <Select {...p} {...form.register("direction")}>
                  <option value="higher_is_better">{t("directions.higher_is_better")}</option>
                  <option value="lower_is_better">{t("directions.lower_is_better")}</option>
                </Select>
              )}
            </Field>
            <Field label={t("department")} error={err(e.departmentId?.message)}>
              {(p) => (
                <Select {...p} {...form.register("departmentId", { setValueAs: nullIfEmpty })}>
                  <option value="">{t("noDepartment")}</option>
                  {departments.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label={t("owner")} error={err(e.ownerId?.message)}>
              {(p) =>
                // Rendered once the members are loaded, so the select shows the current owner.
                members.isPending ? (
                  <Select {...p} disabled aria-busy="true">
                    <option>…</option>
                  </Select>
                ) : (
                  <Select {...p} {...form.register("ownerId", { setValueAs: nullIfEmpty })}>
                    <option value="">{t("noOwner")}</option>
                    {ownerMissing && <option value={kpi.ownerId!}>{t("currentOwner")}</option>}
                    {memberList.map((m) => (
                      <option key={m.userId} value={m.userId}>
                        {m.name}
                      </option>
                    ))}
                  </Select>
                )
              }
            </Field>
            <Field
              label={t("greenThreshold")}
              hint={direction === "lower_is_better" ? t("greenHintLower") : t("greenHintHigher")}
              error={err(e.greenThreshold?.message)}
            >
              {(p) => (
                <Input
                  {...p}
                  type="number"
                  step="any"
                  inputMode="decimal"
                  {...form.register("greenThreshold", { setValueAs: numberOrUndefined })}
                />
              )}
            </Field>
            <Field
              label={t("amberThreshold")}
              hint={direction === "lower_is_better" ? t("amberHintLower") : t("amberHintHigher")}
              error={err(e.amberThreshold?.message)}
            >
              {(p) => (
                <Input
                  {...p}
                  type="number"
                  step="any"
                  inputMode="decimal"
                  {...form.register("amberThreshold", { setValueAs: numberOrUndefined })}
                />
              )}
            </Field>
          </div>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {tc("save")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
