"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import { z } from "zod";
import { ZOrgName } from "@/server/org/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { Field, Input } from "@/app/_components/ui/field";
import { showServerError } from "@/app/_components/app/errors";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";

const ZForm = z.object({ name: ZOrgName });

export function GeneralSettings() {
  const t = useTranslations("settings");
  const tc = useTranslations("common");
  const err = useErrorText();
  const { slug } = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const { data: org } = useSuspenseQuery(trpc.org.get.queryOptions({ orgSlug: slug }));
  const mayEdit = useCan("org.update");
  const form = useForm<z.input<typeof ZForm>>({ resolver: zodResolver(ZForm), values: { name: org.name } });
  const update = useMutation(trpc.org.update.mutationOptions());
  const reload = () => qc.invalidateQueries({ queryKey: trpc.org.get.queryKey({ orgSlug: slug }) });
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await update.mutateAsync({ orgSlug: slug, name: v.name, version: org.version });
      await reload();
      router.refresh();
      toast.success(tc("saved"));
    } catch (e) {
      showServerError(e, { setError: form.setError, fields: ["name"], onReload: reload, reloadLabel: tc("reload") });
    }
  });
  return (
    <Card className="max-w-xl p-6">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field label={t("orgName")} error={err(form.formState.errors.name?.message)}>
          {(p) => <Input {...p} {...form.register("name")} disabled={!mayEdit} />}
        </Field>
        <Field label={t("orgSlug")} hint={t("orgSlugHint")}>
          {(p) => <Input {...p} value={org.slug} readOnly disabled />}
        </Field>
        {mayEdit && (
          <Button type="submit" loading={update.isPending} disabled={!form.formState.isDirty}>
            {tc("save")}
          </Button>
        )}
      </form>
    </Card>
  );
}
