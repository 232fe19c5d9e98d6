"use client";

/**
 * The app shell's dropdown menus (organisation switcher, notifications, user menu) on Radix: loaded on
 * first use through LazyMenu (../ui/lazy-menu.tsx), so the shell's first load does not carry Radix.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { CheckCheck, LogOut, Moon, Sun, User } from "lucide-react";
import { useFormatter, useNow, useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useSyncExternalStore } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import { useTRPC } from "@/app/_trpc/react";
import type { AppRouter } from "@/server/api/root";
import { cn } from "../ui/cn";
import { Menu, MenuContent, MenuItem, MenuLabel, MenuSeparator, MenuTrigger } from "../ui/dropdown";
import type { MenuTriggerLook } from "../ui/lazy-menu";
import { showServerError } from "./errors";
import { useOrg } from "./org-context";

type Look = { trigger: MenuTriggerLook; defaultOpen: boolean };

function Trigger({ trigger: { children, ...look } }: { trigger: MenuTriggerLook }) {
  return <MenuTrigger {...look}>{children}</MenuTrigger>;
}

/** The organisation switcher of the sidebar. */
export function OrgMenu({ trigger, defaultOpen, orgs }: Look & { orgs: { id: string; slug: string; name: string }[] }) {
  const t = useTranslations("nav");
  const org = useOrg();
  return (
    <Menu defaultOpen={defaultOpen}>
      <Trigger trigger={trigger} />
      <MenuContent align="start" className="w-60">
        <MenuLabel>{t("organisations")}</MenuLabel>
        {orgs.map((o) => (
          <MenuItem key={o.id} asChild>
            <Link href={`/${o.slug}/dashboard`} className={cn(o.slug === org.slug && "font-semibold")}>
              {o.name}
            </Link>
          </MenuItem>
        ))}
        <MenuSeparator />
        <MenuItem asChild>
          <Link href="/onboarding">{t("newOrganisation")}</Link>
        </MenuItem>
      </MenuContent>
    </Menu>
  );
}

export type NotificationItem = inferRouterOutputs<AppRouter>["notification"]["list"]["items"][number];

/** The notification bell's menu: the latest notifications; opening one marks it read and goes to its page. */
export function NotificationMenu({
  trigger,
  defaultOpen,
  align,
  side,
  items,
  unread,
  isPending,
  isError,
}: Look & {
  align: "start" | "center" | "end";
  side: "top" | "right" | "bottom" | "left";
  items: NotificationItem[];
  unread: number;
  isPending: boolean;
  isError: boolean;
}) {
  const t = useTranslations("notifications");
  const format = useFormatter();
  const now = useNow({ updateInterval: 60_000 });
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const listKey = trpc.notification.list.queryKey({ orgSlug: org.slug });
  const markRead = useMutation(trpc.notification.markRead.mutationOptions());

  /** Marks as read here at once, then on the server; the next poll has the truth either way. */
  const read = async (ids?: string[]) => {
    const at = new Date();
    qc.setQueryData(listKey, (old) => {
      if (!old) return old;
      let marked = 0;
      const next = old.items.map((n) => {
        if (n.readAt || (ids && !ids.includes(n.id))) return n;
        marked++;
        return { ...n, readAt: at };
      });
      return { items: next, unread: ids ? Math.max(0, old.unread - marked) : 0 };
    });
    try {
      await markRead.mutateAsync({ orgSlug: org.slug, ids });
    } catch (e) {
      showServerError(e);
    } finally {
      await qc.invalidateQueries({ queryKey: trpc.notification.list.pathKey() });
    }
  };

  const title = (n: { kind: string; params: Record<string, string> }) => {
    const params = { ...n.params, title: n.params.title ?? "" };
    return t.has(`kind.${n.kind}`) ? t(`kind.${n.kind}`, params) : t("kind.other", params);
  };

  return (
    <Menu defaultOpen={defaultOpen}>
      <Trigger trigger={trigger} />
      <MenuContent align={align} side={side} className="w-80 max-w-[calc(100vw-1rem)] p-0">
        <div className="flex items-center justify-between gap-2 px-3 py-2">
          <MenuLabel className="p-0 text-sm font-semibold text-zinc-900 dark:text-zinc-100">{t("title")}</MenuLabel>
          {unread > 0 && (
            <MenuItem
              className="gap-1 px-1.5 py-0.5 text-xs font-medium text-brand-600 data-[highlighted]:bg-brand-50 dark:data-[highlighted]:bg-brand-600/15"
              onSelect={(e) => {
                e.preventDefault();
                void read();
              }}
              data-testid="mark-all-read"
            >
              <CheckCheck className="size-3.5" aria-hidden /> {t("markAllRead")}
            </MenuItem>
          )}
        </div>
        <MenuSeparator />
        <div className="max-h-96 overflow-y-auto p-1">
          {isPending ? (
            <p className="px-2 py-6 text-center text-sm text-zinc-500">{t("loading")}</p>
          ) : isError ? (
            <p className="px-2 py-6 text-center text-sm text-zinc-500">{t("loadFailed")}</p>
          ) : items.length === 0 ? (
            <p className="px-2 py-6 text-center text-sm text-zinc-500">{t("empty")}</p>
          ) : (
            items.map((n) => (
              <MenuItem
                key={n.id}
                className="items-start gap-2.5 py-2"
                data-testid="notification-item"
                data-unread={n.readAt ? undefined : "true"}
                onSelect={() => {
                  if (!n.readAt) void read([n.id]);
                  if (n.link) router.push(n.link);
                }}
              >
                <span className={cn("mt-1.5 size-2 shrink-0 rounded-full", n.readAt ? "bg-transparent" : "bg-brand-600")} aria-hidden />
                <span className="min-w-0 flex-1">
                  <span className={cn("block break-words", !n.readAt && "font-medium")}>
                    {!n.readAt && <span className="sr-only">{t("unread")}: </span>}
                    {title(n)}
                  </span>
                  <time className="block text-xs text-zinc-500" dateTime={n.createdAt.toISOString()}>
                    {format.relativeTime(n.createdAt, now)}
                  </time>
                </span>
              </MenuItem>
            ))
          )}
        </div>
      </MenuContent>
    </Menu>
  );
}

/** The user menu of the sidebar: account, light/dark mode, sign out. */
export function UserMenuPanel({ trigger, defaultOpen, email }: Look & { email: string }) {
  const t = useTranslations("nav");
  const org = useOrg();
  const dark = useSyncExternalStore(subscribeTheme, isDark, () => false);
  const toggleTheme = () => {
    const next = !dark;
    document.documentElement.classList.toggle("dark", next);
    localStorage.setItem("theme", next ? "dark" : "light");
  };
  return (
    <Menu defaultOpen={defaultOpen}>
      <Trigger trigger={trigger} />
      <MenuContent align="start" side="top" className="w-56">
        <div className="px-2 py-1.5 text-xs text-zinc-500">{email}</div>
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
