"use client";

import { LogOut, Moon, Sun, User } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useSyncExternalStore } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import { Menu, MenuContent, MenuItem, MenuSeparator, MenuTrigger } from "../ui/dropdown";
import { LocaleSwitcher } from "./locale-switcher";
import { useOrg } from "./org-context";

export function UserMenu({ me }: { me: { name: string; email: string } }) {
  const t = useTranslations("nav");
  const tr = useTranslations("roles");
  const org = useOrg();
  const dark = useSyncExternalStore(subscribeTheme, isDark, () => false);
  const toggleTheme = () => {
    const next = !dark;
    document.documentElement.classList.toggle("dark", next);
    localStorage.setItem("theme", next ? "dark" : "light");
  };
  return (
    <div className="space-y-2">
      <Menu>
        <MenuTrigger
          className="flex w-full items-center gap-2 rounded-md px-2 py-2 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
          data-testid="user-menu"
        >
          <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-700">
            {initials(me.name)}
          </span>
          <span className="min-w-0">
            <span className="block truncate font-medium">{me.name}</span>
            <span className="block truncate text-xs text-zinc-500">{tr(org.role)}</span>
          </span>
        </MenuTrigger>
        <MenuContent align="start" side="top" className="w-56">
          <div className="px-2 py-1.5 text-xs text-zinc-500">{me.email}</div>
          <MenuSeparator />
          <MenuItem asChild>
            <Link href={`/${org.slug}/account`}>
              <User className="size-4" aria-hidden /> {t("account")}
            </Link>
          </MenuItem>
          <MenuItem onSelect={toggleTheme}>
            {dark ? <Sun className="size-4" aria-hidden /> : <Moon className="size-4" aria-hidden />}
            {dark ? t("lightMode") : t("darkMode")}
          </MenuItem>
          <MenuSeparator />
          <MenuItem onSelect={() => void signOutAction()} data-testid="sign-out">
            <LogOut className="size-4" aria-hidden /> {t("signOut")}
          </MenuItem>
        </MenuContent>
      </Menu>
      <div className="px-2">
        <LocaleSwitcher signedIn />
      </div>
    </div>
  );
}

function isDark() {
  return document.documentElement.classList.contains("dark");
}

function subscribeTheme(onChange: () => void) {
  const obs = new MutationObserver(onChange);
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => obs.disconnect();
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "")).toUpperCase() || "?";
}
