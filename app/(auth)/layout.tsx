import { getTranslations } from "next-intl/server";
import { ClientMessages } from "../_i18n/client-messages";
import { LocaleSwitcher } from "../_components/app/locale-switcher";
import { Logo } from "../_components/app/logo";

export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations("app");
  return (
    <ClientMessages part="auth">
      <main className="flex min-h-screen flex-col items-center justify-center px-4 py-10">
        <div className="w-full max-w-sm">
          <div className="mb-8 text-center">
            <Logo className="text-xl" />
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t("tagline")}</p>
          </div>
          {children}
          <div className="mt-6 flex justify-center">
            <LocaleSwitcher signedIn={false} />
          </div>
        </div>
      </main>
    </ClientMessages>
  );
}
