"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { RISK_ACTION_STATUSES, ZAddActionInput } from "@/server/risks/schema";
import { CURRENCY_CODES, formatMinor, parseAmount } from "@/server/campaigns/money";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { MemberOptions } from "@/app/_components/app/org-options";
import { useErrorText } from "@/app/_components/app/use-error-text";
import type { RiskAction } from "./treatment";

type Values = z.input<typeof ZAddActionInput>;
type Output = z.output<typeof ZAddActionInput>;
const FIELDS = ["title", "ownerId", "dueOn", "costMinor", "currency", "status", "progress"];

/** Add or edit a treatment action: title, owner, due date, cost in a currency, status and progress. */
export function ActionDialog({ riskId, action, onClose }: { riskId: string; action: RiskAction | null; onClose: () => void }) {
  const t = useTranslations("risks.action");
  const ts = useTranslations("risks.treatment.status");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const campaignSettings = useQuery(trpc.campaign.settings.queryOptions({ orgSlug: org.slug }));
  const base = campaignSettings.data?.baseCurrency ?? "USD";
  // Subscribed here too so the owner select re-applies its value once the options arrive.
  useQuery(trpc.member.list.queryOptions({ orgSlug: org.slug, limit: 100 }));
  const form = useForm<Values, unknown, Output>({
    resolver: zodResolver(ZAddActionInput),
    defaultValues: {
      riskId,
      title: action?.title ?? "",
      ownerId: action?.ownerId ?? null,
      dueOn: action?.dueOn ?? null,
      costMinor: action?.costMinor ?? null,
      currency: action?.currency ?? null,
      status: action?.status ?? "todo",
      progress: action?.progress ?? 0,
    },
  });
  const [costText, setCostText] = useState(action?.costMinor != null && action.currency ? formatMinor(action.costMinor, action.currency) : "");
  const add = useMutation(trpc.risk.addAction.mutationOptions());
  const update = useMutation(trpc.risk.updateAction.mutationOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.risk.pathKey() });

  const save = form.handleSubmit(async (v) => {
    try {
      if (action) {
        const { riskId: _r, ...fields } = v;
        await update.mutateAsync({ ...fields, orgSlug: org.slug, actionId: action.id, version: action.version });
      } else {
        await add.mutateAsync({ ...v, orgSlug: org.slug });
      }
      toast.success(action ? t("saved") : t("added"));
      await refresh();
      onClose();
    } catch (e) {
      const fields = Object.keys(errorData(e).fieldErrors ?? {}).filter((f) => FIELDS.includes(f));
      showServerError(e, { setError: form.setError, fields, reloadLabel: tc("reload"), onReload: () => void refresh() });
    }
  });

  const onSubmit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    const currency = form.getValues("currency") ?? base;
    const text = costText.trim();
    let minor: number | null = null;
    if (text) {
      minor = parseAmount(text, currency);
      if (minor === null || minor < 0) {
        form.setError("costMinor", { type: "manual", message: t("costInvalid", { currency }) });
        return;
      }
    }
    form.setValue("costMinor", minor);
    form.setValue("currency", text ? currency : null);
    await save();
  };
  const e = form.formState.errors;

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={action ? t("editTitle") : t("newTitle")} closeLabel={tc("close")}>
        <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="action-form">
          <Field label={t("title")} error={err(e.title?.message)}>
            {(p) => <Input {...p} autoFocus {...form.register("title")} data-testid="action-title" />}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("owner")} error={err(e.ownerId?.message)}>
              {(p) => (
                <Controller
                  control={form.control}
                  name="ownerId"
                  render={({ field }) => (
                    <Select {...p} name={field.name} ref={field.ref} onBlur={field.onBlur} value={field.value ?? ""} onChange={(ev) => field.onChange(ev.target.value || null)}>
                      <option value="">{t("noOwner")}</option>
                      <MemberOptions />
                    </Select>
                  )}
                />
              )}
            </Field>
            <Field label={t("dueOn")} error={err(e.dueOn?.message)}>
              {(p) => (
                <Controller
                  control={form.control}
                  name="dueOn"
                  render={({ field }) => (
                    <Input {...p} type="date" name={field.name} ref={field.ref} onBlur={field.onBlur} value={field.value ?? ""} onChange={(ev) => field.onChange(ev.target.value || null)} />
                  )}
                />
              )}
            </Field>
            <Field label={t("cost")} error={err(e.costMinor?.message)} hint={t("costHint")}>
              {(p) => (
                <Input
                  {...p}
                  inputMode="decimal"
                  value={costText}
                  onChange={(ev) => {
                    setCostText(ev.target.value);
                    form.clearErrors("costMinor");
                  }}
                  data-testid="action-cost"
                />
              )}
            </Field>
            <Field label={t("currency")} error={err(e.currency?.message)}>
              {(p) => (
                <Controller
                  control={form.control}
                  name="currency"
                  render={({ field }) => (
                    <Select {...p} name={field.name} ref={field.ref} onBlur={field.onBlur} value={field.value ?? base} onChange={(ev) => field.onChange(ev.target.value)}>
                      {CURRENCY_CODES.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </Select>
                  )}
                />
              )}
            </Field>
            <Field label={t("status")} error={err(e.status?.message)}>
              {(p) => (
                <Select {...p} {...form.register("status")} data-testid="action-status">
                  {RISK_ACTION_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {ts(s)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label={t("progress")} error={err(e.progress?.message)} hint={t("progressHint")}>
              {(p) => <Input {...p} type="number" min={0} max={100} step={5} {...form.register("progress", { valueAsNumber: true })} data-testid="action-progress" />}
            </Field>
          </div>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={add.isPending || update.isPending} data-testid="action-save">
              {action ? t("save") : t("add")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
