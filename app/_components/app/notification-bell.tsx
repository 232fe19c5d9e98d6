"use client";

import { useQuery } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/app/_trpc/react";
import { cn } from "../ui/cn";
import { LazyMenu } from "../ui/lazy-menu";
import { useOrg } from "./org-context";

/** How often the bell asks for new notifications. */
const POLL_MS = 30_000;

const loadMenu = () => import("./shell-menus").then((m) => m.NotificationMenu);

/**
 * The notification bell: unread count, and a menu of the latest notifications (./shell-menus.tsx,
 * loaded on first use). Opening one marks it read and goes to its page. Polls every 30 s and when the
 * window regains focus.
 */
export function NotificationBell({
  className,
  align = "end",
  side = "bottom",
}: {
  className?: string;
  align?: "start" | "center" | "end";
  side?: "top" | "right" | "bottom" | "left";
}) {
  const t = useTranslations("notifications");
  const org = useOrg();
  const trpc = useTRPC();
  const list = useQuery(
    trpc.notification.list.queryOptions({ orgSlug: org.slug }, { refetchInterval: POLL_MS, refetchOnWindowFocus: true, staleTime: 10_000 }),
  );
  const unread = list.data?.unread ?? 0;
  const badge = unread > 99 ? "99+" : String(unread);

  return (
    <LazyMenu
      load={loadMenu}
      props={{ align, side, items: list.data?.items ?? [], unread, isPending: list.isPending, isError: list.isError && !list.data }}
      trigger={{
        className: cn(
          "relative inline-flex size-9 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100",
          className,
        ),
        "aria-label": t("bellLabel", { count: unread }),
        "data-testid": "notification-bell",
        children: (
          <>
            <Bell className="size-5" aria-hidden />
            {unread > 0 && (
              <span
                className="absolute -right-0.5 -top-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-red-600 px-1 text-[10px] font-semibold leading-none text-white tabular-nums"
                aria-hidden
                data-testid="notification-count"
              >
                {badge}
              </span>
            )}
          </>
        ),
      }}
    />
  );
}
