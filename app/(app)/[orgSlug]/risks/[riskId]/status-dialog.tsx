"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Textarea } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import type { RiskView } from "./types";

/** Moves a risk to treating, monitoring, closed (a reason is required) or back to identified. */
export function StatusDialog({ risk: r, to, onClose }: { risk: RiskView; to: "treating" | "monitoring" | "closed" | "identified"; onClose: () => void }) {
  const t = useTranslations("risks.statusDialog");
  const tc = useTranslations("common");
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  const setStatus = useMutation(trpc.risk.setStatus.mutationOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.risk.pathKey() });
  const closing = to === "closed";

  const submit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    setError(undefined);
    if (closing && !reason.trim()) {
      setError(t("reasonRequired"));
      return;
    }
    try {
      await setStatus.mutateAsync({ orgSlug: org.slug, riskId: r.id, version: r.version, status: to, reason: reason.trim() });
      toast.success(t("done"));
      await refresh();
      onClose();
    } catch (e) {
      const msg = errorData(e).fieldErrors?.reason?.join(" ");
      if (msg) setError(msg);
      else showServerError(e, { reloadLabel: tc("reload"), onReload: () => void refresh() });
    }
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t(`title.${to}`)} description={t(`body.${to}`)} closeLabel={tc("close")}>
        <form onSubmit={submit} className="space-y-4" noValidate data-testid="status-form">
          <Field label={closing ? t("reason") : t("note")} error={error} hint={closing ? t("reasonHint") : t("noteHint")}>
            {(p) => <Textarea {...p} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} autoFocus data-testid="status-reason" />}
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" variant={closing ? "danger" : "primary"} loading={setStatus.isPending} data-testid="status-submit">
              {t(`submit.${to}`)}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
