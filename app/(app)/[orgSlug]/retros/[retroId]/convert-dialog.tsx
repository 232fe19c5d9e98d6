"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { errorData } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { useRiskLabels } from "@/app/_components/risks/risk-ui";
import { useShowError } from "@/app/_components/retros/retro-ui";
import type { RetroAction } from "./live";

type Target = "objective" | "key_result" | "kpi" | "risk";

/**
 * Turns an action into planned work: a draft objective for a period (the one after the retro's by
 * default), a key result of an objective, a KPI to watch, or a risk. The new item links back to the action.
 */
export function ConvertDialog({ action, periodId: retroPeriodId, onClose, onDone }: { action: RetroAction; periodId: string | null; onClose: () => void; onDone: () => void }) {
  const t = useTranslations("retros.convert");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const showError = useShowError();
  const riskLabels = useRiskLabels();
  const periods = useQuery(trpc.period.list.queryOptions({ orgSlug: org.slug }));
  const settings = useQuery(trpc.risk.settings.queryOptions({ orgSlug: org.slug }));
  const convert = useMutation(trpc.retro.convertAction.mutationOptions());
  const [to, setTo] = useState<Target>("key_result");
  const [periodId, setPeriodId] = useState<string | null>(null);
  const [objectiveId, setObjectiveId] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [kpi, setKpi] = useState({ unit: "", direction: "higher_is_better" as "higher_is_better" | "lower_is_better", green: "", amber: "" });
  const num = (v: string) => (v.trim() === "" ? NaN : Number(v));

  // The plan the action feeds: the period after the retro's (same kind), else the retro's, else the first open one.
  const sorted = [...(periods.data ?? [])].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  const own = sorted.find((p) => p.id === retroPeriodId);
  const nextPeriod = own ? sorted.find((p) => p.kind === own.kind && p.startsOn > own.startsOn) : undefined;
  const defaultPeriod = nextPeriod?.id ?? own?.id ?? sorted.find((p) => p.status !== "closed")?.id ?? sorted[0]?.id ?? "";
  const shownPeriod = periodId ?? defaultPeriod;
  const objectives = useQuery({ ...trpc.objective.list.queryOptions({ orgSlug: org.slug, periodId: shownPeriod }), enabled: !!shownPeriod && to === "key_result" });
  const objectiveList = (objectives.data ?? []).filter((o) => o.status !== "cancelled");
  const shownObjective = objectiveId ?? objectiveList[0]?.id ?? "";
  const categories = settings.data?.categories ?? [];
  const shownCategory = category ?? categories[0] ?? "";

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setFieldErrors({});
    try {
      const input =
        to === "objective"
          ? { orgSlug: org.slug, actionId: action.id, to, periodId: shownPeriod }
          : to === "key_result"
            ? { orgSlug: org.slug, actionId: action.id, to, objectiveId: shownObjective, targetValue: 1 }
            : to === "kpi"
              ? { orgSlug: org.slug, actionId: action.id, to, unit: kpi.unit, direction: kpi.direction, greenThreshold: num(kpi.green), amberThreshold: num(kpi.amber) }
              : { orgSlug: org.slug, actionId: action.id, to, category: shownCategory };
      if (to === "kpi" && (Number.isNaN(num(kpi.green)) || Number.isNaN(num(kpi.amber)))) {
        setFieldErrors({ ...(Number.isNaN(num(kpi.green)) ? { greenThreshold: "v.number" } : {}), ...(Number.isNaN(num(kpi.amber)) ? { amberThreshold: "v.number" } : {}) });
        return;
      }
      await convert.mutateAsync(input);
      toast.success(t("done"));
      onDone();
      onClose();
    } catch (ex) {
      const fe = errorData(ex).fieldErrors;
      if (fe && Object.keys(fe).some((k) => ["periodId", "objectiveId", "category", "greenThreshold", "amberThreshold"].includes(k))) {
        setFieldErrors(Object.fromEntries(Object.entries(fe).map(([k, v]) => [k, v.join(" ")])));
      } else showError(ex, onDone);
    }
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t("title")} description={t("description", { title: action.title })} closeLabel={tc("close")}>
        <form onSubmit={submit} className="space-y-4" noValidate data-testid="convert-form">
          <fieldset className="space-y-1.5">
            <legend className="text-sm font-medium">{t("to")}</legend>
            {(["key_result", "objective", "kpi", "risk"] as const).map((k) => (
              <label key={k} className="flex items-center gap-2 text-sm">
                <input type="radio" name="to" value={k} checked={to === k} onChange={() => setTo(k)} className="size-4" data-testid={`convert-to-${k}`} />
                {t(k)}
              </label>
            ))}
          </fieldset>
          {(to === "objective" || to === "key_result") && (
            <Field label={t("period")} error={err(fieldErrors.periodId)}>
              {(a) => (
                <Select {...a} value={shownPeriod} onChange={(e) => { setPeriodId(e.target.value); setObjectiveId(null); }} data-testid="convert-period">
                  {sorted.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          )}
          {to === "key_result" && (
            <Field label={t("objective_field")} error={err(fieldErrors.objectiveId)} hint={!objectives.isLoading && objectiveList.length === 0 ? t("noObjectives") : undefined}>
              {(a) => (
                <Select {...a} value={shownObjective} onChange={(e) => setObjectiveId(e.target.value)} disabled={!objectiveList.length} data-testid="convert-objective">
                  {objectiveList.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.title}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          )}
          {to === "kpi" && (
            <div className="grid gap-3 sm:grid-cols-2">
              <Field label={t("kpiDirection")}>
                {(a) => (
                  <Select {...a} value={kpi.direction} onChange={(e) => setKpi({ ...kpi, direction: e.target.value as typeof kpi.direction })} data-testid="convert-kpi-direction">
                    <option value="higher_is_better">{t("higherIsBetter")}</option>
                    <option value="lower_is_better">{t("lowerIsBetter")}</option>
                  </Select>
                )}
              </Field>
              <Field label={t("kpiUnit")}>
                {(a) => <Input {...a} value={kpi.unit} maxLength={20} onChange={(e) => setKpi({ ...kpi, unit: e.target.value })} />}
              </Field>
              <Field label={t("greenThreshold")} error={err(fieldErrors.greenThreshold)}>
                {(a) => <Input {...a} inputMode="decimal" value={kpi.green} onChange={(e) => setKpi({ ...kpi, green: e.target.value })} data-testid="convert-kpi-green" />}
              </Field>
              <Field label={t("amberThreshold")} error={err(fieldErrors.amberThreshold)}>
                {(a) => <Input {...a} inputMode="decimal" value={kpi.amber} onChange={(e) => setKpi({ ...kpi, amber: e.target.value })} data-testid="convert-kpi-amber" />}
              </Field>
            </div>
          )}
          {to === "risk" && (
            <Field label={t("category")} error={err(fieldErrors.category)}>
              {(a) => (
                <Select {...a} value={shownCategory} onChange={(e) => setCategory(e.target.value)} data-testid="convert-category">
                  {categories.map((c) => (
                    <option key={c} value={c}>
                      {riskLabels.category(c)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          )}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={convert.isPending} disabled={(to === "key_result" && !shownObjective) || (to === "risk" && !shownCategory) || (to === "objective" && !shownPeriod)} data-testid="convert-save">
              {t("save")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
