"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { ZAssessInput } from "@/server/risks/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Textarea } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { cn } from "@/app/_components/ui/cn";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { LevelBadge, levelIn, useRiskLabels, type ScaleLevel } from "@/app/_components/risks/risk-ui";
import type { RiskView } from "./types";

type Values = z.input<typeof ZAssessInput>;
type Output = z.output<typeof ZAssessInput>;
const FIELDS = ["inherentLikelihood", "inherentImpact", "residualLikelihood", "residualImpact", "rationale"];

/**
 * Assess a risk: likelihood and impact before controls (inherent) and after (residual), each on the
 * organisation's 1–5 scale with its labels; the score and level update as you choose. A residual score
 * above the inherent one needs a rationale.
 */
export function AssessDialog({ risk: r, onClose }: { risk: RiskView; onClose: () => void }) {
  const t = useTranslations("risks.assess");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const settings = useQuery(trpc.risk.settings.queryOptions({ orgSlug: org.slug }));
  const labels = useRiskLabels(r.scales);
  const form = useForm<Values, unknown, Output>({
    resolver: zodResolver(ZAssessInput),
    defaultValues: {
      riskId: r.id,
      version: r.version,
      inherentLikelihood: r.inherentLikelihood ?? 3,
      inherentImpact: r.inherentImpact ?? 3,
      residualLikelihood: r.residualLikelihood ?? r.inherentLikelihood ?? 3,
      residualImpact: r.residualImpact ?? r.inherentImpact ?? 3,
      rationale: "",
    },
  });
  const assess = useMutation(trpc.risk.assess.mutationOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.risk.pathKey() });
  const [il, ii, rl, ri] = useWatch({ control: form.control, name: ["inherentLikelihood", "inherentImpact", "residualLikelihood", "residualImpact"] });
  const matrix = settings.data?.matrix ?? [];
  const appetite = r.appetite;
  const inherent = il * ii;
  const residual = rl * ri;
  const residualAbove = residual > inherent;

  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await assess.mutateAsync({ ...v, orgSlug: org.slug });
      toast.success(t("saved"));
      await refresh();
      onClose();
    } catch (e) {
      const fields = Object.keys(errorData(e).fieldErrors ?? {}).filter((f) => FIELDS.includes(f));
      showServerError(e, { setError: form.setError, fields, reloadLabel: tc("reload"), onReload: () => void refresh() });
    }
  });
  const e = form.formState.errors;

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t("title")} description={t("description")} closeLabel={tc("close")} className="max-w-2xl">
        <form onSubmit={onSubmit} className="space-y-5" noValidate data-testid="assess-form">
          {(["inherent", "residual"] as const).map((kind) => {
            const score = kind === "inherent" ? inherent : residual;
            const l = kind === "inherent" ? il : rl;
            const i = kind === "inherent" ? ii : ri;
            return (
              <fieldset key={kind} className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
                <legend className="px-1 text-sm font-semibold">{t(`${kind}Legend`)}</legend>
                <p className="text-xs text-zinc-500">{t(`${kind}Hint`)}</p>
                <Controller
                  control={form.control}
                  name={kind === "inherent" ? "inherentLikelihood" : "residualLikelihood"}
                  render={({ field }) => (
                    <ScorePicker
                      name={field.name}
                      legend={t("likelihood")}
                      value={field.value}
                      onChange={field.onChange}
                      scale={(n) => labels.scale("likelihood", n)}
                      error={err(e[field.name]?.message)}
                    />
                  )}
                />
                <Controller
                  control={form.control}
                  name={kind === "inherent" ? "inherentImpact" : "residualImpact"}
                  render={({ field }) => (
                    <ScorePicker
                      name={field.name}
                      legend={t("impact")}
                      value={field.value}
                      onChange={field.onChange}
                      scale={(n) => labels.scale("impact", n)}
                      error={err(e[field.name]?.message)}
                    />
                  )}
                />
                <p className="flex flex-wrap items-center gap-2 text-sm" aria-live="polite" data-testid={`assess-preview-${kind}`}>
                  <span>{t("preview", { likelihood: l, impact: i, score })}</span>
                  {matrix.length > 0 && <LevelBadge level={levelIn(matrix, l, i)} testId={null} />}
                  {kind === "residual" && score > appetite && <span className="text-xs font-medium text-orange-700 dark:text-orange-400">{t("aboveAppetite", { appetite })}</span>}
                  {kind === "residual" && score <= appetite && <span className="text-xs text-emerald-700 dark:text-emerald-400">{t("withinAppetite", { appetite })}</span>}
                </p>
              </fieldset>
            );
          })}
          <Field label={t("rationale")} error={err(e.rationale?.message)} hint={residualAbove ? t("rationaleRequired") : t("rationaleHint")}>
            {(p) => <Textarea {...p} rows={3} {...form.register("rationale")} data-testid="assess-rationale" />}
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={assess.isPending} data-testid="assess-save">
              {t("save")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Five radio buttons (1–5) with the scale's labels; the chosen level's description shows below. */
function ScorePicker({
  name,
  legend,
  value,
  onChange,
  scale,
  error,
}: {
  name: string;
  legend: string;
  value: number;
  onChange: (v: number) => void;
  scale: (n: number) => ScaleLevel;
  error?: string;
}) {
  const id = useId();
  const chosen = scale(value);
  return (
    <fieldset aria-describedby={`${id}-desc`} aria-invalid={error ? true : undefined}>
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      <div className="grid grid-cols-5 gap-1">
        {[1, 2, 3, 4, 5].map((n) => {
          const s = scale(n);
          return (
            <label
              key={n}
              className={cn(
                "flex cursor-pointer flex-col items-center rounded-md border px-1 py-1.5 text-center has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500",
                value === n
                  ? "border-brand-600 bg-brand-50 text-brand-700 dark:bg-brand-700/30 dark:text-brand-100"
                  : "border-zinc-200 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800",
              )}
              title={s.description}
            >
              <input type="radio" className="sr-only" name={name} value={n} checked={value === n} onChange={() => onChange(n)} data-testid={`${name}-${n}`} />
              <span className="text-base font-semibold tabular-nums">{n}</span>
              <span className="line-clamp-2 text-[11px] leading-tight">{s.label}</span>
            </label>
          );
        })}
      </div>
      <p id={`${id}-desc`} className="mt-1 text-xs text-zinc-500">
        {chosen.label}: {chosen.description}
      </p>
      {error && <p className="mt-1 text-xs font-medium text-red-600 dark:text-red-400">{error}</p>}
    </fieldset>
  );
}
