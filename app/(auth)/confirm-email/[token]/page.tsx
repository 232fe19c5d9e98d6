import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/app/_components/ui/card";
import { ConfirmEmail } from "./confirm-email";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("confirmEmail"))("title") };
}

/**
 * The link mailed to a new address. Opening it changes nothing by itself (mail scanners open links):
 * the person confirms with a button, which posts the token.
 */
export default async function ConfirmEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations("confirmEmail");
  return (
    <Card className="p-6">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <ConfirmEmail token={token} />
    </Card>
  );
}
