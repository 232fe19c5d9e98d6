"use client";

import { useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { ChevronRight, Plus } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ALL_EVENTS } from "@/server/webhooks/events";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Badge, Card, EmptyState } from "@/app/_components/ui/card";
import { useOrg } from "@/app/_components/app/org-context";
import { ActiveBadge, DeliveryStatusBadge, SecretDialog } from "./shared";
import { WebhookFormDialog } from "./webhook-form";

/** The organisation's webhooks; adding one shows its signing secret once, then opens it. */
export function WebhooksClient() {
  const t = useTranslations("webhooks");
  const format = useFormatter();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const { data: hooks } = useSuspenseQuery(trpc.webhook.list.queryOptions({ orgSlug: org.slug }));
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<{ secret: string; id: string } | null>(null);
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.webhook.list.pathKey() });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap justify-between gap-3">
        <p className="max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
        <Button onClick={() => setAdding(true)} data-testid="new-webhook">
          <Plus className="size-4" aria-hidden /> {t("new")}
        </Button>
      </div>
      {hooks.length === 0 ? (
        <EmptyState title={t("emptyTitle")} description={t("emptyBody")} action={<Button onClick={() => setAdding(true)}>{t("new")}</Button>} />
      ) : (
        <Card className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {hooks.map((h) => (
            <Link
              key={h.id}
              href={`/${org.slug}/settings/webhooks/${h.id}`}
              className="flex items-center justify-between gap-3 px-4 py-3 hover:bg-zinc-50 focus-visible:bg-zinc-50 dark:hover:bg-zinc-800/50 dark:focus-visible:bg-zinc-800/50"
              data-testid="webhook-row"
            >
              <div className="min-w-0">
                <div className="truncate font-mono text-sm font-medium">{h.url}</div>
                <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-zinc-500">
                  <ActiveBadge active={h.active} />
                  <Badge>{h.format === "slack" ? t("formatSlack") : t("formatJson")}</Badge>
                  <span>{h.events.includes(ALL_EVENTS) ? t("allEvents") : t("eventsCount", { count: h.events.length })}</span>
                  {h.description && <span className="truncate">· {h.description}</span>}
                  <span>
                    ·{" "}
                    {h.lastDelivery ? (
                      <span className="inline-flex items-center gap-1">
                        <DeliveryStatusBadge status={h.lastDelivery.status} />
                        {format.relativeTime(h.lastDelivery.createdAt)}
                      </span>
                    ) : (
                      t("neverDelivered")
                    )}
                  </span>
                </div>
              </div>
              <ChevronRight className="size-4 shrink-0 text-zinc-400" aria-hidden />
              <span className="sr-only">{t("manage")}</span>
            </Link>
          ))}
        </Card>
      )}
      {adding && (
        <WebhookFormDialog
          webhook={null}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            void invalidate();
          }}
          onCreated={(secret, id) => setCreated({ secret, id })}
        />
      )}
      <SecretDialog
        secret={created?.secret ?? null}
        onClose={() => {
          const id = created?.id;
          setCreated(null);
          if (id) router.push(`/${org.slug}/settings/webhooks/${id}`);
        }}
      />
    </div>
  );
}
