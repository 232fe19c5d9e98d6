"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { SlidersHorizontal } from "lucide-react";
import { useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import { z } from "@/server/validation";
import { useTRPC } from "@/app/_trpc/react";
import { Card } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { Field, Input } from "@/app/_components/ui/field";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";

/** The editable part of the server's ZSettingsInput; the version comes from the loaded settings. */
const ZForm = z.object({
  slaDays: z.number({ error: "v.number" }).int().min(1).max(60),
  okrTwoStep: z.boolean(),
  adminsMayOverride: z.boolean(),
});
type Values = z.input<typeof ZForm>;

/** Owners: SLA and approval routing for the organisation. */
export function SettingsCard() {
  const t = useTranslations("approvals.settings");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { data: settings } = useSuspenseQuery(trpc.approval.settings.queryOptions({ orgSlug: org.slug }));
  const form = useForm<Values>({
    resolver: zodResolver(ZForm),
    values: { slaDays: settings.slaDays, okrTwoStep: settings.okrTwoStep, adminsMayOverride: settings.adminsMayOverride },
  });
  const update = useMutation(trpc.approval.updateSettings.mutationOptions());
  const reload = () => qc.invalidateQueries({ queryKey: trpc.approval.settings.pathKey() });
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await update.mutateAsync({ orgSlug: org.slug, ...v, version: settings.version });
      toast.success(tc("saved"));
      await reload();
    } catch (e) {
      showServerError(e, { setError: form.setError, fields: ["slaDays", "okrTwoStep", "adminsMayOverride"], onReload: reload, reloadLabel: tc("reload") });
    }
  });

  return (
    <Card className="p-5" data-testid="approval-settings">
      <h2 className="flex items-center gap-2 font-semibold">
        <SlidersHorizontal className="size-4 text-zinc-500" aria-hidden /> {t("title")}
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("description")}</p>
      <form onSubmit={onSubmit} noValidate className="mt-4 space-y-4">
        <Field label={t("slaDays")} hint={t("slaDaysHint")} error={err(form.formState.errors.slaDays?.message)}>
          {(p) => <Input {...p} type="number" min={1} max={60} step={1} className="w-28" {...form.register("slaDays", { valueAsNumber: true })} />}
        </Field>
        <Toggle label={t("okrTwoStep")} hint={t("okrTwoStepHint")} {...form.register("okrTwoStep")} />
        <Toggle label={t("adminsMayOverride")} hint={t("adminsMayOverrideHint")} {...form.register("adminsMayOverride")} />
        <div className="flex justify-end">
          <Button type="submit" loading={update.isPending} disabled={!form.formState.isDirty}>
            {tc("save")}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function Toggle({ label, hint, ...input }: { label: string; hint: string } & React.InputHTMLAttributes<HTMLInputElement> & { ref?: React.Ref<HTMLInputElement> }) {
  return (
    <label className="flex items-start gap-3 text-sm">
      <input type="checkbox" className="mt-0.5 size-4 shrink-0 rounded border-zinc-300" {...input} />
      <span>
        <span className="block font-medium text-zinc-800 dark:text-zinc-200">{label}</span>
        <span className="block text-xs text-zinc-500">{hint}</span>
      </span>
    </label>
  );
}
