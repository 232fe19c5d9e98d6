"use client";

import { useTranslations } from "next-intl";
import { LazyMenu } from "../ui/lazy-menu";
import { LocaleSwitcher } from "./locale-switcher";
import { useOrg } from "./org-context";

const loadMenu = () => import("./shell-menus").then((m) => m.UserMenuPanel);

/** The sidebar's user button; its menu (account, light/dark mode, sign out) is ./shell-menus.tsx, loaded on first use. */
export function UserMenu({ me }: { me: { name: string; email: string } }) {
  const tr = useTranslations("roles");
  const org = useOrg();
  return (
    <div className="space-y-2">
      <LazyMenu
        load={loadMenu}
        props={{ email: me.email }}
        trigger={{
          className: "flex w-full items-center gap-2 rounded-md px-2 py-2 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800",
          "data-testid": "user-menu",
          children: (
            <>
              <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-700">
                {initials(me.name)}
              </span>
              <span className="min-w-0">
                <span className="block truncate font-medium">{me.name}</span>
                <span className="block truncate text-xs text-zinc-500">{tr(org.role)}</span>
              </span>
            </>
          ),
        }}
      />
      <div className="px-2">
        <LocaleSwitcher signedIn />
      </div>
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "")).toUpperCase() || "?";
}
