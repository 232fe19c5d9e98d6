"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ZPassword } from "@/server/auth/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input } from "@/app/_components/ui/field";
import { errorData } from "@/app/_components/app/errors";
import { useErrorText } from "@/app/_components/app/use-error-text";

const ZForm = z.object({ newPassword: ZPassword });

export function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations("auth");
  const err = useErrorText();
  const trpc = useTRPC();
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const form = useForm<z.input<typeof ZForm>>({ resolver: zodResolver(ZForm), defaultValues: { newPassword: "" } });
  if (reset.isSuccess) {
    return (
      <div className="space-y-4" data-testid="reset-done">
        <p role="status" className="text-sm text-zinc-700 dark:text-zinc-300">{t("resetDone")}</p>
        <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">{t("signIn")}</Link>
      </div>
    );
  }
  const linkProblem = reset.isError && !form.formState.errors.newPassword ? err(reset.error.message) : undefined;
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={form.handleSubmit(async (v) => {
        try {
          await reset.mutateAsync({ token, newPassword: v.newPassword });
        } catch (e) {
          // A password problem goes next to the field; a bad or expired link shows above the form.
          const msgs = errorData(e).fieldErrors?.newPassword;
          if (msgs) form.setError("newPassword", { type: "server", message: msgs.join(" ") });
        }
      })}
    >
      {linkProblem && (
        <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {linkProblem}{" "}
          <Link href="/forgot-password" className="font-medium underline">{t("forgotPassword")}</Link>
        </div>
      )}
      <Field label={t("newPassword")} hint={t("newPasswordHint")} error={err(form.formState.errors.newPassword?.message)}>
        {(p) => <Input {...p} type="password" autoComplete="new-password" autoFocus {...form.register("newPassword")} />}
      </Field>
      <Button type="submit" className="w-full" loading={reset.isPending}>{t("setPassword")}</Button>
    </form>
  );
}
