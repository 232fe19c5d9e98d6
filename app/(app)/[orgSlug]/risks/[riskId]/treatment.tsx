"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Pencil, Plus, Trash2 } from "lucide-react";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { RISK_STRATEGIES, ZTreatmentInput } from "@/server/risks/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Badge } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { Field, Select } from "@/app/_components/ui/field";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { cn } from "@/app/_components/ui/cn";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { dateOf, todayIso, useRiskLabels } from "@/app/_components/risks/risk-ui";
import { formatMoney } from "../../campaigns/filters";
import { Section } from "./shared";
import type { RiskView } from "./types";

const ActionDialog = dynamic(() => import("./action-dialog").then((m) => m.ActionDialog));

export type RiskAction = RiskView["actions"][number];

const ACTION_STATUS_STYLE: Record<string, string> = {
  todo: "",
  in_progress: "bg-sky-50 text-sky-700 dark:bg-sky-900/30 dark:text-sky-300",
  done: "bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300",
  cancelled: "bg-zinc-200 text-zinc-500 line-through dark:bg-zinc-700 dark:text-zinc-400",
};

/** Treatment: the strategy and the residual expected after it, then the actions that carry it out. */
export function Treatment({ risk: r, mayUpdate }: { risk: RiskView; mayUpdate: boolean }) {
  const t = useTranslations("risks.treatment");
  const tc = useTranslations("common");
  const format = useFormatter();
  const locale = useLocale();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<RiskAction | "new" | null>(null);
  const [deleting, setDeleting] = useState<RiskAction | null>(null);
  const remove = useMutation(trpc.risk.deleteAction.mutationOptions());
  const today = todayIso();
  const open = r.actions.filter((a) => a.status === "todo" || a.status === "in_progress").length;

  const onDelete = async () => {
    if (!deleting) return;
    try {
      await remove.mutateAsync({ orgSlug: org.slug, actionId: deleting.id });
      toast.success(t("actionDeleted"));
      await qc.invalidateQueries({ queryKey: trpc.risk.pathKey() });
      setDeleting(null);
    } catch (e) {
      setDeleting(null);
      showServerError(e);
    }
  };

  return (
    <Section id="treatment" title={t("title")} description={t("summary", { open, total: r.actions.length })}>
      <TreatmentForm key={r.version} risk={r} mayUpdate={mayUpdate && r.status !== "closed"} />

      <div className="mt-4">
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <h3 className="text-sm font-medium">{t("actions")}</h3>
          {mayUpdate && (
            <Button size="sm" variant="secondary" onClick={() => setEditing("new")} data-testid="action-add">
              <Plus className="size-4" aria-hidden /> {t("addAction")}
            </Button>
          )}
        </div>
        {r.actions.length === 0 ? (
          <p className="rounded-md border border-dashed border-zinc-300 p-4 text-center text-sm text-zinc-500 dark:border-zinc-700">{t("noActions")}</p>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full text-sm" data-testid="risk-actions">
              <caption className="sr-only">{t("actions")}</caption>
              <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:border-zinc-800">
                <tr>
                  <th scope="col" className="whitespace-nowrap py-1.5 pr-3 font-medium">{t("col.title")}</th>
                  <th scope="col" className="whitespace-nowrap py-1.5 pr-3 font-medium">{t("col.owner")}</th>
                  <th scope="col" className="whitespace-nowrap py-1.5 pr-3 font-medium">{t("col.due")}</th>
                  <th scope="col" className="whitespace-nowrap py-1.5 pr-3 text-right font-medium">{t("col.cost")}</th>
                  <th scope="col" className="whitespace-nowrap py-1.5 pr-3 font-medium">{t("col.status")}</th>
                  <th scope="col" className="whitespace-nowrap py-1.5 pr-3 font-medium">{t("col.progress")}</th>
                  {mayUpdate && (
                    <th scope="col" className="py-1.5 font-medium">
                      <span className="sr-only">{tc("actions")}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {r.actions.map((a) => {
                  const late = !!a.dueOn && a.dueOn < today && (a.status === "todo" || a.status === "in_progress");
                  return (
                    <tr key={a.id} data-testid="action-row">
                      <td className="min-w-40 py-2 pr-3 font-medium">{a.title}</td>
                      <td className="whitespace-nowrap py-2 pr-3">{a.ownerName ?? <span className="text-zinc-400">—</span>}</td>
                      <td className={cn("whitespace-nowrap py-2 pr-3", late && "font-medium text-red-600 dark:text-red-400")}>
                        {a.dueOn ? format.dateTime(dateOf(a.dueOn), { dateStyle: "medium", timeZone: "UTC" }) : "—"}
                        {late && <span className="sr-only"> ({t("late")})</span>}
                      </td>
                      <td className="whitespace-nowrap py-2 pr-3 text-right tabular-nums">{a.costMinor != null && a.currency ? formatMoney(locale, a.costMinor, a.currency) : "—"}</td>
                      <td className="whitespace-nowrap py-2 pr-3">
                        <Badge className={ACTION_STATUS_STYLE[a.status]}>{t(`status.${a.status}`)}</Badge>
                      </td>
                      <td className="py-2 pr-3">
                        <div className="flex items-center gap-2">
                          <div className="h-1.5 w-16 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={a.progress} aria-label={t("col.progress")}>
                            <div className="h-full rounded-full bg-brand-500" style={{ width: `${a.progress}%` }} />
                          </div>
                          <span className="text-xs tabular-nums text-zinc-500">{a.progress}%</span>
                        </div>
                      </td>
                      {mayUpdate && (
                        <td className="whitespace-nowrap py-2 text-right">
                          <Button size="sm" variant="ghost" className="px-2" onClick={() => setEditing(a)} aria-label={t("editAction", { title: a.title })}>
                            <Pencil className="size-4" aria-hidden />
                          </Button>
                          <Button size="sm" variant="ghost" className="px-2" onClick={() => setDeleting(a)} aria-label={t("deleteAction", { title: a.title })}>
                            <Trash2 className="size-4" aria-hidden />
                          </Button>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>

      {editing && <ActionDialog riskId={r.id} action={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={t("deleteTitle")}
        description={deleting ? t("deleteBody", { title: deleting.title }) : undefined}
        confirmLabel={tc("delete")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        onConfirm={onDelete}
        loading={remove.isPending}
      />
    </Section>
  );
}

type TreatmentValues = z.input<typeof ZTreatmentInput>;
type TreatmentOutput = z.output<typeof ZTreatmentInput>;

function TreatmentForm({ risk: r, mayUpdate }: { risk: RiskView; mayUpdate: boolean }) {
  const t = useTranslations("risks.treatment");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const labels = useRiskLabels(r.scales);
  const form = useForm<TreatmentValues, unknown, TreatmentOutput>({
    resolver: zodResolver(ZTreatmentInput),
    defaultValues: { riskId: r.id, version: r.version, strategy: r.strategy ?? "mitigate", targetLikelihood: r.targetLikelihood, targetImpact: r.targetImpact },
  });
  const save = useMutation(trpc.risk.setTreatment.mutationOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.risk.pathKey() });
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await save.mutateAsync({ ...v, orgSlug: org.slug });
      toast.success(t("saved"));
      await refresh();
    } catch (e) {
      const fields = Object.keys(errorData(e).fieldErrors ?? {}).filter((f) => ["strategy", "targetLikelihood", "targetImpact"].includes(f));
      showServerError(e, { setError: form.setError, fields, reloadLabel: tc("reload"), onReload: () => void refresh() });
    }
  });
  const e = form.formState.errors;

  if (!mayUpdate) {
    return (
      <dl className="grid gap-3 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{t("strategy")}</dt>
          <dd className="mt-1">{r.strategy ? labels.strategy(r.strategy) : t("noStrategy")}</dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{t("target")}</dt>
          <dd className="mt-1">{r.targetScore != null ? t("targetValue", { score: r.targetScore, likelihood: r.targetLikelihood ?? 0, impact: r.targetImpact ?? 0 }) : "—"}</dd>
        </div>
      </dl>
    );
  }

  const scoreSelect = (name: "targetLikelihood" | "targetImpact", kind: "likelihood" | "impact") => (
    <Controller
      control={form.control}
      name={name}
      render={({ field }) => (
        <Field label={t(name)} error={err(e[name]?.message)}>
          {(p) => (
            <Select {...p} name={field.name} onBlur={field.onBlur} ref={field.ref} value={field.value ?? ""} onChange={(ev) => field.onChange(ev.target.value ? Number(ev.target.value) : null)}>
              <option value="">{t("noTarget")}</option>
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>
                  {n} · {kind === "likelihood" ? labels.likelihood(n) : labels.impact(n)}
                </option>
              ))}
            </Select>
          )}
        </Field>
      )}
    />
  );

  return (
    <form onSubmit={onSubmit} noValidate className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_1fr_auto]" data-testid="treatment-form">
      <Field label={t("strategy")} error={err(e.strategy?.message)}>
        {(p) => (
          <Select {...p} {...form.register("strategy")} data-testid="treatment-strategy">
            {RISK_STRATEGIES.map((s) => (
              <option key={s} value={s}>
                {labels.strategy(s)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {scoreSelect("targetLikelihood", "likelihood")}
      {scoreSelect("targetImpact", "impact")}
      <Button type="submit" variant="secondary" loading={save.isPending} disabled={!form.formState.isDirty && r.strategy !== null} data-testid="treatment-save">
        {tc("save")}
      </Button>
    </form>
  );
}
