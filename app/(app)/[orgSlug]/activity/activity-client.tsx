"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ChevronDown } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Card, EmptyState, Skeleton } from "@/app/_components/ui/card";
import { Input, Select } from "@/app/_components/ui/field";
import { useOrg } from "@/app/_components/app/org-context";
import { ENTITY_TYPES, parseActivityFilters } from "./filters";

export function ActivityClient() {
  const t = useTranslations("activity");
  const tc = useTranslations("common");
  const tr = useTranslations("roles");
  const format = useFormatter();
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  const filters = parseActivityFilters(new URLSearchParams(sp.toString()));
  const events = useInfiniteQuery(
    trpc.activity.list.infiniteQueryOptions({ orgSlug: org.slug, limit: 50, ...filters }, { getNextPageParam: (l) => l.nextCursor ?? undefined }),
  );
  const members = useQuery(trpc.member.list.queryOptions({ orgSlug: org.slug, limit: 100 }));
  const setParam = (key: string, value: string) => {
    const p = new URLSearchParams(sp.toString());
    if (value) p.set(key, value);
    else p.delete(key);
    const qs = p.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
  const rows = events.data?.pages.flatMap((p) => p.items) ?? [];
  const anyFilter = ["actor", "type", "from", "to"].some((k) => sp.get(k));

  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <Select aria-label={t("actor")} value={sp.get("actor") ?? ""} onChange={(e) => setParam("actor", e.target.value)}>
          <option value="">{t("anyone")}</option>
          {members.data?.items.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </Select>
        <Select aria-label={t("entityType")} value={sp.get("type") ?? ""} onChange={(e) => setParam("type", e.target.value)}>
          <option value="">{t("anyType")}</option>
          {ENTITY_TYPES.map((e) => (
            <option key={e} value={e}>
              {t(`entity.${e}`)}
            </option>
          ))}
        </Select>
        <label className="flex items-center gap-2 text-sm">
          <span className="shrink-0 text-zinc-500">{t("from")}</span>
          <Input type="date" value={sp.get("from") ?? ""} onChange={(e) => setParam("from", e.target.value)} />
        </label>
        <label className="flex items-center gap-2 text-sm">
          <span className="shrink-0 text-zinc-500">{t("to")}</span>
          <Input type="date" value={sp.get("to") ?? ""} onChange={(e) => setParam("to", e.target.value)} />
        </label>
        {anyFilter && (
          <Link href={pathname} className="self-center text-sm text-brand-600 hover:underline">
            {t("clearFilters")}
          </Link>
        )}
      </div>
      <Card className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {events.isPending && Array.from({ length: 4 }, (_, i) => <div key={i} className="p-4"><Skeleton className="h-5 w-2/3" /></div>)}
        {rows.map((e) => (
          <details key={e.id} className="group px-4 py-3" data-testid="activity-row">
            <summary className="flex cursor-pointer list-none items-start justify-between gap-3">
              <span className="text-sm">
                <span className="font-medium">{e.actorName ?? t("someone")}</span>{" "}
                {e.apiKeyName != null && (
                  <span className="mr-1 rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
                    {t("viaApiKey", { name: e.apiKeyName })}
                  </span>
                )}
                {t.has(`action.${e.entityType}.${e.action}`) ? t(`action.${e.entityType}.${e.action}`, { name: e.action === "update_role" ? roleName(tr, e.after) : describe(e.after ?? e.before) }) : `${e.entityType} · ${e.action}`}
              </span>
              <span className="flex shrink-0 items-center gap-1 text-xs text-zinc-500">
                <time dateTime={e.createdAt.toISOString()}>{format.dateTime(e.createdAt, { dateStyle: "medium", timeStyle: "short" })}</time>
                <ChevronDown className="size-3.5 transition-transform group-open:rotate-180" aria-hidden />
              </span>
            </summary>
            <div className="mt-3 grid gap-3 text-xs md:grid-cols-2">
              {e.before != null && (
                <div>
                  <div className="mb-1 font-medium text-zinc-500">{t("before")}</div>
                  <pre className="overflow-x-auto rounded bg-zinc-100 p-2 dark:bg-zinc-800">{JSON.stringify(e.before, null, 2)}</pre>
                </div>
              )}
              {e.after != null && (
                <div>
                  <div className="mb-1 font-medium text-zinc-500">{t("after")}</div>
                  <pre className="overflow-x-auto rounded bg-zinc-100 p-2 dark:bg-zinc-800">{JSON.stringify(e.after, null, 2)}</pre>
                </div>
              )}
            </div>
          </details>
        ))}
        {!events.isPending && rows.length === 0 && (
          <div className="p-6">
            <EmptyState title={t("emptyTitle")} description={anyFilter ? t("emptyFiltered") : t("emptyBody")} />
          </div>
        )}
      </Card>
      {events.hasNextPage && (
        <div className="text-center">
          <Button variant="secondary" loading={events.isFetchingNextPage} onClick={() => events.fetchNextPage()}>
            {tc("loadMore")}
          </Button>
        </div>
      )}
    </div>
  );
}

function roleName(tr: (k: string) => string, v: unknown): string {
  const role = v && typeof v === "object" ? (v as Record<string, unknown>).role : undefined;
  return typeof role === "string" ? tr(role) : "";
}

function describe(v: unknown): string {
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const s = o.name ?? o.email ?? o.slug ?? o.role;
    if (typeof s === "string") return s;
  }
  return "";
}
