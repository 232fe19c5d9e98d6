import type { Metadata } from "next";
import localFont from "next/font/local";
import { getLocale, getTranslations } from "next-intl/server";
import { headers } from "next/headers";
import { ToasterHost } from "./_components/ui/toast";
import { ClientMessages } from "./_i18n/client-messages";
import { TRPCReactProvider } from "./_trpc/react";
import "./globals.css";

const inter = localFont({
  src: "./_fonts/inter-latin-wght-normal.woff2",
  variable: "--font-inter",
  display: "swap",
  weight: "100 900",
});

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return { title: { default: "Lodestar", template: "%s · Lodestar" }, description: t("tagline") };
}

// Sets the theme class before first paint, so dark mode does not flash.
const themeScript = `try{var t=localStorage.getItem("theme");if(t==="dark"||(!t&&matchMedia("(prefers-color-scheme: dark)").matches))document.documentElement.classList.add("dark")}catch(e){}`;

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [locale, nonce] = await Promise.all([getLocale(), headers().then((h) => h.get("x-nonce") ?? undefined)]);
  return (
    <html lang={locale} className={inter.variable} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen font-sans">
        <ClientMessages part="base">
          <TRPCReactProvider>
            {children}
            <ToasterHost richColors closeButton position="top-right" />
          </TRPCReactProvider>
        </ClientMessages>
      </body>
    </html>
  );
}
