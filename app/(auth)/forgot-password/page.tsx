import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/app/_components/ui/card";
import { ForgotPasswordForm } from "./forgot-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("forgotTitle") };
}

export default async function ForgotPasswordPage() {
  const t = await getTranslations("auth");
  return (
    <Card className="p-6">
      <h1 className="text-xl font-semibold">{t("forgotTitle")}</h1>
      <p className="mb-4 mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("forgotHint")}</p>
      <ForgotPasswordForm />
    </Card>
  );
}
