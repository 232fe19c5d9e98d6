"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { ZAddKriInput } from "@/server/risks/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { cn } from "@/app/_components/ui/cn";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import type { RiskView } from "./types";

type Values = z.input<typeof ZAddKriInput>;
type Output = z.output<typeof ZAddKriInput>;
const KINDS = ["kpi", "key_result", "campaign"] as const;

/**
 * Add a key risk indicator: a KPI (breached when it leaves green), a key result (breached when its
 * confidence drops or it falls behind the ideal line by more than the margin) or a campaign (breached
 * while over budget). It is judged at once.
 */
export function KriDialog({ risk: r, onClose }: { risk: RiskView; onClose: () => void }) {
  const t = useTranslations("risks.kri");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const periodSelectId = useId();
  const form = useForm<Values, unknown, Output>({
    resolver: zodResolver(ZAddKriInput),
    defaultValues: { riskId: r.id, kind: "key_result", targetId: "", marginPct: 10 },
  });
  const kind = useWatch({ control: form.control, name: "kind" });
  const kpis = useQuery({ ...trpc.kpi.list.queryOptions({ orgSlug: org.slug }), enabled: kind === "kpi" });
  const campaigns = useQuery({ ...trpc.campaign.list.queryOptions({ orgSlug: org.slug, limit: 100 }), enabled: kind === "campaign" });
  const periods = useQuery({ ...trpc.period.list.queryOptions({ orgSlug: org.slug }), enabled: kind === "key_result" });
  const [periodId, setPeriodId] = useState("");
  const period = periodId || (periods.data?.find((p) => p.status === "active") ?? periods.data?.find((p) => p.status !== "closed") ?? periods.data?.[0])?.id || "";
  const objectives = useQuery({ ...trpc.objective.list.queryOptions({ orgSlug: org.slug, periodId: period }), enabled: kind === "key_result" && !!period });
  const add = useMutation(trpc.risk.addKri.mutationOptions());
  const watched = new Set(r.kris.map((k) => k.kpiId ?? k.keyResultId ?? k.campaignId));

  const onSubmit = form.handleSubmit(async (v) => {
    try {
      const kri = await add.mutateAsync({ ...v, orgSlug: org.slug });
      toast[kri.state === "breached" ? "warning" : "success"](kri.state === "breached" ? t("addedBreached") : t("added"));
      await qc.invalidateQueries({ queryKey: trpc.risk.pathKey() });
      onClose();
    } catch (e) {
      const fields = Object.keys(errorData(e).fieldErrors ?? {}).filter((f) => ["kind", "targetId", "marginPct"].includes(f));
      showServerError(e, { setError: form.setError, fields });
    }
  });
  const e = form.formState.errors;
  const loading = kind === "kpi" ? kpis.isLoading : kind === "campaign" ? campaigns.isLoading : periods.isLoading || objectives.isLoading;
  const targetError = err(e.targetId?.message === "v.invalidId" || e.targetId?.message === "v.required" ? "risks.kri.chooseTarget" : e.targetId?.message);

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t("addTitle")} description={t("addBody")} closeLabel={tc("close")}>
        <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="kri-form">
          <fieldset>
            <legend className="mb-1.5 text-sm font-medium">{t("kindLabel")}</legend>
            <div className="grid grid-cols-3 gap-1">
              {KINDS.map((k) => (
                <label
                  key={k}
                  className={cn(
                    "flex cursor-pointer items-center justify-center rounded-md border px-2 py-2 text-center text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500",
                    kind === k
                      ? "border-brand-600 bg-brand-50 font-medium text-brand-700 dark:bg-brand-700/30 dark:text-brand-100"
                      : "border-zinc-200 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800",
                  )}
                >
                  <input
                    type="radio"
                    className="sr-only"
                    value={k}
                    {...form.register("kind", { onChange: () => form.setValue("targetId", "") })}
                    data-testid={`kri-kind-${k}`}
                  />
                  {t(`kind.${k}`)}
                </label>
              ))}
            </div>
            <p className="mt-1 text-xs text-zinc-500">{t(`rule.${kind}`)}</p>
          </fieldset>

          {kind === "key_result" && (
            <div className="flex items-center gap-2">
              <label htmlFor={periodSelectId} className="shrink-0 text-sm font-medium">
                {t("period")}
              </label>
              <Select id={periodSelectId} value={period} onChange={(ev) => setPeriodId(ev.target.value)} className="w-auto!">
                {periods.data?.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
            </div>
          )}

          <Field label={t(`target.${kind}`)} error={targetError}>
            {(p) => (
              <Select {...p} {...form.register("targetId")} disabled={loading} data-testid="kri-target">
                <option value="">{loading ? t("loadingOptions") : t("choose")}</option>
                {kind === "kpi" &&
                  kpis.data?.map((k) => (
                    <option key={k.id} value={k.id} disabled={watched.has(k.id)}>
                      {k.name}
                      {k.band ? ` · ${t(`band.${k.band}`)}` : ""}
                    </option>
                  ))}
                {kind === "campaign" &&
                  campaigns.data?.items.map((c) => (
                    <option key={c.id} value={c.id} disabled={watched.has(c.id)}>
                      {c.name}
                    </option>
                  ))}
                {kind === "key_result" &&
                  objectives.data
                    ?.filter((o) => o.keyResults.length > 0)
                    .map((o) => (
                      <optgroup key={o.id} label={o.title}>
                        {o.keyResults.map((kr) => (
                          <option key={kr.id} value={kr.id} disabled={watched.has(kr.id)}>
                            {kr.title}
                          </option>
                        ))}
                      </optgroup>
                    ))}
              </Select>
            )}
          </Field>
          {kind === "key_result" && (
            <Field label={t("margin")} error={err(e.marginPct?.message)} hint={t("marginHint")}>
              {(p) => <Input {...p} type="number" min={0} max={100} className="w-32" {...form.register("marginPct", { valueAsNumber: true })} data-testid="kri-margin" />}
            </Field>
          )}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={add.isPending} data-testid="kri-save">
              {t("save")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
