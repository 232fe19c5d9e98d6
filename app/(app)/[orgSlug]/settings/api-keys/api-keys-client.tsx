"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { FileJson, KeyRound, Plus } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Badge, Card, EmptyState } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";

// The form (react-hook-form + zod) loads when the dialog opens, not with the page.
const CreateKeyDialog = dynamic(() => import("./create-key-dialog").then((m) => m.CreateKeyDialog));

export function ApiKeysClient() {
  const t = useTranslations("apiKeys");
  const tc = useTranslations("common");
  const tr = useTranslations("roles");
  const locale = useLocale();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { data: keys } = useSuspenseQuery(trpc.apiKey.list.queryOptions({ orgSlug: org.slug }));
  const revoke = useMutation(trpc.apiKey.revoke.mutationOptions());
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.apiKey.list.queryKey({ orgSlug: org.slug }) });

  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const [now] = useState(() => Date.now());
  const status = (k: (typeof keys)[number]) =>
    k.revokedAt ? "revoked" : k.expiresAt && k.expiresAt.getTime() <= now ? "expired" : "active";

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-2xl space-y-1 text-sm text-zinc-600 dark:text-zinc-400">
          <p>{t("intro")}</p>
          <p>
            {t.rich("usage", { code: (c) => <code className="rounded bg-zinc-100 px-1 py-0.5 text-xs dark:bg-zinc-800">{c}</code> })}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <a
            href="/api/v1/openapi.json"
            target="_blank"
            rel="noopener"
            className="inline-flex items-center gap-1.5 rounded-md border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-brand-600 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            <FileJson className="size-4" aria-hidden />
            {t("openapi")}
          </a>
          <Button onClick={() => setCreating(true)} data-testid="api-key-new">
            <Plus className="size-4" aria-hidden />
            {t("new")}
          </Button>
        </div>
      </div>

      {keys.length === 0 ? (
        <EmptyState
          title={t("emptyTitle")}
          description={t("emptyBody")}
          action={
            <Button variant="secondary" onClick={() => setCreating(true)}>
              <KeyRound className="size-4" aria-hidden />
              {t("new")}
            </Button>
          }
        />
      ) : (
        <Card className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">{t("title")}</caption>
            <thead className="border-b border-zinc-200 text-left text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
              <tr>
                <th scope="col" className="px-4 py-3 font-medium">{t("name")}</th>
                <th scope="col" className="px-4 py-3 font-medium">{t("key")}</th>
                <th scope="col" className="px-4 py-3 font-medium">{t("role")}</th>
                <th scope="col" className="px-4 py-3 font-medium">{t("createdBy")}</th>
                <th scope="col" className="px-4 py-3 font-medium">{t("created")}</th>
                <th scope="col" className="px-4 py-3 font-medium">{t("lastUsed")}</th>
                <th scope="col" className="px-4 py-3 font-medium">{t("expires")}</th>
                <th scope="col" className="px-4 py-3"><span className="sr-only">{tc("actions")}</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {keys.map((k) => {
                const s = status(k);
                return (
                  <tr key={k.id} data-testid={`api-key-row-${k.name}`} className={s === "active" ? "" : "text-zinc-500"}>
                    <td className="px-4 py-3 font-medium">
                      {k.name}
                      {s !== "active" && (
                        <Badge className="ml-2 bg-red-50 text-red-700 dark:bg-red-600/20 dark:text-red-200">
                          {s === "revoked" ? t("revokedOn", { date: date.format(k.revokedAt!) }) : t("expired")}
                        </Badge>
                      )}
                    </td>
                    <td className="px-4 py-3">
                      <code className="text-xs">{k.prefix}…</code>
                    </td>
                    <td className="px-4 py-3"><Badge>{tr(k.role)}</Badge></td>
                    <td className="px-4 py-3">{k.createdBy?.name ?? t("formerMember")}</td>
                    <td className="whitespace-nowrap px-4 py-3">{date.format(k.createdAt)}</td>
                    <td className="whitespace-nowrap px-4 py-3">{k.lastUsedAt ? dateTime.format(k.lastUsedAt) : t("never")}</td>
                    <td className="whitespace-nowrap px-4 py-3">
                      {k.expiresAt ? date.format(new Date(k.expiresAt.getTime() - 1)) : t("noExpiry")}
                    </td>
                    <td className="px-4 py-3 text-right">
                      {!k.revokedAt && (
                        <Button variant="ghost" size="sm" onClick={() => setRevoking({ id: k.id, name: k.name })} aria-label={t("revokeName", { name: k.name })}>
                          <span className="text-red-600">{t("revoke")}</span>
                        </Button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Card>
      )}

      {creating && <CreateKeyDialog onCreated={invalidate} onClose={() => setCreating(false)} />}

      <ConfirmDialog
        open={!!revoking}
        onOpenChange={(o) => !o && setRevoking(null)}
        title={revoking ? t("revokeTitle", { name: revoking.name }) : ""}
        description={t("revokeBody")}
        confirmLabel={t("revoke")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        loading={revoke.isPending}
        confirmTestId="api-key-revoke-confirm"
        onConfirm={async () => {
          if (!revoking) return;
          try {
            await revoke.mutateAsync({ orgSlug: org.slug, apiKeyId: revoking.id });
            toast.success(t("revoked", { name: revoking.name }));
            setRevoking(null);
          } catch (e) {
            showServerError(e);
          } finally {
            await invalidate();
          }
        }}
      />
    </div>
  );
}
