import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { orNavigate, serverCaller } from "../_trpc/server";
import { Card } from "../_components/ui/card";
import { Logo } from "../_components/app/logo";
import { CreateOrgForm } from "./create-org-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("onboarding"))("title") };
}

export default async function OnboardingPage() {
  const caller = await serverCaller();
  const orgs = await orNavigate(caller.org.listMine(), "/onboarding");
  const t = await getTranslations("onboarding");
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-10">
      <Logo className="mb-6 text-xl" />
      <Card className="p-6">
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="mb-4 mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("description")}</p>
        <CreateOrgForm />
      </Card>
      {orgs.length > 0 && (
        <div className="mt-6 text-sm">
          <p className="mb-2 text-zinc-600 dark:text-zinc-400">{t("orOpen")}</p>
          <ul className="space-y-1">
            {orgs.map((o) => (
              <li key={o.id}>
                <Link className="text-brand-600 hover:underline" href={`/${o.slug}/dashboard`}>
                  {o.name}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </main>
  );
}
