"use client";

import {
  Activity,
  CheckSquare,
  ChevronsUpDown,
  ClipboardCheck,
  LayoutDashboard,
  ListTodo,
  Megaphone,
  Menu as MenuIcon,
  Package,
  RefreshCcw,
  Settings,
  ShieldAlert,
  Target,
  X,
} from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { can, type Role } from "@/server/rbac/permissions";
import { cn } from "../ui/cn";
import { LazyMenu } from "../ui/lazy-menu";
import { Logo } from "./logo";
import { OrgProvider, type OrgInfo } from "./org-context";
import { UserMenu } from "./user-menu";
import { NotificationBell } from "./notification-bell";
import { ApprovalsBadge } from "./approvals-badge";

const loadOrgMenu = () => import("./shell-menus").then((m) => m.OrgMenu);

const NAV = [
  { key: "dashboard", icon: LayoutDashboard },
  { key: "myWork", icon: ListTodo, path: "my-work" },
  { key: "okrs", icon: Target },
  { key: "review", icon: ClipboardCheck },
  { key: "campaigns", icon: Megaphone },
  { key: "products", icon: Package },
  { key: "risks", icon: ShieldAlert },
  { key: "retros", icon: RefreshCcw },
  { key: "approvals", icon: CheckSquare },
  { key: "activity", icon: Activity, permission: "audit.read" as const },
  { key: "settings", icon: Settings },
] as const;

export function AppShell({
  org,
  orgs,
  me,
  children,
}: {
  org: OrgInfo;
  orgs: { id: string; slug: string; name: string; role: Role }[];
  me: { name: string; email: string };
  children: React.ReactNode;
}) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    document.cookie = `lodestar_org=${org.slug}; path=/; max-age=${365 * 86400}; samesite=lax`;
  }, [org.slug]);
  // Close the mobile menu on navigation.
  const [lastPath, setLastPath] = useState(pathname);
  if (lastPath !== pathname) {
    setLastPath(pathname);
    setOpen(false);
  }

  const sidebar = (
    <nav aria-label={t("main")} className="flex h-full flex-col gap-1 p-3">
      <div className="mb-3 flex items-center justify-between px-2">
        <Logo />
        <NotificationBell align="start" />
      </div>
      <LazyMenu
        load={loadOrgMenu}
        props={{ orgs }}
        trigger={{
          className:
            "mb-3 flex w-full items-center justify-between gap-2 rounded-md border border-zinc-200 bg-white px-3 py-2 text-left text-sm font-medium hover:bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:bg-zinc-800",
          "data-testid": "org-switcher",
          children: (
            <>
              <span className="truncate">{org.name}</span>
              <ChevronsUpDown className="size-4 shrink-0 text-zinc-500" aria-hidden />
            </>
          ),
        }}
      />
      {NAV.filter((n) => !("permission" in n) || can(org.role, n.permission)).map((n) => {
        const { key, icon: Icon } = n;
        const href = `/${org.slug}/${"path" in n ? n.path : key}`;
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={key}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium",
              active
                ? "bg-brand-50 text-brand-700 dark:bg-brand-600/15 dark:text-brand-100"
                : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
            )}
          >
            <Icon className="size-4" aria-hidden />
            {t(key)}
            {key === "approvals" && <ApprovalsBadge />}
          </Link>
        );
      })}
      <div className="mt-auto border-t border-zinc-200 pt-3 dark:border-zinc-800">
        <UserMenu me={me} />
      </div>
    </nav>
  );

  return (
    <OrgProvider value={org}>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
        {t("skipToContent")}
      </a>
      <div className="flex min-h-screen">
        <aside className="no-print sticky top-0 hidden h-screen w-60 shrink-0 border-r border-zinc-200 bg-zinc-50 md:block dark:border-zinc-800 dark:bg-zinc-950">
          {sidebar}
        </aside>
        {open && (
          <div className="fixed inset-0 z-40 md:hidden" role="dialog" aria-modal="true" aria-label={t("main")}>
            <div className="absolute inset-0 bg-black/40" onClick={() => setOpen(false)} />
            <aside className="absolute inset-y-0 left-0 w-64 bg-zinc-50 shadow-xl dark:bg-zinc-950">
              <button
                className="absolute right-2 top-2 rounded p-2 hover:bg-zinc-200 dark:hover:bg-zinc-800"
                onClick={() => setOpen(false)}
                aria-label={t("closeMenu")}
              >
                <X className="size-4" />
              </button>
              {sidebar}
            </aside>
          </div>
        )}
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="no-print flex items-center gap-3 border-b border-zinc-200 px-4 py-2 md:hidden dark:border-zinc-800">
            <button className="rounded p-2 hover:bg-zinc-100 dark:hover:bg-zinc-800" onClick={() => setOpen(true)} aria-label={t("openMenu")}>
              <MenuIcon className="size-5" />
            </button>
            <Logo />
            <span className="ml-auto truncate text-sm text-zinc-600 dark:text-zinc-400">{org.name}</span>
            <NotificationBell />
          </header>
          <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 md:px-8 md:py-8">
            {children}
          </main>
        </div>
      </div>
    </OrgProvider>
  );
}

