"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { ZRecordKpiValueInput } from "@/server/okrs/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { numberOrUndefined, type Kpi } from "./shared";

/** Records one observed value of a KPI; key results tracking the KPI get it as a check-in. */
export function RecordValueDialog({
  kpi,
  today,
  onClose,
  onSaved,
}: {
  kpi: Kpi;
  today: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useTranslations("kpis");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const form = useForm<z.input<typeof ZRecordKpiValueInput>, unknown, z.output<typeof ZRecordKpiValueInput>>({
    resolver: zodResolver(ZRecordKpiValueInput),
    defaultValues: { kpiId: kpi.id, observedOn: today, note: "" },
  });
  const record = useMutation(trpc.kpi.recordValue.mutationOptions());
  const e = form.formState.errors;
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      const res = await record.mutateAsync({ ...v, orgSlug: org.slug });
      toast.success(
        res.feedsKeyResults > 0
          ? t("recordedFeeds", { name: kpi.name, count: res.feedsKeyResults })
          : t("recorded", { name: kpi.name }),
      );
      onSaved();
    } catch (x) {
      showServerError(x, { setError: form.setError, fields: ["observedOn", "value", "note"] });
    }
  });
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title={t("recordTitle", { name: kpi.name })}
        description={t("recordDescription")}
        closeLabel={tc("close")}
      >
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("date")} error={err(e.observedOn?.message)}>
              {(p) => <Input {...p} type="date" {...form.register("observedOn")} />}
            </Field>
            <Field
              label={kpi.unit ? t("valueWithUnit", { unit: kpi.unit }) : t("value")}
              error={err(e.value?.message)}
            >
              {(p) => (
                <Input
                  {...p}
                  type="number"
                  step="any"
                  inputMode="decimal"
                  autoFocus
                  {...form.register("value", { setValueAs: numberOrUndefined })}
                />
              )}
            </Field>
          </div>
          <Field label={t("note")} hint={t("optional")} error={err(e.note?.message)}>
            {(p) => <Input {...p} maxLength={1000} {...form.register("note")} />}
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={record.isPending}>
              {t("record")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
