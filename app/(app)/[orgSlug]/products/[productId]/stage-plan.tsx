"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Input } from "@/app/_components/ui/field";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { useStageLabel } from "../shared";
import { Section } from "./product-detail";
import type { ProductView } from "./types";

const th = "px-2 py-1.5 text-left text-xs font-medium text-zinc-500";

/** Planned dates per stage next to when the product actually was there; late stages stand out. */
export function StagePlan({ product: p, mayUpdate }: { product: ProductView; mayUpdate: boolean }) {
  const t = useTranslations("products.plan");
  const tc = useTranslations("common");
  const err = useErrorText();
  const format = useFormatter();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const stageLabel = useStageLabel();
  const save = useMutation(trpc.product.setStagePlans.mutationOptions());
  const initial = Object.fromEntries(p.stages.map((s) => {
    const plan = p.plans.find((x) => x.stageId === s.id);
    return [s.id, { start: plan?.plannedStartOn ?? "", end: plan?.plannedEndOn ?? "" }];
  }));
  const [plans, setPlans] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const dirty = JSON.stringify(plans) !== JSON.stringify(initial);
  const today = new Date().toISOString().slice(0, 10);
  const date = (d: Date | string | number) => format.dateTime(new Date(d), { dateStyle: "medium" });

  const actual = (stageId: string) => {
    const stays = p.history.filter((v) => v.stageId === stageId);
    if (!stays.length) return null;
    const from = stays.map((v) => new Date(v.enteredAt).getTime()).sort((a, b) => a - b)[0]!;
    const open = stays.some((v) => !v.leftAt);
    const to = open ? null : Math.max(...stays.map((v) => new Date(v.leftAt!).getTime()));
    return { from, to };
  };

  const submit = async () => {
    setErrors({});
    try {
      await save.mutateAsync({
        orgSlug: org.slug,
        productId: p.id,
        version: p.version,
        plans: p.stages.map((s) => ({ stageId: s.id, plannedStartOn: plans[s.id]!.start || null, plannedEndOn: plans[s.id]!.end || null })),
      });
      toast.success(t("saved"));
      await qc.invalidateQueries({ queryKey: trpc.product.pathKey() });
    } catch (e) {
      const fields = errorData(e).fieldErrors ?? {};
      const next: Record<string, string> = {};
      for (const [k, m] of Object.entries(fields)) {
        const i = /^plans\.(\d+)\./.exec(k)?.[1];
        if (i !== undefined) next[p.stages[Number(i)]!.id] = m.join(" ");
      }
      if (Object.keys(next).length) setErrors(next);
      else showServerError(e, { reloadLabel: tc("reload"), onReload: () => void qc.invalidateQueries({ queryKey: trpc.product.pathKey() }) });
    }
  };

  return (
    <Section
      title={t("title")}
      actions={
        mayUpdate && (
          <Button size="sm" onClick={() => void submit()} disabled={!dirty} loading={save.isPending} data-testid="plan-save">
            {t("save")}
          </Button>
        )
      }
    >
      <div className="overflow-x-auto">
        <table className="w-full min-w-[34rem] text-sm">
          <thead>
            <tr>
              <th scope="col" className={th}>{t("stage")}</th>
              <th scope="col" className={th}>{t("plannedStart")}</th>
              <th scope="col" className={th}>{t("plannedEnd")}</th>
              <th scope="col" className={th}>{t("actual")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {p.stages.map((s, i) => {
              const a = actual(s.id);
              const plan = plans[s.id]!;
              const endOfStay = a ? (a.to ? new Date(a.to).toISOString().slice(0, 10) : today) : null;
              const late = !!plan.end && ((endOfStay !== null && endOfStay > plan.end) || (i === p.stageIndex && today > plan.end));
              return (
                <tr key={s.id} className={i === p.stageIndex ? "bg-brand-50/50 dark:bg-brand-900/10" : undefined}>
                  <th scope="row" className="px-2 py-1.5 text-left font-medium">
                    {stageLabel(s)}
                  </th>
                  <td className="px-2 py-1.5">
                    <Input type="date" className="h-8 py-1" value={plan.start} disabled={!mayUpdate} aria-label={t("plannedStartFor", { stage: stageLabel(s) })}
                      onChange={(e) => setPlans({ ...plans, [s.id]: { ...plan, start: e.target.value } })} />
                  </td>
                  <td className="px-2 py-1.5">
                    <Input type="date" className="h-8 py-1" value={plan.end} disabled={!mayUpdate} aria-label={t("plannedEndFor", { stage: stageLabel(s) })}
                      aria-invalid={errors[s.id] ? true : undefined}
                      onChange={(e) => setPlans({ ...plans, [s.id]: { ...plan, end: e.target.value } })} />
                    {errors[s.id] && <p className="text-xs text-red-600">{err(errors[s.id])}</p>}
                  </td>
                  <td className="px-2 py-1.5 text-xs">
                    {a ? (
                      <span className={late ? "font-medium text-red-600" : "text-zinc-600 dark:text-zinc-400"}>
                        {a.to ? t("range", { from: date(a.from), to: date(a.to) }) : t("since", { from: date(a.from) })}
                        {late && ` · ${t("late")}`}
                      </span>
                    ) : (
                      <span className="text-zinc-400">—</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
