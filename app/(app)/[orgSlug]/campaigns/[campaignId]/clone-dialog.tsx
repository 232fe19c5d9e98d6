"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { ZCloneCampaignInput } from "@/server/campaigns/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import type { CampaignData } from "./shared";

type Values = z.input<typeof ZCloneCampaignInput>;
type Output = z.output<typeof ZCloneCampaignInput>;

const DAY = 86_400_000;
const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** Copies the campaign's plan into a new period (a new draft) and opens it. */
export function CloneCampaignDialog({ c, onClose }: { c: CampaignData; onClose: () => void }) {
  const t = useTranslations("campaigns.detail.cloneDialog");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const clone = useMutation(trpc.campaign.clone.mutationOptions());
  const days =
    Math.round((Date.parse(`${c.endsOn}T00:00:00Z`) - Date.parse(`${c.startsOn}T00:00:00Z`)) / DAY) + 1;
  const form = useForm<Values, unknown, Output>({
    resolver: zodResolver(ZCloneCampaignInput),
    // The next period by default: starting the day after this one ends.
    defaultValues: { campaignId: c.id, name: c.name, startsOn: addDays(c.endsOn, 1), endsOn: undefined },
  });
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      const created = await clone.mutateAsync({ ...v, orgSlug: org.slug });
      toast.success(t("done", { name: created.name }));
      await qc.invalidateQueries({ queryKey: trpc.campaign.pathKey(), refetchType: "none" });
      onClose();
      router.push(`/${org.slug}/campaigns/${created.id}`);
    } catch (e) {
      showServerError(e, { setError: form.setError, fields: ["name", "startsOn", "endsOn"] });
    }
  });
  const e = form.formState.errors;
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t("title")} description={t("description")} closeLabel={tc("close")}>
        <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="clone-form">
          <Field label={t("name")} error={err(e.name?.message)}>
            {(p) => <Input {...p} autoFocus {...form.register("name", { setValueAs: emptyToUndefined })} />}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("startsOn")} error={err(e.startsOn?.message)}>
              {(p) => <Input {...p} type="date" {...form.register("startsOn")} />}
            </Field>
            <Field label={t("endsOn")} error={err(e.endsOn?.message)} hint={t("endsOnHint", { days })}>
              {(p) => (
                <Input {...p} type="date" {...form.register("endsOn", { setValueAs: emptyToUndefined })} />
              )}
            </Field>
          </div>
          <p className="text-xs text-zinc-500">{t("whatIsCopied")}</p>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={clone.isPending} data-testid="clone-submit">
              {t("submit")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
