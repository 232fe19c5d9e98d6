"use client";

import { Check, Copy } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Badge } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { cn } from "@/app/_components/ui/cn";

export type DeliveryStatus = "pending" | "succeeded" | "failed";

/** The label of an event type ("risk.created" → "Risk identified"); unknown types show as they are. */
export function useEventLabel() {
  const t = useTranslations("webhooks.eventLabels");
  return (event: string) => {
    const key = event.replace(/\./g, "_");
    return t.has(key) ? t(key) : event;
  };
}

const STATUS_CLASS: Record<DeliveryStatus, string> = {
  pending: "bg-amber-50 text-amber-800 dark:bg-amber-900/30 dark:text-amber-200",
  succeeded: "bg-emerald-50 text-emerald-800 dark:bg-emerald-900/30 dark:text-emerald-200",
  failed: "bg-red-50 text-red-800 dark:bg-red-900/30 dark:text-red-200",
};

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const t = useTranslations("webhooks.status");
  return <Badge className={STATUS_CLASS[status]}>{t(status)}</Badge>;
}

export function ActiveBadge({ active }: { active: boolean }) {
  const t = useTranslations("webhooks");
  return (
    <Badge className={cn(active ? "bg-emerald-50 text-emerald-800 dark:bg-emerald-900/30 dark:text-emerald-200" : "")}>
      {active ? t("active") : t("inactive")}
    </Badge>
  );
}

/** Shows a freshly made signing secret, once, with a copy button. */
export function SecretDialog({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const t = useTranslations("webhooks");
  const tc = useTranslations("common");
  const [copied, setCopied] = useState(false);
  return (
    <Dialog open={!!secret} onOpenChange={(o) => !o && onClose()}>
      {secret && (
        <DialogContent title={t("secretTitle")} description={t("secretBody")} closeLabel={tc("close")}>
          <div className="flex items-center gap-2">
            <code data-testid="webhook-secret" className="min-w-0 flex-1 break-all rounded-md bg-zinc-100 px-3 py-2 font-mono text-sm dark:bg-zinc-800">
              {secret}
            </code>
            <Button
              variant="secondary"
              size="sm"
              onClick={async () => {
                try {
                  await navigator.clipboard.writeText(secret);
                  setCopied(true);
                } catch {
                  setCopied(false);
                }
              }}
            >
              {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
              {copied ? t("copied") : t("copy")}
            </Button>
          </div>
          <p className="mt-3 text-xs text-zinc-500">{t("verifyHelp")}</p>
          <div className="mt-4 flex justify-end">
            <Button onClick={onClose}>{t("secretDone")}</Button>
          </div>
        </DialogContent>
      )}
    </Dialog>
  );
}
