"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { Lock, Plus, RotateCcw, X } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useId, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { RISK_LEVEL_VALUES, ZRiskSettingsInput } from "@/server/risks/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Card } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { Input, Textarea } from "@/app/_components/ui/field";
import { cn } from "@/app/_components/ui/cn";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { LevelLegend } from "@/app/_components/risks/heat-map";
import { DEFAULT_CATEGORY_IDS, LEVEL_CELL, useRiskLabels, type RiskLevel } from "@/app/_components/risks/risk-ui";

type Values = z.input<typeof ZRiskSettingsInput>;
type Output = z.output<typeof ZRiskSettingsInput>;
const ONE_TO_FIVE = [1, 2, 3, 4, 5] as const;
const DEFAULT_REVIEW_DAYS: Record<RiskLevel, number> = { low: 365, medium: 180, high: 90, critical: 30 };
const FIELDS = ["categories", "appetite", "categoryAppetite", "likelihoodScale", "impactScale", "matrix", "reviewDays"];

const defaultLevel = (s: number): RiskLevel => (s >= 16 ? "critical" : s >= 10 ? "high" : s >= 5 ? "medium" : "low");
const defaultMatrix = () => ONE_TO_FIVE.map((l) => ONE_TO_FIVE.map((i) => defaultLevel(l * i)));
const rank = (l: RiskLevel) => RISK_LEVEL_VALUES.indexOf(l);
/** Cells whose level is lower than the cell below or to the left (the server refuses such a matrix). */
function nonMonotone(matrix: RiskLevel[][]): Set<string> {
  const bad = new Set<string>();
  for (let l = 0; l < 5; l++)
    for (let i = 0; i < 5; i++) {
      const here = rank(matrix[l]![i]!);
      if ((l > 0 && rank(matrix[l - 1]![i]!) > here) || (i > 0 && rank(matrix[l]![i - 1]!) > here)) bad.add(`${l + 1}-${i + 1}`);
    }
  return bad;
}
/** "Supply chain" → "supply_chain": a category id the server accepts, or "" when nothing usable is left. */
function toCategoryId(text: string) {
  const id = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_")
    .replace(/[^a-z0-9_]/g, "")
    .replace(/^[^a-z]+/, "")
    .slice(0, 40);
  return id;
}
/** The message of a field error on an object or array field (its own, or its root's). */
const messageOf = (x: unknown): string | undefined => {
  const m = x as { message?: unknown; root?: { message?: unknown } } | undefined;
  return typeof m?.message === "string" ? m.message : typeof m?.root?.message === "string" ? m.root.message : undefined;
};
const fiveScale = (s: { label: string; description: string }[]) => ONE_TO_FIVE.map((n) => ({ label: s[n - 1]?.label ?? "", description: s[n - 1]?.description ?? "" }));

/**
 * The organisation's risk settings: categories and their appetite, the likelihood and impact scales,
 * the 5×5 level matrix (click a cell to change its level) and review cadence per level. Admins edit;
 * everyone else reads.
 */
