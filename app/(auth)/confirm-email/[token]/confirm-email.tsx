"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { useErrorText } from "@/app/_components/app/use-error-text";

export function ConfirmEmail({ token }: { token: string }) {
  const t = useTranslations("confirmEmail");
  const err = useErrorText();
  const trpc = useTRPC();
  const confirm = useMutation(trpc.auth.confirmEmailChange.mutationOptions());
  if (confirm.isSuccess) {
    return (
      <div className="mt-3 space-y-4" data-testid="email-confirmed">
        <p className="text-sm text-zinc-700 dark:text-zinc-300" role="status">{t("done", { email: confirm.data.email })}</p>
        <Link href="/sign-in" className="inline-block font-medium text-brand-600 hover:underline">{t("signIn")}</Link>
      </div>
    );
  }
  return (
    <div className="mt-3 space-y-4">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("hint")}</p>
      {confirm.isError && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-300">
          <p className="font-medium">{t("failed")}</p>
          <p className="mt-1">{err(confirm.error.message)}</p>
          <Link href="/" className="mt-2 inline-block font-medium underline">{t("backToAccount")}</Link>
        </div>
      )}
      <Button onClick={() => confirm.mutate({ token })} loading={confirm.isPending} className="w-full" data-testid="confirm-email">
        {t("confirm")}
      </Button>
    </div>
  );
}
