import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/app/_components/ui/card";
import { ResetPasswordForm } from "./reset-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("resetTitle") };
}

/** The link from a "forgot password" email. Opening it changes nothing; the form posts the token. */
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations("auth");
  return (
    <Card className="p-6">
      <h1 className="mb-4 text-xl font-semibold">{t("resetTitle")}</h1>
      <ResetPasswordForm token={token} />
    </Card>
  );
}