export function RiskSettingsClient() {
  const t = useTranslations("risks.settings");
  const tr = useTranslations("risks");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const mayEdit = useCan("risk.settings");
  const { data: s } = useSuspenseQuery(trpc.risk.settings.queryOptions({ orgSlug: org.slug }));
  const labels = useRiskLabels();
  const form = useForm<Values, unknown, Output>({
    resolver: zodResolver(ZRiskSettingsInput),
    defaultValues: {
      categories: s.categories,
      appetite: s.appetite,
      categoryAppetite: s.categoryAppetite,
      likelihoodScale: fiveScale(s.likelihoodScale),
      impactScale: fiveScale(s.impactScale),
      matrix: s.matrix,
      reviewDays: s.reviewDays,
      version: s.version,
    },
  });
  const save = useMutation(trpc.risk.updateSettings.mutationOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.risk.pathKey() });
  const [categories, categoryAppetite, matrix] = useWatch({ control: form.control, name: ["categories", "categoryAppetite", "matrix"] });
  const [newCategory, setNewCategory] = useState("");
  const [categoryProblem, setCategoryProblem] = useState<string | null>(null);
  const newCategoryId = useId();
  const appetiteId = useId();
  const bad = nonMonotone(matrix as RiskLevel[][]);
  const e = form.formState.errors;

  const onSubmit = form.handleSubmit(async (v) => {
    const blank = (x: { label: string; description: string }[]) => x.every((l) => !l.label && !l.description);
    try {
      const saved = await save.mutateAsync({
        ...v,
        orgSlug: org.slug,
        likelihoodScale: blank(v.likelihoodScale) ? [] : v.likelihoodScale,
        impactScale: blank(v.impactScale) ? [] : v.impactScale,
      });
      toast.success(t("saved"));
      form.reset({
        categories: saved.categories,
        appetite: saved.appetite,
        categoryAppetite: saved.categoryAppetite,
        likelihoodScale: fiveScale(saved.likelihoodScale),
        impactScale: fiveScale(saved.impactScale),
        matrix: saved.matrix,
        reviewDays: saved.reviewDays,
        version: saved.version,
      });
      await refresh();
    } catch (ex) {
      const fields = Object.keys(errorData(ex).fieldErrors ?? {}).filter((f) => FIELDS.some((x) => f === x || f.startsWith(`${x}.`)));
      showServerError(ex, { setError: form.setError, fields, reloadLabel: tc("reload"), onReload: () => void refresh().then(() => window.location.reload()) });
      // The save bar is at the bottom; bring the problem into view.
      if (fields.length)
        requestAnimationFrame(() => document.querySelector('[data-testid="risk-settings-form"] :is([role="alert"], [aria-invalid="true"])')?.scrollIntoView({ block: "center", behavior: "smooth" }));
    }
  });

  const addCategory = () => {
    const id = toCategoryId(newCategory);
    setCategoryProblem(null);
    if (!id) {
      setCategoryProblem(t("categoryInvalid"));
      return;
    }
    if (categories.includes(id)) {
      setCategoryProblem(t("categoryExists", { name: labels.category(id) }));
      return;
    }
    form.setValue("categories", [...categories, id], { shouldDirty: true, shouldValidate: true });
    setNewCategory("");
  };
  const removeCategory = (c: string) => {
    const { [c]: _gone, ...rest } = categoryAppetite ?? {};
    form.setValue("categories", categories.filter((x) => x !== c), { shouldDirty: true, shouldValidate: true });
    form.setValue("categoryAppetite", rest, { shouldDirty: true });
  };
  const setCategoryAppetite = (c: string, text: string) => {
    const { [c]: _old, ...rest } = categoryAppetite ?? {};
    const n = Number(text);
    form.setValue("categoryAppetite", text === "" ? rest : { ...rest, [c]: n }, { shouldDirty: true, shouldValidate: true });
  };
  const cycle = (l: number, i: number) => {
    if (!mayEdit) return;
    const next = (matrix as RiskLevel[][]).map((row) => [...row]);
    const cur = next[l - 1]![i - 1]!;
    next[l - 1]![i - 1] = RISK_LEVEL_VALUES[(rank(cur) + 1) % RISK_LEVEL_VALUES.length]!;
    form.setValue("matrix", next, { shouldDirty: true });
    form.clearErrors("matrix");
  };

  const card = "space-y-3 p-4";
  const disabled = !mayEdit;

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-4xl space-y-4 pb-20" data-testid="risk-settings-form">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {t("intro")}{" "}
        <Link href={`/${org.slug}/risks`} className="font-medium text-brand-700 hover:underline dark:text-brand-100">
          {t("openRegister")}
        </Link>
      </p>
      {!mayEdit && (
        <p className="flex items-center gap-2 rounded-md border border-zinc-200 bg-zinc-50 p-3 text-sm text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300" role="note">
          <Lock className="size-4 shrink-0" aria-hidden /> {t("readOnly")}
        </p>
      )}

      <Card className={card} aria-labelledby="appetite-title">
        <h2 id="appetite-title" className="font-semibold">
          {t("appetiteTitle")}
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("appetiteBody")}</p>
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor={appetiteId} className="text-sm font-medium">
            {t("appetite")}
          </label>
          <Input id={appetiteId} type="number" min={1} max={25} className="w-24" disabled={disabled} aria-invalid={e.appetite ? true : undefined} {...form.register("appetite", { valueAsNumber: true })} data-testid="settings-appetite" />
          <span className="text-xs text-zinc-500">{t("appetiteHint")}</span>
        </div>
        {e.appetite && <p className="text-xs font-medium text-red-600 dark:text-red-400">{err(e.appetite.message)}</p>}
      </Card>

      <Card className={card} aria-labelledby="categories-title">
        <h2 id="categories-title" className="font-semibold">
          {t("categoriesTitle")}
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("categoriesBody")}</p>
        <div className="relative overflow-x-auto">
          <table className="w-full text-sm" data-testid="settings-categories">
            <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:border-zinc-800">
              <tr>
                <th scope="col" className="py-1.5 pr-3 font-medium">{t("category")}</th>
                <th scope="col" className="py-1.5 pr-3 font-medium">{t("categoryAppetite")}</th>
                <th scope="col" className="py-1.5 font-medium">
                  <span className="sr-only">{tc("actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {categories.map((c) => (
                <tr key={c}>
                  <td className="py-1.5 pr-3">
                    <span className="font-medium">{labels.category(c)}</span>
                    {!(DEFAULT_CATEGORY_IDS as readonly string[]).includes(c) && <span className="ml-1.5 font-mono text-xs text-zinc-500">{c}</span>}
                  </td>
                  <td className="py-1.5 pr-3">
                    <Input
                      type="number"
                      min={1}
                      max={25}
                      className="h-8 w-24 py-1"
                      disabled={disabled}
                      value={categoryAppetite?.[c] ?? ""}
                      placeholder={String(form.getValues("appetite") ?? "")}
                      onChange={(ev) => setCategoryAppetite(c, ev.target.value)}
                      aria-label={t("categoryAppetiteFor", { name: labels.category(c) })}
                    />
                  </td>
                  <td className="py-1.5 text-right">
                    {mayEdit && (
                      <Button size="sm" variant="ghost" onClick={() => removeCategory(c)} aria-label={t("removeCategory", { name: labels.category(c) })} disabled={categories.length <= 1}>
                        <X className="size-4" aria-hidden />
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {(e.categories || e.categoryAppetite) && (
          <p className="text-xs font-medium text-red-600 dark:text-red-400" role="alert">
            {err(e.categories?.message ?? e.categories?.root?.message) ?? err(messageOf(e.categoryAppetite)) ?? t("categoryAppetiteInvalid")}
          </p>
        )}
        {mayEdit && (
          <div>
            <div className="flex flex-wrap items-end gap-2">
              <div className="space-y-1">
                <label htmlFor={newCategoryId} className="block text-sm font-medium">
                  {t("newCategory")}
                </label>
                <Input
                  id={newCategoryId}
                  value={newCategory}
                  onChange={(ev) => {
                    setNewCategory(ev.target.value);
                    setCategoryProblem(null);
                  }}
                  onKeyDown={(ev) => {
                    if (ev.key === "Enter") {
                      ev.preventDefault();
                      addCategory();
                    }
                  }}
                  className="w-64"
                  maxLength={40}
                  aria-describedby={`${newCategoryId}-hint`}
                  data-testid="settings-new-category"
                />
              </div>
              <Button variant="secondary" onClick={addCategory} disabled={!newCategory.trim()}>
                <Plus className="size-4" aria-hidden /> {t("addCategory")}
              </Button>
            </div>
            <p id={`${newCategoryId}-hint`} className={cn("mt-1 text-xs", categoryProblem ? "font-medium text-red-600 dark:text-red-400" : "text-zinc-500")}>
              {categoryProblem ?? (newCategory.trim() && toCategoryId(newCategory) ? t("categoryIdPreview", { id: toCategoryId(newCategory) }) : t("newCategoryHint"))}
            </p>
          </div>
        )}
      </Card>

      <Card className={card} aria-labelledby="scales-title">
        <h2 id="scales-title" className="font-semibold">
          {t("scalesTitle")}
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("scalesBody")}</p>
        <div className="grid gap-6 lg:grid-cols-2">
          {(["likelihood", "impact"] as const).map((kind) => (
            <fieldset key={kind} className="space-y-2" data-testid={`settings-scale-${kind}`}>
              <legend className="mb-1 text-sm font-semibold">{tr(`heat.${kind}`)}</legend>
              {ONE_TO_FIVE.map((n) => (
                <div key={n} className="grid grid-cols-[1.5rem_1fr] gap-2">
                  <span className="pt-2 text-center text-sm font-semibold tabular-nums">{n}</span>
                  <div className="space-y-1">
                    <Input
                      className="h-8 py-1"
                      disabled={disabled}
                      placeholder={tr(`scale.${kind}.${n}.label`)}
                      aria-label={t("scaleLabel", { kind: tr(`heat.${kind}`), n })}
                      maxLength={60}
                      {...form.register(`${kind}Scale.${n - 1}.label` as const)}
                    />
                    <Textarea
                      rows={2}
                      className="min-h-8 py-1 text-xs"
                      disabled={disabled}
                      placeholder={tr(`scale.${kind}.${n}.description`)}
                      aria-label={t("scaleDescription", { kind: tr(`heat.${kind}`), n })}
                      maxLength={300}
                      {...form.register(`${kind}Scale.${n - 1}.description` as const)}
                    />
                  </div>
                </div>
              ))}
            </fieldset>
          ))}
        </div>
        <p className="text-xs text-zinc-500">{t("scalesHint")}</p>
      </Card>

      <Card className={card} aria-labelledby="matrix-title">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div>
            <h2 id="matrix-title" className="font-semibold">
              {t("matrixTitle")}
            </h2>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">{mayEdit ? t("matrixBody") : t("matrixBodyReadOnly")}</p>
          </div>
          {mayEdit && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                form.setValue("matrix", defaultMatrix(), { shouldDirty: true });
                form.clearErrors("matrix");
              }}
            >
              <RotateCcw className="size-4" aria-hidden /> {t("matrixReset")}
            </Button>
          )}
        </div>
        <div className="flex max-w-md gap-2">
          <div className="flex w-5 shrink-0 items-center justify-center">
            <span className="-rotate-90 whitespace-nowrap text-xs font-medium text-zinc-500">{tr("heat.likelihood")}</span>
          </div>
          <div className="min-w-0 flex-1">
            <div className="grid grid-cols-[2rem_repeat(5,minmax(0,1fr))] gap-1" role="group" aria-label={t("matrixTitle")} data-testid="settings-matrix">
              {[...ONE_TO_FIVE].reverse().map((l) => (
                <MatrixRow key={l}>
                  <span className="flex items-center justify-end pr-1 text-xs font-semibold tabular-nums text-zinc-600 dark:text-zinc-400">{l}</span>
                  {ONE_TO_FIVE.map((i) => {
                    const level = (matrix as RiskLevel[][])[l - 1]![i - 1]!;
                    const wrong = bad.has(`${l}-${i}`);
                    return (
                      <button
                        key={i}
                        type="button"
                        disabled={!mayEdit}
                        onClick={() => cycle(l, i)}
                        data-testid={`matrix-cell-${l}-${i}`}
                        data-level={level}
                        aria-label={t("matrixCell", { likelihood: l, impact: i, score: l * i, level: labels.level(level) })}
                        className={cn(
                          "flex aspect-square min-h-10 flex-col items-center justify-center rounded-md text-[11px] font-medium leading-tight disabled:cursor-default",
                          LEVEL_CELL[level],
                          mayEdit && "hover:opacity-90",
                          wrong && "outline-3 outline-offset-1 outline-dashed outline-red-600 dark:outline-red-400",
                        )}
                      >
                        <span className="text-sm font-semibold tabular-nums">{l * i}</span>
                        <span className="hidden truncate sm:block">{labels.level(level)}</span>
                      </button>
                    );
                  })}
                </MatrixRow>
              ))}
              <span />
              {ONE_TO_FIVE.map((i) => (
                <span key={i} className="text-center text-xs font-semibold tabular-nums text-zinc-600 dark:text-zinc-400">
                  {i}
                </span>
              ))}
            </div>
            <p className="mt-1 text-center text-xs font-medium text-zinc-500">{tr("heat.impact")}</p>
          </div>
        </div>
        <LevelLegend />
        {(bad.size > 0 || e.matrix) && (
          <p className="text-sm font-medium text-red-600 dark:text-red-400" role="alert" data-testid="matrix-error">
            {err(messageOf(e.matrix)) ?? t("matrixMonotoneHint")}
            {bad.size > 0 && <span className="block font-normal">{t("matrixMarked")}</span>}
          </p>
        )}
      </Card>

      <Card className={card} aria-labelledby="review-title">
        <h2 id="review-title" className="font-semibold">
          {t("reviewTitle")}
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("reviewBody")}</p>
        <div className="grid gap-3 sm:grid-cols-4">
          {RISK_LEVEL_VALUES.map((l) => (
            <ReviewDays key={l} label={labels.level(l)} disabled={disabled} placeholder={String(DEFAULT_REVIEW_DAYS[l])} error={err(e.reviewDays?.[l]?.message)} inputProps={form.register(`reviewDays.${l}`, { valueAsNumber: true })} testId={`settings-review-${l}`} />
          ))}
        </div>
      </Card>

      {mayEdit && (
        <div className="sticky bottom-0 z-10 -mx-2 flex items-center justify-end gap-3 border-t border-zinc-200 bg-zinc-50/95 px-2 py-3 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/95">
          {form.formState.isDirty && <span className="text-sm text-zinc-600 dark:text-zinc-400">{t("unsaved")}</span>}
          <Button variant="secondary" disabled={!form.formState.isDirty || save.isPending} onClick={() => form.reset()}>
            {t("discard")}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!form.formState.isDirty} data-testid="settings-save">
            {tc("save")}
          </Button>
        </div>
      )}
    </form>
  );
}

function MatrixRow({ children }: { children: React.ReactNode }) {
  return <>{children}</>;
}

function ReviewDays({
  label,
  disabled,
  placeholder,
  error,
  inputProps,
  testId,
}: {
  label: string;
  disabled: boolean;
  placeholder: string;
  error?: string;
  inputProps: React.InputHTMLAttributes<HTMLInputElement> & { ref: React.Ref<HTMLInputElement> };
  testId: string;
}) {
  const t = useTranslations("risks.settings");
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <div className="flex items-center gap-1.5">
        <Input id={id} type="number" min={1} max={730} className="w-24" disabled={disabled} placeholder={placeholder} aria-invalid={error ? true : undefined} {...inputProps} data-testid={testId} />
        <span className="text-xs text-zinc-500">{t("days")}</span>
      </div>
      {error && <p className="text-xs font-medium text-red-600 dark:text-red-400">{error}</p>}
    </div>
  );
}
