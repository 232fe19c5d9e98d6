"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { ZRequestPasswordResetInput } from "@/server/auth/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input } from "@/app/_components/ui/field";
import { useErrorText } from "@/app/_components/app/use-error-text";

export function ForgotPasswordForm() {
  const t = useTranslations("auth");
  const err = useErrorText();
  const trpc = useTRPC();
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  const form = useForm<z.input<typeof ZRequestPasswordResetInput>>({ resolver: zodResolver(ZRequestPasswordResetInput), defaultValues: { email: "" } });
  if (request.isSuccess) {
    return (
      <div className="space-y-4">
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-300" data-testid="reset-sent">
          {t("resetSent", { email: request.variables.email })}
        </p>
        <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">{t("backToSignIn")}</Link>
      </div>
    );
  }
  return (
    <form noValidate className="space-y-4" onSubmit={form.handleSubmit((v) => request.mutate(v))}>
      {request.isError && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {err(request.error.message)}
        </p>
      )}
      <Field label={t("email")} error={err(form.formState.errors.email?.message)}>
        {(p) => <Input {...p} type="email" autoComplete="email" autoFocus {...form.register("email")} />}
      </Field>
      <Button type="submit" className="w-full" loading={request.isPending}>{t("sendResetLink")}</Button>
      <p className="text-center text-sm">
        <Link href="/sign-in" className="text-brand-600 hover:underline">{t("backToSignIn")}</Link>
      </p>
    </form>
  );
}
