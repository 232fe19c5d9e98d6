"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { ZCreateCampaignInput } from "@/server/campaigns/schema";
import { CURRENCY_CODES } from "@/server/campaigns/money";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select, Textarea } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { DepartmentOptions, MemberOptions } from "@/app/_components/app/org-options";
import { useErrorText } from "@/app/_components/app/use-error-text";

type Values = z.input<typeof ZCreateCampaignInput>;
type Output = z.output<typeof ZCreateCampaignInput>;

const FIELDS = ["name", "description", "departmentId", "ownerId", "channels", "audience", "startsOn", "endsOn", "tags", "currency"] as const;
const splitList = (v: unknown) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v);

/** New campaign: validated with the server's own create schema; errors next to the fields. */
export function CampaignFormDialog({ myUserId, myDepartmentId, onClose }: { myUserId: string; myDepartmentId?: string; onClose: () => void }) {
  const t = useTranslations("campaigns.form");
  const tcamp = useTranslations("campaigns");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const settings = useQuery(trpc.campaign.settings.queryOptions({ orgSlug: org.slug }));
  const form = useForm<Values, unknown, Output>({
    resolver: zodResolver(ZCreateCampaignInput),
    defaultValues: {
      name: "",
      description: "",
      departmentId: myDepartmentId ?? null,
      ownerId: myUserId,
      channels: [],
      audience: "",
      startsOn: "",
      endsOn: "",
      tags: [],
      currency: undefined,
    },
  });
  const create = useMutation(trpc.campaign.create.mutationOptions());
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      const created = await create.mutateAsync({ ...v, orgSlug: org.slug });
      toast.success(t("created"));
      await qc.invalidateQueries({ queryKey: trpc.campaign.pathKey() });
      onClose();
      router.push(`/${org.slug}/campaigns/${created.id}`);
    } catch (e) {
      showServerError(e, { setError: form.setError, fields: FIELDS });
    }
  });
  const e = form.formState.errors;
  const channelLabel = (c: string) => (tcamp.has(`channel.${c}`) ? tcamp(`channel.${c}`) : c);
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t("newTitle")} closeLabel={tc("close")} className="max-w-2xl">
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <Field label={t("name")} error={err(e.name?.message)}>
            {(p) => <Input {...p} autoFocus {...form.register("name")} />}
          </Field>
          <Field label={t("description")} error={err(e.description?.message)}>
            {(p) => <Textarea {...p} rows={3} {...form.register("description")} />}
          </Field>
          <fieldset>
            <legend className="mb-1.5 text-sm font-medium">{t("channels")}</legend>
            <div className="flex flex-wrap gap-x-4 gap-y-1.5">
              {settings.data?.channels.map((c) => (
                <label key={c} className="flex items-center gap-1.5 text-sm">
                  <input type="checkbox" value={c} {...form.register("channels")} className="size-4" />
                  {channelLabel(c)}
                </label>
              ))}
            </div>
            {e.channels && <p className="mt-1 text-xs font-medium text-red-600 dark:text-red-400">{err(e.channels.message ?? e.channels.root?.message)}</p>}
          </fieldset>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("startsOn")} error={err(e.startsOn?.message)}>
              {(p) => <Input {...p} type="date" {...form.register("startsOn")} />}
            </Field>
            <Field label={t("endsOn")} error={err(e.endsOn?.message)}>
              {(p) => <Input {...p} type="date" {...form.register("endsOn")} />}
            </Field>
            <Field label={t("owner")} error={err(e.ownerId?.message)}>
              {(p) => (
                <Select {...p} {...form.register("ownerId")}>
                  <MemberOptions />
                </Select>
              )}
            </Field>
            <Field label={t("department")} error={err(e.departmentId?.message)}>
              {(p) => (
                <Select {...p} {...form.register("departmentId", { setValueAs: (v: unknown) => v || null })}>
                  <option value="">{t("noDepartment")}</option>
                  <DepartmentOptions />
                </Select>
              )}
            </Field>
            <Field label={t("currency")} error={err(e.currency?.message)} hint={settings.data && t("currencyHint", { base: settings.data.baseCurrency })}>
              {(p) => (
                <Select {...p} {...form.register("currency", { setValueAs: (v: unknown) => v || undefined })}>
                  <option value="">{t("baseCurrency")}</option>
                  {CURRENCY_CODES.map((c) => (
                    <option key={c} value={c}>{c}</option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label={t("audience")} error={err(e.audience?.message)}>
              {(p) => <Input {...p} {...form.register("audience")} />}
            </Field>
          </div>
          <Field label={t("tags")} error={err(e.tags?.message)} hint={t("tagsHint")}>
            {(p) => <Input {...p} {...form.register("tags", { setValueAs: splitList })} />}
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>{tc("cancel")}</Button>
            <Button type="submit" loading={create.isPending}>{t("create")}</Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
