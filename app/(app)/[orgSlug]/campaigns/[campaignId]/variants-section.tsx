"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Pencil, Trash2 } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { ZAddVariantInput, ZUpdateVariantInput } from "@/server/campaigns/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Badge } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { Field, Input } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { cn } from "@/app/_components/ui/cn";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import {
  formGrid,
  Section,
  tbody,
  td,
  th,
  thead,
  useCampaignFormat,
  useRefreshCampaign,
  type CampaignData,
  type CampaignPermissions,
} from "./shared";

type Variant = CampaignData["variants"][number];

const VERDICT_STYLE: Record<string, string> = {
  insufficient_data: "",
  no_difference: "",
  not_significant: "bg-amber-50 text-amber-700 dark:bg-amber-900/30 dark:text-amber-300",
  significant_better: "bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300",
  significant_worse: "bg-red-50 text-red-700 dark:bg-red-900/30 dark:text-red-300",
};

/** A/B variants: the first is the control; every other one is compared with it (two-proportion z-test). */
export function VariantsSection({ c, may }: { c: CampaignData; may: CampaignPermissions }) {
  const t = useTranslations("campaigns.detail");
  const tv = useTranslations("campaigns.detail.variant");
  const tc = useTranslations("common");
  const format = useFormatter();
  const f = useCampaignFormat(c.currency);
  const org = useOrg();
  const trpc = useTRPC();
  const refresh = useRefreshCampaign();
  const del = useMutation(trpc.campaign.deleteVariant.mutationOptions());
  const [editing, setEditing] = useState<Variant | null>(null);
  const [deleting, setDeleting] = useState<Variant | null>(null);
  const control = c.variants[0];
  const points = (x: number) =>
    format.number(x, { style: "percent", maximumFractionDigits: 2, signDisplay: "exceptZero" });

  const remove = async () => {
    if (!deleting) return;
    try {
      await del.mutateAsync({ orgSlug: org.slug, variantId: deleting.id });
      toast.success(tv("deleted", { name: deleting.name }));
      setDeleting(null);
      await refresh();
    } catch (e) {
      showServerError(e);
    }
  };

  return (
    <Section id="variants" title={t("variants")} description={tv("intro")}>
      {c.variants.length === 0 ? (
        <p className="text-sm text-zinc-500">{t("noVariants")}</p>
      ) : (
        <>
          <div className="relative overflow-x-auto">
            <table className="w-full text-sm" data-testid="variants">
              <thead>
                <tr className={thead}>
                  <th scope="col" className={th}>
                    {t("variantName")}
                  </th>
                  <th scope="col" className={`${th} hidden text-right sm:table-cell`}>
                    {t("exposures")}
                  </th>
                  <th scope="col" className={`${th} hidden text-right sm:table-cell`}>
                    {t("conversions")}
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    {t("rate")}
                  </th>
                  <th scope="col" className={`${th} hidden text-right md:table-cell`}>
                    {t("difference")}
                  </th>
                  <th scope="col" className={`${th} hidden text-right md:table-cell`}>
                    {t("pValue")}
                  </th>
                  <th scope="col" className={`${th} hidden text-right md:table-cell`}>
                    {tv("ci")}
                  </th>
                  <th scope="col" className={th}>
                    {t("verdictCol")}
                  </th>
                  {may.results && (
                    <th scope="col" className={th}>
                      <span className="sr-only">{tc("actions")}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody className={tbody}>
                {c.variants.map((v) => (
                  <tr key={v.id} data-testid="variant-row">
                    <th scope="row" className={`${td} text-left font-medium`}>
                      {v.name} {v.isControl && <Badge className="ml-1">{t("control")}</Badge>}
                      <span className="block text-xs font-normal text-zinc-500 sm:hidden">
                        {tv("counts", { exposures: f.num(v.exposures), conversions: f.num(v.conversions) })}
                      </span>
                    </th>
                    <td className={`${td} hidden text-right tabular-nums sm:table-cell`}>
                      {f.num(v.exposures)}
                    </td>
                    <td className={`${td} hidden text-right tabular-nums sm:table-cell`}>
                      {f.num(v.conversions)}
                    </td>
                    <td className={`${td} text-right tabular-nums`}>{f.pct(v.rate)}</td>
                    <td className={`${td} hidden text-right tabular-nums md:table-cell`}>
                      {v.test?.difference == null ? "—" : points(v.test.difference)}
                    </td>
                    <td className={`${td} hidden text-right tabular-nums md:table-cell`}>
                      {v.test?.pValue == null
                        ? "—"
                        : format.number(v.test.pValue, { maximumFractionDigits: 4 })}
                    </td>
                    <td className={`${td} hidden whitespace-nowrap text-right tabular-nums md:table-cell`}>
                      {v.test?.ci
                        ? tv("ciRange", { low: points(v.test.ci.low), high: points(v.test.ci.high) })
                        : "—"}
                    </td>
                    <td className={td} data-testid="variant-verdict">
                      {v.test ? (
                        <Badge className={cn("whitespace-nowrap", VERDICT_STYLE[v.test.verdict])}>
                          {t(`verdict.${v.test.verdict}`)}
                        </Badge>
                      ) : (
                        "—"
                      )}
                    </td>
                    {may.results && (
                      <td className={`${td} whitespace-nowrap text-right`}>
                        {c.status !== "cancelled" && (
                          <Button
                            variant="ghost"
                            size="sm"
                            aria-label={tv("editLabel", { name: v.name })}
                            onClick={() => setEditing(v)}
                            data-testid="variant-edit"
                          >
                            <Pencil className="size-4" aria-hidden />
                          </Button>
                        )}
                        <Button
                          variant="ghost"
                          size="sm"
                          aria-label={tv("deleteLabel", { name: v.name })}
                          onClick={() => setDeleting(v)}
                          data-testid="variant-delete"
                        >
                          <Trash2 className="size-4" aria-hidden />
                        </Button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {control && c.variants.length > 1 && (
            <ul className="mt-3 space-y-2 text-sm" data-testid="variant-explanations">
              {c.variants.slice(1).map((v) => (
                <li key={v.id} className="rounded-md bg-zinc-50 px-3 py-2 dark:bg-zinc-800/50">
                  <Explanation v={v} control={control} />
                </li>
              ))}
            </ul>
          )}
          {c.variants.length === 1 && <p className="mt-3 text-sm text-zinc-500">{tv("addAnother")}</p>}
        </>
      )}
      {may.results && c.status !== "cancelled" && <AddVariantForm c={c} />}
      {editing && <EditVariantDialog v={editing} onClose={() => setEditing(null)} />}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={deleting ? tv("deleteTitle", { name: deleting.name }) : ""}
        description={deleting?.isControl ? tv("deleteControlBody") : tv("deleteBody")}
        confirmLabel={tc("delete")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        loading={del.isPending}
        onConfirm={remove}
        confirmTestId="variant-delete-confirm"
      />
    </Section>
  );
}

/** The verdict in plain words, with the sample size a clear answer needs. */
function Explanation({ v, control }: { v: Variant; control: Variant }) {
  const tv = useTranslations("campaigns.detail.variant");
  const format = useFormatter();
  if (!v.test) return null;
  const pct = (x: number | null) =>
    x == null ? "—" : format.number(x, { style: "percent", maximumFractionDigits: 2 });
  const p = v.test.pValue == null ? "" : format.number(v.test.pValue, { maximumFractionDigits: 4 });
  const args = {
    name: v.name,
    control: control.name,
    rate: pct(v.test.rateB),
    controlRate: pct(v.test.rateA),
    p,
  };
  const needed = v.neededPerVariant;
  const short = needed != null ? Math.max(0, needed - Math.min(v.exposures, control.exposures)) : null;
  return (
    <>
      <p>{tv(`explain.${v.test.verdict}`, args)}</p>
      {needed != null &&
        v.test.verdict !== "significant_better" &&
        v.test.verdict !== "significant_worse" && (
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400" data-testid="sample-size">
            {short
              ? tv("sampleSizeMore", { n: format.number(needed), more: format.number(short) })
              : tv("sampleSize", { n: format.number(needed) })}
          </p>
        )}
    </>
  );
}

type AddValues = z.input<typeof ZAddVariantInput>;
type AddOutput = z.output<typeof ZAddVariantInput>;

function AddVariantForm({ c }: { c: CampaignData }) {
  const t = useTranslations("campaigns.detail");
  const tv = useTranslations("campaigns.detail.variant");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const refresh = useRefreshCampaign();
  const add = useMutation(trpc.campaign.addVariant.mutationOptions());
  const form = useForm<AddValues, unknown, AddOutput>({
    resolver: zodResolver(ZAddVariantInput),
    defaultValues: { campaignId: c.id, name: "", exposures: 0, conversions: 0 },
  });
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await add.mutateAsync({ ...v, orgSlug: org.slug });
      toast.success(tv("added", { name: v.name }));
      form.reset({ campaignId: c.id, name: "", exposures: 0, conversions: 0 });
      await refresh();
    } catch (e) {
      showServerError(e, { setError: form.setError, fields: ["name", "exposures", "conversions"] });
    }
  });
  const e = form.formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate className={`${formGrid} sm:grid-cols-4`} aria-label={tv("addTitle")}>
      <h3 className="text-sm font-semibold sm:col-span-4">
        {c.variants.length === 0 ? tv("addControlTitle") : tv("addTitle")}
      </h3>
      <Field label={tv("name")} error={err(e.name?.message)}>
        {(p) => (
          <Input
            {...p}
            maxLength={80}
            placeholder={
              c.variants.length === 0 ? "A" : String.fromCharCode(65 + Math.min(c.variants.length, 25))
            }
            {...form.register("name")}
          />
        )}
      </Field>
      <Field label={t("exposures")} error={err(e.exposures?.message)}>
        {(p) => (
          <Input
            {...p}
            type="number"
            min={0}
            inputMode="numeric"
            {...form.register("exposures", { valueAsNumber: true })}
          />
        )}
      </Field>
      <Field label={t("conversions")} error={err(e.conversions?.message)}>
        {(p) => (
          <Input
            {...p}
            type="number"
            min={0}
            inputMode="numeric"
            {...form.register("conversions", { valueAsNumber: true })}
          />
        )}
      </Field>
      <div className="sm:pt-6">
        <Button type="submit" loading={add.isPending} data-testid="variant-add" className="w-full sm:w-auto">
          {tv("add")}
        </Button>
      </div>
    </form>
  );
}

type EditValues = z.input<typeof ZUpdateVariantInput>;
type EditOutput = z.output<typeof ZUpdateVariantInput>;

function EditVariantDialog({ v, onClose }: { v: Variant; onClose: () => void }) {
  const t = useTranslations("campaigns.detail");
  const tv = useTranslations("campaigns.detail.variant");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const refresh = useRefreshCampaign();
  const update = useMutation(trpc.campaign.updateVariant.mutationOptions());
  const form = useForm<EditValues, unknown, EditOutput>({
    resolver: zodResolver(ZUpdateVariantInput),
    defaultValues: {
      variantId: v.id,
      version: v.version,
      name: v.name,
      exposures: v.exposures,
      conversions: v.conversions,
    },
  });
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await update.mutateAsync({ ...values, orgSlug: org.slug });
      toast.success(tv("saved", { name: values.name }));
      await refresh();
      onClose();
    } catch (e) {
      showServerError(e, {
        setError: form.setError,
        fields: ["name", "exposures", "conversions"],
        reloadLabel: tc("reload"),
        onReload: () => void refresh().then(onClose),
      });
    }
  });
  const e = form.formState.errors;
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={tv("editTitle", { name: v.name })} closeLabel={tc("close")}>
        <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="variant-edit-form">
          <Field label={tv("name")} error={err(e.name?.message)}>
            {(p) => <Input {...p} autoFocus maxLength={80} {...form.register("name")} />}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("exposures")} error={err(e.exposures?.message)}>
              {(p) => (
                <Input
                  {...p}
                  type="number"
                  min={0}
                  inputMode="numeric"
                  {...form.register("exposures", { valueAsNumber: true })}
                />
              )}
            </Field>
            <Field label={t("conversions")} error={err(e.conversions?.message)}>
              {(p) => (
                <Input
                  {...p}
                  type="number"
                  min={0}
                  inputMode="numeric"
                  {...form.register("conversions", { valueAsNumber: true })}
                />
              )}
            </Field>
          </div>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={update.isPending} data-testid="variant-save">
              {tc("save")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
