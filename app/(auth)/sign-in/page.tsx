import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { redirect } from "next/navigation";
import { oauthProviders, signIn } from "@/server/auth/nextauth";
import { serverCaller } from "@/app/_trpc/server";
import { Card } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("signInTitle") };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const callbackUrl = typeof sp.callbackUrl === "string" && sp.callbackUrl.startsWith("/") && !sp.callbackUrl.startsWith("//") ? sp.callbackUrl : "/";
  // Only a session the server still accepts skips the form: a cookie whose session was signed out,
  // ended everywhere or timed out would otherwise bounce between here and the page it came from.
  const me = await (await serverCaller()).auth.me().catch(() => null);
  if (me) redirect(callbackUrl);
  const t = await getTranslations("auth");
  const providers = oauthProviders();
  return (
    <Card className="p-6">
      <h1 className="mb-4 text-xl font-semibold">{t("signInTitle")}</h1>
      <SignInForm callbackUrl={callbackUrl} />
      {providers.length > 0 && (
        <div className="mt-6 space-y-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          {providers.map((p) => (
            <form
              key={p.id}
              action={async () => {
                "use server";
                await signIn(p.id, { redirectTo: callbackUrl });
              }}
            >
              <Button type="submit" variant="secondary" className="w-full">
                {t("continueWith", { provider: p.name })}
              </Button>
            </form>
          ))}
        </div>
      )}
      <p className="mt-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
        {t("noAccount")}{" "}
        <Link href={`/sign-up${callbackUrl !== "/" ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`} className="font-medium text-brand-600 hover:underline">
          {t("signUpLink")}
        </Link>
      </p>
    </Card>
  );
}
