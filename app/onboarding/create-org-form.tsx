"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { ZCreateOrgInput } from "@/server/org/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input } from "@/app/_components/ui/field";
import { showServerError } from "@/app/_components/app/errors";

type Values = z.input<typeof ZCreateOrgInput>;

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}

export function CreateOrgForm() {
  const t = useTranslations("onboarding");
  const trpc = useTRPC();
  const router = useRouter();
  const form = useForm<Values>({ resolver: zodResolver(ZCreateOrgInput), defaultValues: { name: "", slug: "" } });
  const create = useMutation(trpc.org.create.mutationOptions());
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const org = await create.mutateAsync(values);
      toast.success(t("created"));
      router.push(`/${org.slug}/dashboard`);
    } catch (e) {
      showServerError(e, { setError: form.setError, fields: ["name", "slug"] });
    }
  });
  const { errors } = form.formState;
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field label={t("name")} error={errors.name?.message}>
        {(p) => (
          <Input
            {...p}
            {...form.register("name", {
              onChange: (e) => {
                if (!form.getFieldState("slug").isDirty) form.setValue("slug", slugify(e.target.value));
              },
            })}
            autoFocus
          />
        )}
      </Field>
      <Field label={t("slug")} error={errors.slug?.message} hint={t("slugHint")}>
        {(p) => <Input {...p} {...form.register("slug")} />}
      </Field>
      <Button type="submit" className="w-full" loading={create.isPending}>
        {t("create")}
      </Button>
    </form>
  );
}
