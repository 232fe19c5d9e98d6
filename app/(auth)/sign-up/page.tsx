import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { Card } from "@/app/_components/ui/card";
import { SignUpForm } from "./sign-up-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("signUpTitle") };
}

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const callbackUrl = typeof sp.callbackUrl === "string" && sp.callbackUrl.startsWith("/") && !sp.callbackUrl.startsWith("//") ? sp.callbackUrl : "/";
  const t = await getTranslations("auth");
  return (
    <Card className="p-6">
      <h1 className="mb-4 text-xl font-semibold">{t("signUpTitle")}</h1>
      <SignUpForm callbackUrl={callbackUrl} locale={await getLocale()} />
      <p className="mt-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
        {t("haveAccount")}{" "}
        <Link href={`/sign-in${callbackUrl !== "/" ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`} className="font-medium text-brand-600 hover:underline">
          {t("signInLink")}
        </Link>
      </p>
    </Card>
  );
}
