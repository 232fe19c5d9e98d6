"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input } from "@/app/_components/ui/field";
import { signInAction, type AuthFormState } from "../actions";

export function SignInForm({ callbackUrl, email }: { callbackUrl: string; email?: string }) {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState<AuthFormState, FormData>(signInAction, {});
  return (
    <form action={action} className="space-y-4" noValidate={false}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {state.error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {t(`errors.${state.error}`)}
        </p>
      )}
      <Field label={t("email")}>
        {(p) => <Input {...p} name="email" type="email" autoComplete="email" required defaultValue={email} readOnly={!!email} autoFocus={!email} />}
      </Field>
      <Field label={t("password")}>
        {(p) => <Input {...p} name="password" type="password" autoComplete="current-password" required maxLength={128} autoFocus={!!email} />}
      </Field>
      <p className="-mt-2 text-right text-sm">
        <Link href="/forgot-password" className="text-brand-600 hover:underline">{t("forgotPassword")}</Link>
      </p>
      <Button type="submit" className="w-full" loading={pending}>
        {t("signIn")}
      </Button>
    </form>
  );
}
