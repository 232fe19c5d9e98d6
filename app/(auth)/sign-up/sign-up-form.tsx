"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input } from "@/app/_components/ui/field";
import { signUpAction, type AuthFormState } from "../actions";

export function SignUpForm({ callbackUrl, locale, email }: { callbackUrl: string; locale: string; email?: string }) {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState<AuthFormState, FormData>(signUpAction, {});
  const fe = state.fieldErrors ?? {};
  const general = state.error ? t(`errors.${state.error}`) : state.message && !Object.keys(fe).length ? state.message : null;
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <input type="hidden" name="locale" value={locale} />
      {general && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {general}
        </p>
      )}
      <Field label={t("name")} error={fe.name?.join(" ")}>
        {(p) => <Input {...p} name="name" autoComplete="name" required maxLength={100} autoFocus />}
      </Field>
      <Field label={t("email")} error={fe.email?.join(" ")}>
        {(p) => <Input {...p} name="email" type="email" autoComplete="email" required defaultValue={email} readOnly={!!email} />}
      </Field>
      <Field label={t("password")} error={fe.password?.join(" ")} hint={t("passwordHint")}>
        {(p) => <Input {...p} name="password" type="password" autoComplete="new-password" required minLength={12} maxLength={128} />}
      </Field>
      <Button type="submit" className="w-full" loading={pending}>
        {t("signUp")}
      </Button>
    </form>
  );
}
