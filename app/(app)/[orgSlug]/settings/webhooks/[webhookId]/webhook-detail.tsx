"use client";

import { useInfiniteQuery, useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { ArrowLeft, Pencil, Power, RefreshCw, RotateCcw, Send, Trash2 } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { ALL_EVENTS } from "@/server/webhooks/events";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Badge, Card, EmptyState, Skeleton } from "@/app/_components/ui/card";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Select } from "@/app/_components/ui/field";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { DELIVERY_STATUSES } from "@/server/webhooks/schema";
import { parseDeliveryStatus } from "../filters";
import { ActiveBadge, DeliveryStatusBadge, SecretDialog, useEventLabel } from "../shared";
import { WebhookFormDialog } from "../webhook-form";

type Outcome = { status: "pending" | "succeeded" | "failed"; statusCode: number | null; error: string | null; durationMs: number };

export function WebhookDetail({ webhookId }: { webhookId: string }) {
  const t = useTranslations("webhooks");
  const tc = useTranslations("common");
  const format = useFormatter();
  const label = useEventLabel();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  const status = parseDeliveryStatus(sp.get("status"));
  const { data: hook } = useSuspenseQuery(trpc.webhook.get.queryOptions({ orgSlug: org.slug, webhookId }));
  const log = useInfiniteQuery(
    trpc.webhook.deliveries.infiniteQueryOptions({ orgSlug: org.slug, webhookId, status, limit: 25 }, { getNextPageParam: (l) => l.nextCursor ?? undefined }),
  );
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState<"rotate" | "delete" | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [testResult, setTestResult] = useState<Outcome | null>(null);
  const update = useMutation(trpc.webhook.update.mutationOptions());
  const rotate = useMutation(trpc.webhook.rotateSecret.mutationOptions());
  const del = useMutation(trpc.webhook.delete.mutationOptions());
  const test = useMutation(trpc.webhook.test.mutationOptions());
  const redeliver = useMutation(trpc.webhook.redeliver.mutationOptions());
  const refresh = async () => {
    await Promise.all([
      qc.invalidateQueries({ queryKey: trpc.webhook.get.queryKey({ orgSlug: org.slug, webhookId }) }),
      qc.invalidateQueries({ queryKey: trpc.webhook.deliveries.pathKey() }),
      qc.invalidateQueries({ queryKey: trpc.webhook.list.pathKey() }),
    ]);
  };
  const setStatus = (value: string) => {
    const p = new URLSearchParams(sp.toString());
    if (value) p.set("status", value);
    else p.delete("status");
    const qs = p.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
  const describe = (o: Outcome) => (o.status === "succeeded" ? t("testOk", { code: o.statusCode ?? 0, ms: o.durationMs }) : t("testFailed", { error: o.error ?? `HTTP ${o.statusCode}` }));
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "medium" });

  return (
    <div className="space-y-6">
      <Link href={`/${org.slug}/settings/webhooks`} className="inline-flex items-center gap-1 text-sm text-brand-600 hover:underline">
        <ArrowLeft className="size-4" aria-hidden /> {t("back")}
      </Link>

      <Card className="space-y-4 p-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h2 className="break-all font-mono text-base font-semibold" data-testid="webhook-url">
              {hook.url}
            </h2>
            {hook.description && <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{hook.description}</p>}
            <div className="mt-2 flex flex-wrap items-center gap-2 text-xs">
              <ActiveBadge active={hook.active} />
              <Badge>{hook.format === "slack" ? t("formatSlack") : t("formatJson")}</Badge>
            </div>
          </div>
          <div className="flex flex-wrap gap-2">
            <Button
              variant="secondary"
              size="sm"
              loading={test.isPending}
              data-testid="webhook-send-test"
              onClick={async () => {
                try {
                  const r = await test.mutateAsync({ orgSlug: org.slug, webhookId });
                  setTestResult(r);
                } catch (e) {
                  showServerError(e);
                } finally {
                  await refresh();
                }
              }}
            >
              <Send className="size-4" aria-hidden /> {t("sendTest")}
            </Button>
            <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
              <Pencil className="size-4" aria-hidden /> {tc("edit")}
            </Button>
            <Button
              variant="secondary"
              size="sm"
              loading={update.isPending}
              onClick={async () => {
                try {
                  await update.mutateAsync({
                    orgSlug: org.slug,
                    webhookId,
                    version: hook.version,
                    url: hook.url,
                    description: hook.description,
                    events: hook.events as never,
                    format: hook.format,
                    active: !hook.active,
                  });
                  toast.success(hook.active ? t("disabledToast") : t("enabledToast"));
                } catch (e) {
                  showServerError(e, { onReload: refresh, reloadLabel: tc("reload") });
                } finally {
                  await refresh();
                }
              }}
            >
              <Power className="size-4" aria-hidden /> {hook.active ? t("disable") : t("enable")}
            </Button>
            <Button variant="secondary" size="sm" onClick={() => setConfirm("rotate")}>
              <RotateCcw className="size-4" aria-hidden /> {t("rotate")}
            </Button>
            <Button variant="ghost" size="sm" onClick={() => setConfirm("delete")}>
              <Trash2 className="size-4 text-red-600" aria-hidden /> {tc("delete")}
            </Button>
          </div>
        </div>
        {testResult && (
          <p
            role="status"
            data-testid="webhook-test-result"
            className={
              testResult.status === "succeeded"
                ? "rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-900/30 dark:text-emerald-200"
                : "rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-900/30 dark:text-red-200"
            }
          >
            {describe(testResult)}
          </p>
        )}
        <div>
          <div className="text-xs font-semibold uppercase tracking-wide text-zinc-500">{t("events")}</div>
          <div className="mt-1 flex flex-wrap gap-1.5">
            {hook.events.includes(ALL_EVENTS) ? (
              <Badge>{t("allEvents")}</Badge>
            ) : (
              hook.events.map((e) => (
                <Badge key={e} title={e}>
                  {label(e)}
                </Badge>
              ))
            )}
          </div>
        </div>
        <p className="text-xs text-zinc-500">{t("verifyHelp")}</p>
      </Card>

      <section aria-labelledby="deliveries-title" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id="deliveries-title" className="text-lg font-semibold">
              {t("deliveries")}
            </h2>
            <p className="text-xs text-zinc-500">{t("deliveriesIntro")}</p>
          </div>
          <div className="flex items-center gap-2">
            <Select aria-label={t("statusFilter")} value={status ?? ""} onChange={(e) => setStatus(e.target.value)} className="w-40">
              <option value="">{t("all")}</option>
              {DELIVERY_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </Select>
            <Button variant="ghost" size="sm" onClick={() => void refresh()} aria-label={tc("reload")}>
              <RefreshCw className="size-4" aria-hidden />
            </Button>
          </div>
        </div>
        {log.isPending ? (
          <Card className="space-y-2 p-4">
            <Skeleton className="h-5 w-2/3" />
            <Skeleton className="h-5 w-1/2" />
          </Card>
        ) : rows.length === 0 ? (
          <EmptyState title={t("deliveriesEmpty")} />
        ) : (
          <Card className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="webhook-deliveries">
              <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">{t("col.event")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("col.status")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("col.code")}</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">{t("col.attempts")}</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">{t("col.duration")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("col.nextRetry")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("col.time")}</th>
                  <th scope="col" className="px-3 py-2 font-medium"><span className="sr-only">{tc("actions")}</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {rows.map((d) => (
                  <tr key={d.id} className="align-top" data-testid="webhook-delivery-row">
                    <td className="px-3 py-2">
                      <details>
                        <summary className="cursor-pointer" aria-label={t("showPayload", { event: d.event })}>
                          {label(d.event)} <code className="text-xs text-zinc-400">{d.event}</code>
                        </summary>
                        <pre className="mt-2 max-h-64 max-w-xl overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-800">{JSON.stringify(d.payload, null, 2)}</pre>
                      </details>
                    </td>
                    <td className="px-3 py-2"><DeliveryStatusBadge status={d.status} /></td>
                    <td className="px-3 py-2">
                      {d.lastStatusCode ?? "—"}
                      {d.lastError && d.lastError !== `HTTP ${d.lastStatusCode}` && <div className="max-w-xs truncate text-xs text-red-600 dark:text-red-400" title={d.lastError}>{d.lastError}</div>}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{d.attempts}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{d.lastDurationMs === null ? "—" : t("ms", { ms: d.lastDurationMs })}</td>
                    <td className="px-3 py-2 whitespace-nowrap">{d.nextAttemptAt ? when(d.nextAttemptAt) : "—"}</td>
                    <td className="px-3 py-2 whitespace-nowrap"><time dateTime={d.createdAt.toISOString()}>{when(d.createdAt)}</time></td>
                    <td className="px-3 py-1 text-right">
                      <Button
                        variant="ghost"
                        size="sm"
                        loading={redeliver.isPending && redeliver.variables?.deliveryId === d.id}
                        onClick={async () => {
                          try {
                            const r = await redeliver.mutateAsync({ orgSlug: org.slug, deliveryId: d.id });
                            if (r.status === "succeeded") toast.success(t("redeliverOk", { code: r.statusCode ?? 0 }));
                            else toast.error(t("redeliverFailed", { error: r.error ?? `HTTP ${r.statusCode}` }));
                          } catch (e) {
                            showServerError(e);
                          } finally {
                            await refresh();
                          }
                        }}
                      >
                        {t("redeliver")}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        )}
        {log.hasNextPage && (
          <div className="flex justify-center">
            <Button variant="secondary" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
              {tc("loadMore")}
            </Button>
          </div>
        )}
      </section>

      {editing && (
        <WebhookFormDialog
          webhook={hook}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void refresh();
          }}
        />
      )}
      <ConfirmDialog
        open={confirm === "rotate"}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={t("rotateTitle")}
        description={t("rotateBody")}
        confirmLabel={t("rotate")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        variant="primary"
        loading={rotate.isPending}
        onConfirm={async () => {
          try {
            const r = await rotate.mutateAsync({ orgSlug: org.slug, webhookId, version: hook.version });
            setConfirm(null);
            setSecret(r.secret);
          } catch (e) {
            showServerError(e, { onReload: refresh, reloadLabel: tc("reload") });
          } finally {
            await refresh();
          }
        }}
      />
      <ConfirmDialog
        open={confirm === "delete"}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={t("deleteTitle")}
        description={t("deleteBody")}
        confirmLabel={tc("delete")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        loading={del.isPending}
        onConfirm={async () => {
          try {
            await del.mutateAsync({ orgSlug: org.slug, webhookId });
            toast.success(t("deleted"));
            await qc.invalidateQueries({ queryKey: trpc.webhook.list.pathKey() });
            router.push(`/${org.slug}/settings/webhooks`);
          } catch (e) {
            showServerError(e);
          }
        }}
      />
      <SecretDialog secret={secret} onClose={() => setSecret(null)} />
    </div>
  );
}
