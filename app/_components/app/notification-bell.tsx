"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, CheckCheck } from "lucide-react";
import { useFormatter, useNow, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/app/_trpc/react";
import { cn } from "../ui/cn";
import { Menu, MenuContent, MenuItem, MenuLabel, MenuSeparator, MenuTrigger } from "../ui/dropdown";
import { showServerError } from "./errors";
import { useOrg } from "./org-context";

/** How often the bell asks for new notifications. */
const POLL_MS = 30_000;

/**
 * The notification bell: unread count, and a menu of the latest notifications. Opening one marks it
 * read and goes to its page. Polls every 30 s and when the window regains focus.
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
  const format = useFormatter();
  const now = useNow({ updateInterval: 60_000 });
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const listOptions = trpc.notification.list.queryOptions(
    { orgSlug: org.slug },
    { refetchInterval: POLL_MS, refetchOnWindowFocus: true, staleTime: 10_000 },
  );
  const list = useQuery(listOptions);
  const markRead = useMutation(trpc.notification.markRead.mutationOptions());
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];

  /** Marks as read here at once, then on the server; the next poll has the truth either way. */
  const read = async (ids?: string[]) => {
    const at = new Date();
    qc.setQueryData(listOptions.queryKey, (old) => {
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
  const badge = unread > 99 ? "99+" : String(unread);

  return (
    <Menu>
      <MenuTrigger
        className={cn(
          "relative inline-flex size-9 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100",
          className,
        )}
        aria-label={t("bellLabel", { count: unread })}
        data-testid="notification-bell"
      >
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
      </MenuTrigger>
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
          {list.isPending ? (
            <p className="px-2 py-6 text-center text-sm text-zinc-500">{t("loading")}</p>
          ) : list.isError && !list.data ? (
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
                <span
                  className={cn("mt-1.5 size-2 shrink-0 rounded-full", n.readAt ? "bg-transparent" : "bg-brand-600")}
                  aria-hidden
                />
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
